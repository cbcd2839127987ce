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

interface Status {
  id: string;
  key: string;
  version: number;
}
interface Opportunity {
  typeId: string;
  statuses: Record<string, Status>;
}

async function opportunityType(api: Api): Promise<Opportunity> {
  const types = await api('GET', '/case-types');
  const type = types.data.find((t: { key: string }) => t.key === 'opportunity');
  if (!type) throw new Error('no opportunity case type was seeded');
  return {
    typeId: type.id,
    statuses: Object.fromEntries(type.statuses.map((s: Status) => [s.key, s])),
  };
}

async function openCase(api: Api, type: Opportunity, entityId: string, title: string, amount: string) {
  return (await api('POST', '/cases', {
    type_id: type.typeId,
    status_id: type.statuses.new!.id,
    title,
    entity_id: entityId,
    amount,
    currency: 'EUR',
  })) as { id: string; number: string; version: number };
}

/** Drags with the mouse from one point to another in small steps, as a hand would (dnd-kit needs real moves). */
async function drag(page: Page, from: Locator, to: Locator) {
  await from.scrollIntoViewIfNeeded();
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  if (!a || !b) throw new Error('card or column not on screen');
  // The card's lower edge (its figures), not its title link or menu button.
  const start = { x: a.x + 24, y: a.y + a.height - 10 };
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move(start.x + 8, start.y + 8, { steps: 4 });
  await page.mouse.move(b.x + b.width / 2, b.y + 140, { steps: 20 });
  await page.mouse.up();
}

const column = (page: Page, statusId: string) => page.locator(`section[data-status-id="${statusId}"]`);
const card = (page: Page, caseId: string) => page.locator(`article[data-case-id="${caseId}"]`);
const moved = (page: Page, caseId: string) =>
  page.waitForResponse(
    (r) => r.url().includes(`/api/v1/cases/${caseId}/move`) && r.request().method() === 'POST',
  );

async function statusOf(api: Api, caseId: string) {
  return ((await api('GET', `/cases/${caseId}`)) as { status: { key: string } }).status.key;
}

/**
 * The journey of issue 4's board. Desktop: drag a card to the next column (it lands, the column totals change,
 * a reload keeps it there); a stale card goes back with a conflict notice; a status that requires a next action
 * asks for it and then moves; the case page shows where it is. Phone: one column at a time, and "Mover a…"
 * from the card's menu.
 */
