import type { Browser, Locator, Page } from 'playwright-core';
import {
  accessibilityProblems,
  horizontalOverflow,
  newContext,
  type RunningServer,
  type ViewportName,
} from './harness.ts';
import { logIn, visible } from './steps.ts';

type Api = (method: string, path: string, body?: unknown) => Promise<any>;

/** Picks an option of a Mantine Select (or MultiSelect) by its label. */
async function pick(page: Page, input: Locator, option: string) {
  await input.click();
  await page.getByRole('option', { name: option, exact: true }).first().click();
}

/** Reloads until the text shows: the engine reads events a few seconds after they happen. */
async function eventually(page: Page, text: Locator, timeoutMs = 40_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await text.first().waitFor({ state: 'visible', timeout: 3_000 });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await page.reload();
    }
  }
}

/**
 * Issue 5 §5/§8: an admin builds a rule in the UI without code — when a case is created with priority urgent,
 * create a call "Llamar al cliente" for its owner —, a case like that is opened, the call appears on the case,
 * and the rule's log shows the run with what it did.
 */
export async function automationJourney(
  browser: Browser,
  server: RunningServer,
  viewport: ViewportName,
  api: Api,
) {
  const context = await newContext(browser, viewport);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  const tag = viewport === 'phone' ? 'móvil' : 'escritorio';
  const ruleName = `Urgentes: llamar (${tag})`;
  const subject = `Llamar al cliente ${tag}`;
  try {
    await logIn(page, server);
    await page.goto(`${server.url}/admin/automation`);
    await visible(page.getByRole('heading', { name: 'Automatización' }).first());
    await page.getByRole('button', { name: 'Nueva regla' }).first().click();
    await page.waitForURL(/\/admin\/automation\/new$/);

    await page.getByRole('textbox', { name: /^Nombre/ }).fill(ruleName);
    // Cuando… a case is created (the default trigger is "Se crea un registro" on cases).
    const when = page.getByRole('region', { name: 'Cuando…' });
    const object = when.getByLabel('Registro', { exact: true });
    await visible(object);
    if ((await object.inputValue()) !== 'Expediente') throw new Error('a new rule does not start on cases');
    // Si… priority is urgent.
    const conditions = page.getByRole('region', { name: 'Si…' });
    await conditions.getByRole('button', { name: 'Añadir condición' }).click();
    const condition = page.getByTestId('rule-condition').first();
    await pick(page, condition.getByLabel('Campo', { exact: true }), 'Prioridad');
    await pick(page, condition.getByLabel('Valor', { exact: true }), 'Urgente');
    // Entonces… a call for the owner.
    const action = page.getByTestId('rule-action').first();
    await pick(page, action.getByLabel('Tipo de acción', { exact: true }), 'Llamada');
    await action.getByLabel('Asunto', { exact: true }).fill(subject);
    problems.push(...(await accessibilityProblems(page)).map((p) => `builder: ${p}`));
    if (viewport === 'phone') {
      const overflow = await horizontalOverflow(page);
      if (overflow > 0) problems.push(`builder: ${overflow}px of horizontal scroll at 375 px`);
    }
    await page.screenshot({ path: `.ci/out/e2e-${viewport}-automation-builder.png`, fullPage: true });
    await page.getByRole('button', { name: 'Crear regla' }).click();
    await page.waitForURL(/\/admin\/automation\/?$/);
    await visible(page.getByText(ruleName).first());
    await visible(page.getByText(/Cuando se crea un expediente, si se cumple 1 condición/).first());
    problems.push(...(await accessibilityProblems(page)).map((p) => `rules: ${p}`));
    await page.screenshot({ path: `.ci/out/e2e-${viewport}-automation-rules.png` });

    // A case like that: the engine makes the call, which shows on the case.
    const types = await api('GET', '/case-types');
    const opportunity = types.data.find((t: { key: string }) => t.key === 'opportunity');
    const me = await api('GET', '/auth/me');
    const entity = await api('POST', '/entities', { kind: 'company', name: `Grúas Llobet ${tag}` });
    const urgent = await api('POST', '/cases', {
      type_id: opportunity.id,
      title: `Avería de grúa ${tag}`,
      entity_id: entity.id,
      priority: 'urgent',
      owner_id: me.id,
    });
    await page.goto(`${server.url}/cases/${urgent.id}`);
    await eventually(page, page.getByText(subject));
    // The case's history says who made the call: the rule, by name.
    await eventually(page, page.getByText(`por la regla «${ruleName}»`));

    // The rule's log: one run, done, with the action it made.
    await page.goto(`${server.url}/admin/automation`);
    await page
      .getByRole('button', { name: `Registro de ${ruleName}` })
      .first()
      .click();
    const run = page.getByTestId('automation-run').first();
    await visible(run);
    await visible(run.getByText('Hecha'));
    await visible(run.getByText('Crear una acción'));
    await visible(run.getByText(`Avería de grúa ${tag}`, { exact: false }));
    await page.screenshot({ path: `.ci/out/e2e-${viewport}-automation-log.png` });
    await page.keyboard.press('Escape');

    // The rule's own page: the builder with what was saved, a dry run, and the same log.
    await page.getByRole('link', { name: ruleName }).first().click();
    await visible(page.getByRole('heading', { name: ruleName }));
    await visible(page.getByTestId('automation-run').first().getByText('Hecha'));
    const subjectInput = page.getByTestId('rule-action').first().getByLabel('Asunto', { exact: true });
    if ((await subjectInput.inputValue()) !== subject) throw new Error('the saved action did not come back');
    // A dry run on the case: the condition holds, the rule would make the call (and nothing is made).
    const tryOn = page.getByRole('combobox', { name: 'Registro de prueba' });
    await tryOn.fill(`Avería de grúa ${tag}`);
    await page
      .getByRole('option', { name: new RegExp(`Avería de grúa ${tag}`) })
      .first()
      .click();
    await page.getByRole('button', { name: 'Probar' }).click();
    await visible(page.getByText('Se cumplen todas las condiciones'));
    // The pointer leaves the button, so its hover colour is not what gets measured.
    await page.mouse.move(0, 0);
    problems.push(...(await accessibilityProblems(page)).map((p) => `rule page: ${p}`));
    await page.screenshot({ path: `.ci/out/e2e-${viewport}-automation-rule.png`, fullPage: true });
    if (problems.length > 0) throw new Error(problems.join('\n'));
  } catch (error) {
    await page.screenshot({ path: `.ci/out/e2e-${viewport}-automation-failed.png`, fullPage: true });
    throw error;
  } finally {
    await context.close();
  }
}
