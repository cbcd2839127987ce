import type { Locator, Page } from 'playwright-core';
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

export async function logIn(page: Page, server: RunningServer) {
  await page.goto(`${server.url}/login`);
  await page.getByLabel(/correo/i).fill(ADMIN.email);
  await page.getByLabel(/contraseña/i).fill(ADMIN.password);
  await page.getByRole('button', { name: /entrar|iniciar/i }).click();
  // The control panel is the first screen after signing in.
  await page.getByRole('heading', { name: 'Panel', level: 1 }).waitFor({ timeout: 15_000 });
}
