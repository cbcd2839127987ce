import type { Browser, Locator, Page } from 'playwright-core';
import {
  accessibilityProblems,
  horizontalOverflow,
  newContext,
  type RunningServer,
  type ViewportName,
} from './harness.ts';
import { hidden, logIn, visible } from './steps.ts';

type Api = (method: string, path: string, body?: unknown) => Promise<any>;

/** A day of next week (0 = Monday) as YYYY-MM-DD, in Madrid. */
function nextWeekDay(weekday: number): string {
  const today = new Date(new Date().toLocaleString('en-US', { timeZone: 'Europe/Madrid' }));
  const monday = new Date(today);
  monday.setDate(today.getDate() - ((today.getDay() + 6) % 7) + 7 + weekday);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${monday.getFullYear()}-${pad(monday.getMonth() + 1)}-${pad(monday.getDate())}`;
}

/** The local Madrid wall-clock time of an instant, as 'YYYY-MM-DD HH:MM'. */
const inMadrid = (iso: string) =>
  new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Madrid',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));

/** Drags with the mouse from one point to another in small steps, as a hand would. */
async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 6, from.y + 12, { steps: 5 });
  await page.mouse.move(to.x, to.y, { steps: 15 });
  await page.mouse.up();
}

/** The centre x of a day's column and the top y of a time's row in the time grid. */
async function slot(page: Page, date: string, time: string) {
  const column = await page.locator(`td.fc-timegrid-col[data-date="${date}"]`).boundingBox();
  const row = await page.locator(`td.fc-timegrid-slot-lane[data-time="${time}"]`).first().boundingBox();
  if (!column || !row) throw new Error(`no slot ${date} ${time} on the agenda`);
  return { x: column.x + column.width / 2, y: row.y + 4 };
}

async function findAction(api: Api, subject: string) {
  const list = await api('GET', `/actions?filter[subject][eq]=${encodeURIComponent(subject)}&limit=5`);
  const action = list.data.find((a: { subject: string }) => a.subject === subject);
  if (!action) throw new Error(`no action "${subject}" was saved`);
  return action as { id: string; starts_at: string; ends_at: string; status: string; outcome: string | null };
}

async function scrollTo(page: Page, locator: Locator) {
  await locator.scrollIntoViewIfNeeded();
  await page.waitForTimeout(100);
}

/**
 * The journey of issue 3: on the agenda, select a time range to plan a call (click-to-create), drag the event
 * to another slot (it is saved there), then on the control panel mark it done with an outcome in two clicks.
 * Desktop uses the week view; the phone the day view (a week does not fit).
 */
export async function actionsJourney(
  browser: Browser,
  server: RunningServer,
  viewport: ViewportName,
  api: Api,
) {
  const context = await newContext(browser, viewport);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  const subject = `Llamar a Muñoz (${viewport === 'phone' ? 'móvil' : 'escritorio'})`;
  const day = nextWeekDay(1); // Tuesday
  const target = viewport === 'phone' ? day : nextWeekDay(2); // same day on the phone, Wednesday on a desktop
  try {
    await logIn(page, server);
    await page.goto(`${server.url}/agenda?view=${viewport === 'phone' ? 'day' : 'week'}&date=${day}`);
    await visible(page.getByRole('heading', { name: 'Agenda', level: 1 }));
    await visible(page.locator(`td.fc-timegrid-col[data-date="${day}"]`));

    // Plan: select 10:00–11:00 on Tuesday; the new-action dialog opens with that time.
    const ten = page.locator('td.fc-timegrid-slot-lane[data-time="10:00:00"]').first();
    await scrollTo(page, ten);
    const from = await slot(page, day, '10:00:00');
    const until = await slot(page, day, '10:30:00');
    await drag(page, from, { x: until.x, y: until.y + 10 });
    const dialog = page.getByRole('dialog', { name: 'Nueva acción' });
    await visible(dialog);
    await dialog.getByRole('textbox', { name: 'Asunto' }).fill(subject);
    problems.push(...(await accessibilityProblems(page)).map((p) => `new action dialog: ${p}`));
    await dialog.getByRole('button', { name: 'Crear acción' }).click();
    await hidden(dialog);
    const planned = await findAction(api, subject);
    if (!inMadrid(planned.starts_at).startsWith(`${day} 10:00`)) {
      throw new Error(`planned at ${inMadrid(planned.starts_at)}, expected ${day} 10:00`);
    }

    // Move: drag the event to 12:00 (on Wednesday on a desktop). It is saved there.
    const event = page.locator(`.fc-event[data-action-id="${planned.id}"]`);
    await visible(event);
    const box = await event.boundingBox();
    if (!box) throw new Error('the new action is not on the agenda');
    const noon = await slot(page, target, '12:00:00');
    const saved = page.waitForResponse(
      (r) => r.url().includes(`/api/v1/actions/${planned.id}`) && r.request().method() === 'PATCH',
    );
    await drag(page, { x: box.x + box.width / 2, y: box.y + 6 }, noon);
    const response = await saved;
    if (!response.ok()) throw new Error(`moving the action answered ${response.status()}`);
    const moved = await findAction(api, subject);
    if (!inMadrid(moved.starts_at).startsWith(`${target} 12:00`)) {
      throw new Error(`moved to ${inMadrid(moved.starts_at)}, expected ${target} 12:00`);
    }
    const length = (a: { starts_at: string; ends_at: string }) =>
      (Date.parse(a.ends_at) - Date.parse(a.starts_at)) / 60_000;
    if (length(moved) !== length(planned)) {
      throw new Error(`the move changed the duration from ${length(planned)} to ${length(moved)} minutes`);
    }
    await page.reload();
    await visible(page.locator(`.fc-event[data-action-id="${planned.id}"]`));
    problems.push(...(await accessibilityProblems(page)).map((p) => `agenda: ${p}`));
    if (viewport === 'phone') {
      const overflow = await horizontalOverflow(page);
      if (overflow > 0) problems.push(`agenda scrolls sideways by ${overflow}px`);
    }
    await page.screenshot({ path: `.ci/out/e2e-${viewport}-agenda.png` });

    // Done: on the control panel, in "Próximas", two clicks: the check, then the outcome.
    await page.goto(`${server.url}/`);
    await visible(page.getByRole('heading', { name: /^Próximas/, level: 2 }));
    problems.push(...(await accessibilityProblems(page)).map((p) => `panel: ${p}`));
    await page.getByRole('button', { name: `Marcar como hecha: ${subject}` }).click();
    await page.getByRole('menuitem', { name: 'Positivo' }).click();
    await visible(page.getByText(`Hecha: ${subject}`));
    await hidden(page.getByRole('button', { name: `Marcar como hecha: ${subject}` }));
    const done = await findAction(api, subject);
    if (done.status !== 'done' || done.outcome !== 'positive') {
      throw new Error(`after marking it done the action is ${done.status} / ${done.outcome}`);
    }
    if (viewport === 'phone') {
      const overflow = await horizontalOverflow(page);
      if (overflow > 0) problems.push(`panel scrolls sideways by ${overflow}px`);
    }
    await page.screenshot({ path: `.ci/out/e2e-${viewport}-panel.png`, fullPage: true });
    if (problems.length > 0) throw new Error(problems.join('\n'));
  } catch (error) {
    await page
      .screenshot({ path: `.ci/out/e2e-${viewport}-actions-failure.png`, fullPage: true })
      .catch(() => {});
    throw error;
  } finally {
    await context.close();
  }
}
