import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

const ROOT = new URL('../', import.meta.url).pathname;
export const ADMIN = { email: 'admin@example.com', password: 'e2e-admin-password' };

export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 375, height: 812 },
} as const;
export type ViewportName = keyof typeof VIEWPORTS;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface RunningServer {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** The real server (built web app, embedded PGlite) on a fresh data directory, no demo data. */
export async function startServer(): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), 'trato-e2e-'));
  const child: ChildProcess = spawn(process.execPath, ['apps/server/src/main.ts', 'start'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      TRATO_DATA_DIR: dataDir,
      TRATO_DEMO: '0',
      TRATO_ADMIN_EMAIL: ADMIN.email,
      TRATO_ADMIN_PASSWORD: ADMIN.password,
      TRATO_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {}
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    dataDir,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function newContext(
  browser: Browser,
  viewport: ViewportName,
  locale = 'es-ES',
): Promise<BrowserContext> {
  return browser.newContext({
    viewport: VIEWPORTS[viewport],
    locale,
    timezoneId: 'Europe/Madrid',
    ...(viewport === 'phone' && { isMobile: true, hasTouch: true, deviceScaleFactor: 2 }),
  });
}

/** Signs in through the API from the page, so later navigation carries the session cookie. */
export async function apiAs(server: RunningServer, user = ADMIN) {
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(user),
  });
  if (!login.ok) throw new Error(`login failed: ${login.status}`);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrf_token: csrf } = (await login.json()) as { csrf_token: string };
  return async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: {
        cookie,
        'x-csrf-token': csrf,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      body: body === undefined ? null : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.status === 204 ? null : res.json();
  };
}

/** axe-core on the current page: the serious and critical findings, as readable lines. */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  const axePath = new URL('../node_modules/axe-core/axe.min.js', import.meta.url).pathname;
  // Colours are measured as drawn: let running transitions (a dialog fading in, a button turning enabled) end
  // first, or a half-faded label reads as low contrast. Endless animations (loaders) are not waited for.
  await page.evaluate(async () => {
    const finite = document
      .getAnimations()
      .filter((a) => Number.isFinite(Number(a.effect?.getComputedTiming().endTime)));
    await Promise.race([
      Promise.allSettled(finite.map((a) => a.finished)),
      new Promise((resolve) => setTimeout(resolve, 2000)),
    ]);
  });
  await page.addScriptTag({ path: axePath });
  const result = (await page.evaluate(async () => {
    const axe = (globalThis as any).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  })) as { violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] };
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} (${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')})`,
    );
}

/** No horizontal scroll: the page is no wider than the viewport. */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

export interface TestCase {
  name: string;
  run(): Promise<void>;
}

/** Runs the cases in order, prints one line each and the closing count line CI sums. */
export async function runCases(all: TestCase[]): Promise<{ passed: number; failed: number }> {
  let passed = 0;
  let failed = 0;
  // E2E_ONLY=<words>: run only the cases whose name contains them (while working on one journey).
  const only = process.env.E2E_ONLY;
  const cases = only ? all.filter((c) => c.name.includes(only)) : all;
  for (const testCase of cases) {
    const started = Date.now();
    try {
      await testCase.run();
      passed++;
      console.log(`  ✓ ${testCase.name} (${Date.now() - started} ms)`);
    } catch (error) {
      failed++;
      console.log(
        `  ✗ ${testCase.name} (${Date.now() - started} ms)\n    ${String(
          error instanceof Error ? (error.stack ?? error.message) : error,
        )
          .split('\n')
          .slice(0, 8)
          .join('\n    ')}`,
      );
    }
  }
  return { passed, failed };
}
