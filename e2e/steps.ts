import type { BrowserContext, Locator, Page } from 'playwright-core';
import { ADMIN, type RunningServer } from './harness.ts';

// Steps the browser journeys share (Spanish UI).

export const visible = (locator: Locator) => locator.waitFor({ state: 'visible', timeout: 10_000 });
export const hidden = (locator: Locator) => locator.waitFor({ state: 'hidden', timeout: 10_000 });

/** The smallest block of the page that holds a heading with this name. */
export const section = (page: Page, heading: string) =>
  page
    .locator('section, [role=region], .mantine-Paper-root, .mantine-Card-root')
    .filter({ has: page.getByRole('heading', { name: heading, exact: true }) })
    .last();

/** Session cookies of a UI sign-in, per server and viewport width, for the journeys that follow. */
const sessions = new Map<string, Awaited<ReturnType<BrowserContext['cookies']>>>();

/**
 * Signs in through the login screen the first time at each size; later journeys at that size reuse the session,
 * as a returning user would (and as the login rate limit of 10 a minute per address and account expects).
 */
export async function logIn(page: Page, server: RunningServer) {
  const key = `${server.url} ${page.viewportSize()?.width}`;
  const cookies = sessions.get(key);
  if (cookies) {
    await page.context().addCookies(cookies);
    await page.goto(`${server.url}/`);
  } else {
    await page.goto(`${server.url}/login`);
    await page.getByLabel(/correo/i).fill(ADMIN.email);
    await page.getByLabel(/contraseña/i).fill(ADMIN.password);
    await page.getByRole('button', { name: /entrar|iniciar/i }).click();
  }
  // The control panel is the first screen after signing in.
  await page.getByRole('heading', { name: 'Panel', level: 1 }).waitFor({ timeout: 15_000 });
  if (!cookies) sessions.set(key, await page.context().cookies());
}
