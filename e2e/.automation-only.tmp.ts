import { automationJourney } from './automation-journey.ts';
import { apiAs, launchBrowser, runCases, startServer } from './harness.ts';
process.env.TRATO_AUTOMATION_POLL_MS ??= '300';
const server = await startServer();
const browser = await launchBrowser();
let result = { passed: 0, failed: 1 };
try {
  const api = await apiAs(server);
  result = await runCases([
    { name: 'desktop automation', run: () => automationJourney(browser, server, 'desktop', api) },
    { name: 'phone automation', run: () => automationJourney(browser, server, 'phone', api) },
  ]);
} finally {
  await browser.close();
  await server.stop();
}
console.log(`e2e: ${result.passed} passed, ${result.failed} failed`);
process.exit(result.failed > 0 ? 1 : 0);
