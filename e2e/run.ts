import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { actionsJourney } from './actions-journey.ts';
import { automationJourney } from './automation-journey.ts';
import { casesJourney } from './cases-journey.ts';
import { forecastJourney } from './forecast-journey.ts';
import { apiAs, launchBrowser, runCases, startServer } from './harness.ts';
import { entityJourney } from './journey.ts';
import { mailJourney } from './mail-journey.ts';

// Browser tests: the built web app against a real server (embedded PGlite), in Debian's Chromium,
// at desktop and phone sizes. Prints `e2e: N passed, N failed` last, which CI adds to its count.
const ROOT = new URL('../', import.meta.url).pathname;
mkdirSync(`${ROOT}.ci/out`, { recursive: true });
if (process.env.E2E_SKIP_BUILD !== '1') {
  execFileSync('npm', ['run', 'build', '-w', 'apps/web'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

// Rules fire within a second or two of the event's settle time, not the default poll of 2 s.
process.env.TRATO_AUTOMATION_POLL_MS ??= '300';
const server = await startServer();
const browser = await launchBrowser();
let result = { passed: 0, failed: 1 };
try {
  const api = await apiAs(server);
  await api('POST', '/fields', {
    object: 'entity',
    key: 'rating',
    labels: { es: 'Valoración', ca: 'Valoració', en: 'Rating' },
    type: 'number',
  });
  result = await runCases([
    {
      name: 'desktop: log in, create a company with a custom field, add a contact, search unaccented, edit, see the timeline',
      run: () => entityJourney(browser, server, 'desktop'),
    },
    { name: 'phone (375×812): the same journey', run: () => entityJourney(browser, server, 'phone') },
    {
      name: 'desktop: plan a call on the agenda by selecting a slot, drag it to another day, mark it done from the panel',
      run: () => actionsJourney(browser, server, 'desktop', api),
    },
    {
      name: 'phone (375×812): plan a call on the day view, drag it to another hour, mark it done from the panel',
      run: () => actionsJourney(browser, server, 'phone', api),
    },
    {
      name: 'desktop: drag a case to the next column (totals follow, a reload keeps it), a stale drag goes back, a required next action is asked for, open the case',
      run: () => casesJourney(browser, server, 'desktop', api),
    },
    {
      name: 'phone (375×812): one board column at a time, move a case with "Mover a…"',
      run: () => casesJourney(browser, server, 'phone', api),
    },
    {
      name: 'desktop: forecast figures and drill-down, open-cases report saved and exported, a lead converted with an opportunity',
      run: () => forecastJourney(browser, server, 'desktop', api),
    },
    {
      name: 'phone (375×812): the forecast, the report and the lead conversion',
      run: () => forecastJourney(browser, server, 'phone', api),
    },
    {
      name: 'desktop: build a rule in the UI (new urgent case → call for the owner), open such a case, see the call on it and the run in the rule’s log',
      run: () => automationJourney(browser, server, 'desktop', api),
    },
    {
      name: 'phone (375×812): build the same rule on a phone and see it fire',
      run: () => automationJourney(browser, server, 'phone', api),
    },
    {
      name: 'desktop: write a mail from an entity with a template for its contact, see it queued then sent on the timeline (a real SMTP server got it), open it',
      run: () => mailJourney(browser, server, 'desktop', api),
    },
    {
      name: 'phone (375×812): the same mail from a full-screen compose sheet',
      run: () => mailJourney(browser, server, 'phone', api),
    },
  ]);
} finally {
  await browser.close();
  await server.stop();
}
console.log(`e2e: ${result.passed} passed, ${result.failed} failed`);
process.exit(result.failed > 0 ? 1 : 0);
