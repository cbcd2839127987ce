import type { Browser, Page } from 'playwright-core';
import {
  accessibilityProblems,
  horizontalOverflow,
  newContext,
  type RunningServer,
  type ViewportName,
} from './harness.ts';
import { hidden, logIn, section, visible } from './steps.ts';

async function openGlobalSearch(page: Page, viewport: ViewportName) {
  if (viewport === 'phone')
    await page
      .getByRole('navigation')
      .getByRole('button', { name: 'Buscar' })
      .or(page.getByRole('navigation').getByRole('link', { name: 'Buscar' }))
      .first()
      .click();
  else await page.getByRole('button', { name: /Buscar entidades, contactos/ }).click();
}

/**
 * The journey of issue 2: log in → create a company with a custom field → add a contact → find it through
 * global search with an unaccented query → edit → see the change on the timeline. Accessibility and (on the
 * phone) horizontal scroll are checked on the way.
 */
export async function entityJourney(browser: Browser, server: RunningServer, viewport: ViewportName) {
  const context = await newContext(browser, viewport);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  const name = `Muñoz Ingeniería ${viewport === 'phone' ? 'Móvil' : 'Escritorio'}`;
  try {
    await logIn(page, server);
    await page.goto(`${server.url}/entities`);
    problems.push(...(await accessibilityProblems(page)).map((p) => `list: ${p}`));

    await page
      .getByRole('link', { name: 'Nueva entidad' })
      .or(page.getByRole('button', { name: 'Nueva entidad' }))
      .first()
      .click();
    await page.getByRole('textbox', { name: 'Nombre', exact: true }).fill(name);
    await page.getByLabel('Valoración').fill('4');
    problems.push(...(await accessibilityProblems(page)).map((p) => `form: ${p}`));
    await page.getByRole('button', { name: 'Crear entidad' }).click();
    await page.waitForURL(/\/entities\/[0-9a-f-]{36}$/);
    await visible(page.getByRole('heading', { name, level: 1 }));

    const contacts = section(page, 'Contactos');
    await contacts
      .getByRole('button', { name: /^(Añadir|Nuevo contacto)/ })
      .first()
      .click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Nombre', exact: true }).fill('Àngela');
    await dialog.getByRole('textbox', { name: 'Apellidos' }).fill('Castañer');
    await dialog.getByRole('button', { name: 'Crear contacto' }).click();
    await hidden(dialog);
    await visible(page.getByText('Àngela Castañer').first());

    await page.goto(`${server.url}/entities`);
    await openGlobalSearch(page, viewport);
    const unaccented = name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    await page.keyboard.type(unaccented);
    await page
      .getByRole('option', { name: new RegExp(name) })
      .or(page.getByRole('button', { name: new RegExp(name) }))
      .first()
      .click();
    await page.waitForURL(/\/entities\/[0-9a-f-]{36}$/);
    await visible(page.getByRole('heading', { name, level: 1 }));

    await page.getByRole('button', { name: 'Editar Población' }).click();
    const city = page.getByRole('textbox', { name: 'Población' });
    await city.fill('Girona');
    await city.press('Enter');
    await visible(section(page, 'Datos').getByText('Girona', { exact: true }));

    const history = section(page, 'Historial');
    await history.scrollIntoViewIfNeeded();
    await visible(history.getByText('Datos cambiados').first());
    await visible(history.getByText('Girona').first());
    await visible(history.getByText('Contacto añadido').first());

    problems.push(...(await accessibilityProblems(page)).map((p) => `record: ${p}`));
    if (viewport === 'phone') {
      const overflow = await horizontalOverflow(page);
      if (overflow > 0) problems.push(`record page scrolls sideways by ${overflow}px at 375px`);
    }
    await page.screenshot({ path: `.ci/out/e2e-${viewport}-record.png`, fullPage: true });
    if (problems.length > 0) throw new Error(problems.join('\n'));
  } catch (error) {
    await page.screenshot({ path: `.ci/out/e2e-${viewport}-failure.png`, fullPage: true }).catch(() => {});
    throw error;
  } finally {
    await context.close();
  }
}