export async function casesJourney(
  browser: Browser,
  server: RunningServer,
  viewport: ViewportName,
  api: Api,
) {
  const context = await newContext(browser, viewport);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  const type = await opportunityType(api);
  const { new: fresh, qualified, proposal } = type.statuses as Record<string, Status>;
  const tag = viewport === 'phone' ? 'móvil' : 'escritorio';
  const entityName = `Cerámicas Ruiz ${tag}`;
  const entity = await api('POST', '/entities', { kind: 'company', name: entityName });
  // The board searched by the entity: only this journey's cases, whatever other journeys left on the server.
  const board = `${server.url}/cases?type=opportunity&q=${encodeURIComponent(entityName)}`;
  try {
    await logIn(page, server);
    if (viewport === 'desktop') {
      const first = await openCase(api, type, entity.id, 'Horno nuevo para la planta', '2500');
      const second = await openCase(api, type, entity.id, 'Revisión anual de hornos', '1200.50');
      await api('POST', '/cases', {
        type_id: type.typeId,
        status_id: qualified!.id,
        title: 'Esmaltadora de segunda mano',
        entity_id: entity.id,
        amount: '400',
      });
      await page.goto(board);
      await visible(page.getByRole('heading', { name: 'Expedientes', level: 1 }));
      await visible(card(page, first.id));
      problems.push(...(await accessibilityProblems(page)).map((p) => `board: ${p}`));
      await page.screenshot({ path: `.ci/out/e2e-${viewport}-cases-board.png` });

      // Drag the first case from "Nueva" to "Cualificada": it lands there and both columns' totals change.
      const totals = async (statusId: string) =>
        (await column(page, statusId).locator('[data-column-totals]').first().textContent()) ?? '';
      const before = { from: await totals(fresh!.id), to: await totals(qualified!.id) };
      const saved = moved(page, first.id);
      await drag(page, card(page, first.id), column(page, qualified!.id));
      const response = await saved;
      if (!response.ok()) throw new Error(`moving the case answered ${response.status()}`);
      await visible(column(page, qualified!.id).locator(`article[data-case-id="${first.id}"]`));
      await page.waitForFunction(
        ([id, text]) =>
          document.querySelector(`section[data-status-id="${id}"] [data-column-totals]`)?.textContent !==
          text,
        [qualified!.id, before.to] as const,
      );
      const after = { from: await totals(fresh!.id), to: await totals(qualified!.id) };
      if (!after.to.includes('2900,00') || after.from === before.from)
        throw new Error(`column totals did not follow the move: ${JSON.stringify({ before, after })}`);
      if ((await statusOf(api, first.id)) !== 'qualified') throw new Error('the move was not saved');
      await page.reload();
      await visible(column(page, qualified!.id).locator(`article[data-case-id="${first.id}"]`));

      // Someone else changes the second case meanwhile: dragging the stale card puts it back and says why.
      await api('PATCH', `/cases/${second.id}`, {
        version: second.version,
        title: 'Revisión anual de hornos (2)',
      });
      const refused = moved(page, second.id);
      await drag(page, card(page, second.id), column(page, qualified!.id));
      if ((await refused).status() !== 409) throw new Error('a stale move was not refused with 409');
      await visible(page.getByText(`Otra persona ha cambiado ${second.number}`));
      await visible(column(page, fresh!.id).locator(`article[data-case-id="${second.id}"]`));
      if ((await statusOf(api, second.id)) !== 'new') throw new Error('the stale move changed the case');

      // "Propuesta enviada" requires a next action: the move asks for it, then the case moves with it.
      const actionTypes = await api('GET', '/action-types');
      const call = actionTypes.data.find((t: { key: string }) => t.key === 'call');
      await api('PATCH', `/case-types/${type.typeId}/statuses/${proposal!.id}`, {
        version: proposal!.version,
        next_action: 'require',
        next_action_type_id: call.id,
      });
      await page.reload();
      await visible(card(page, first.id));
      await drag(page, card(page, first.id), column(page, proposal!.id));
      const dialog = page.getByRole('dialog', { name: 'Siguiente acción' });
      await visible(dialog);
      await dialog.getByRole('textbox', { name: 'Asunto' }).fill('Llamar para presentar la propuesta');
      problems.push(...(await accessibilityProblems(page)).map((p) => `next action dialog: ${p}`));
      const withAction = moved(page, first.id);
      await dialog.getByRole('button', { name: 'Planificar y mover' }).click();
      if (!(await withAction).ok()) throw new Error('the move with a next action failed');
      await hidden(dialog);
      await visible(column(page, proposal!.id).locator(`article[data-case-id="${first.id}"]`));
      const actions = await api('GET', `/actions?filter[case_id][eq]=${first.id}&filter[status][eq]=planned`);
      if (!actions.data.some((a: { subject: string }) => a.subject === 'Llamar para presentar la propuesta'))
        throw new Error('the required next action was not created on the case');
      // Back to no rule, so journeys after this one move cases freely.
      const changed = (await opportunityType(api)).statuses.proposal!;
      await api('PATCH', `/case-types/${type.typeId}/statuses/${proposal!.id}`, {
        version: changed.version,
        next_action: 'none',
      });

      // The case page: its title, the pipeline with the current step, its action.
      await card(page, first.id).getByRole('link', { name: 'Horno nuevo para la planta' }).click();
      await page.waitForURL(new RegExp(`/cases/${first.id}$`));
      await visible(page.getByRole('heading', { name: 'Horno nuevo para la planta', level: 1 }));
      await visible(page.locator('[aria-current="step"]', { hasText: 'Propuesta enviada' }));
      await visible(page.getByText('Llamar para presentar la propuesta').first());
      problems.push(...(await accessibilityProblems(page)).map((p) => `case page: ${p}`));
      await page.screenshot({ path: `.ci/out/e2e-${viewport}-case-page.png`, fullPage: true });
    } else {
      const item = await openCase(api, type, entity.id, 'Cinta transportadora', '980');
      await page.goto(board);
      await visible(page.getByRole('heading', { name: 'Expedientes', level: 1 }));
      // One column at a time: "Nueva" first.
      await visible(page.getByRole('tab', { name: /^Nueva · \d+$/, selected: true }));
      const mine = card(page, item.id);
      await visible(mine);
      problems.push(...(await accessibilityProblems(page)).map((p) => `board: ${p}`));
      const overflow = await horizontalOverflow(page);
      if (overflow > 0) problems.push(`the board scrolls sideways by ${overflow}px`);
      await page.screenshot({ path: `.ci/out/e2e-${viewport}-cases-board.png` });

      // "Mover a…" from the card's menu.
      await mine.getByRole('button', { name: `Más acciones para ${item.number}` }).click();
      const saved = moved(page, item.id);
      await page.getByRole('menuitem', { name: 'Cualificada' }).click();
      if (!(await saved).ok()) throw new Error('moving from the menu failed');
      await hidden(mine);
      await page.getByRole('tab', { name: /^Cualificada · \d+$/ }).click();
      await visible(card(page, item.id));
      if ((await statusOf(api, item.id)) !== 'qualified') throw new Error('the move was not saved');
    }
    if (problems.length > 0) throw new Error(problems.join('\n'));
  } catch (error) {
    await page
      .screenshot({ path: `.ci/out/e2e-${viewport}-cases-failure.png`, fullPage: true })
      .catch(() => {});
    throw error;
  } finally {
    await context.close();
  }
}
