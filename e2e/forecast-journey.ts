import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import {
  accessibilityProblems,
  horizontalOverflow,
  newContext,
  type RunningServer,
  type ViewportName,
} from './harness.ts';
import { hidden, logIn, section, visible } from './steps.ts';

type Api = (method: string, path: string, body?: unknown) => Promise<any>;

/** This month in Madrid, as YYYY-MM and as the interface writes it ("noviembre de 2026"). */
function thisMonth() {
  const now = new Date();
  const month = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Madrid',
    year: 'numeric',
    month: '2-digit',
  })
    .format(now)
    .slice(0, 7);
  const long = new Intl.DateTimeFormat('es-ES', {
    timeZone: 'Europe/Madrid',
    month: 'long',
    year: 'numeric',
  }).format(now);
  return { month, long };
}

/**
 * An agent of their own for each run and three opportunities this month: a proposal (1000 €, 50 %), a
 * negotiation (3000 €, 75 %) and one won (2000 €); and a lead to convert.
 */
async function seed(api: Api, viewport: ViewportName) {
  const tag = viewport === 'phone' ? 'Móvil' : 'Escritorio';
  const roles = await api('GET', '/roles');
  const agentRole = roles.data.find((r: { key: string }) => r.key === 'admin') ?? roles.data[0];
  const owner = await api('POST', '/users', {
    email: `previsión.${viewport}@example.com`.normalize('NFD').replace(/[\u0300-\u036f]/g, ''),
    name: `Agente ${tag}`,
    password: 'e2e-agent-password',
    role_id: agentRole.id,
  });
  const types = await api('GET', '/case-types');
  const opportunity = types.data.find((t: { key: string }) => t.key === 'opportunity');
  const status = (key: string) => opportunity.statuses.find((s: { key: string }) => s.key === key).id;
  const customer = await api('POST', '/entities', {
    kind: 'company',
    name: `Previsiones ${tag} SL`,
    roles: ['customer'],
  });
  const { month } = thisMonth();
  const open = (title: string, statusKey: string, amount: string) =>
    api('POST', '/cases', {
      type_id: opportunity.id,
      title,
      entity_id: customer.id,
      owner_id: owner.id,
      status_id: status(statusKey),
      amount,
      expected_close: `${month}-15`,
    });
  const proposal = await open(`Zeta propuesta ${tag}`, 'proposal', '1000');
  const negotiation = await open(`Zeta negociación ${tag}`, 'negotiation', '3000');
  const won = await open(`Zeta ganada ${tag}`, 'negotiation', '2000');
  await api('POST', `/cases/${won.id}/move`, { version: won.version, status_id: status('won') });
  const lead = await api('POST', '/entities', { kind: 'company', name: `Lead ${tag} SL`, roles: ['lead'] });
  return { tag, owner, customer, proposal, negotiation, lead };
}

/**
 * The journey of issue 4's forecast and reports: the forecast's figures for this month (weighted and not),
 * the drill-down from a figure to its cases and on to a case; the open-cases report with a status choice saved
 * as a named report and exported as CSV; a lead converted into a customer with an opportunity.
 */
export async function forecastJourney(
  browser: Browser,
  server: RunningServer,
  viewport: ViewportName,
  api: Api,
) {
  const context = await newContext(browser, viewport);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  const data = await seed(api, viewport);
  const { long } = thisMonth();
  const phone = viewport === 'phone';
  const check = async (where: string) => {
    problems.push(...(await accessibilityProblems(page)).map((p) => `${where}: ${p}`));
    if (phone) {
      const overflow = await horizontalOverflow(page);
      if (overflow > 0) problems.push(`${where} scrolls sideways by ${overflow}px`);
    }
  };
  try {
    await logIn(page, server);

    // Forecast: this month's weighted figures (500 + 2250), then the plain amounts (1000 + 3000).
    await page.goto(`${server.url}/forecast?owner=${data.owner.id}`);
    await visible(page.getByRole('heading', { name: 'Previsión', level: 1 }));
    const figures = section(page, 'Cifras por mes');
    const proposalFigure = phone
      ? figures.getByRole('region', { name: long }).getByRole('button', { name: /^Propuesta enviada/ })
      : figures.getByRole('button', { name: new RegExp(`^Propuesta enviada, ${long}: `) });
    await visible(proposalFigure);
    await expectText(proposalFigure, '500,00 €');
    const weightedTotal = phone
      ? figures.getByRole('region', { name: long }).getByRole('button', { name: /^Ponderado/ })
      : figures.getByRole('button', { name: new RegExp(`^Ponderado, ${long}: `) });
    await expectText(weightedTotal, '2750,00 €');
    await check('forecast');
    await page.screenshot({ path: `.ci/out/e2e-${viewport}-forecast.png`, fullPage: !phone });

    await page.locator('label', { hasText: 'Sin ponderar' }).click();
    await expectText(proposalFigure, '1000,00 €');

    // Drill down: the figure lists exactly its case, which links to the case's page.
    await proposalFigure.click();
    const drawer = page.getByRole('dialog', { name: new RegExp(`Propuesta enviada · ${long}`) });
    await visible(drawer);
    await visible(drawer.getByText('1 expediente', { exact: true }));
    const link = drawer.getByRole('link', { name: new RegExp(data.proposal.number) });
    await visible(link);
    if ((await drawer.getByRole('link').count()) !== 1)
      throw new Error('the drill-down lists other cases too');
    await link.click();
    await page.waitForURL(new RegExp(`/cases/${data.proposal.id}$`));

    // Open-cases report: both open opportunities, then only the proposal's status; saved and exported.
    await page.goto(`${server.url}/reports/open-cases?q=${encodeURIComponent(data.customer.name)}`);
    await visible(page.getByRole('heading', { name: 'Expedientes abiertos', level: 1 }));
    await visible(page.getByRole('link', { name: new RegExp(data.negotiation.number) }));
    await visible(page.getByRole('link', { name: new RegExp(data.proposal.number) }));
    await check('report');
    await page.getByRole('button', { name: 'Todos los estados abiertos' }).click();
    const picker = page.getByRole('dialog').filter({ has: page.getByRole('button', { name: 'Ninguno' }) });
    await picker.getByRole('button', { name: 'Ninguno' }).click();
    await picker.getByRole('checkbox', { name: /^Propuesta enviada/ }).check();
    await closePicker(page, phone);
    await hidden(page.getByRole('link', { name: new RegExp(data.negotiation.number) }));
    await visible(page.getByRole('link', { name: new RegExp(data.proposal.number) }));

    const reportName = `Propuestas ${data.tag}`;
    await page.getByRole('button', { name: 'Opciones de vista' }).click();
    await page.getByRole('menuitem', { name: 'Guardar como vista nueva' }).click();
    const nameDialog = page.getByRole('dialog');
    await nameDialog.getByRole('textbox', { name: 'Nombre de la vista' }).fill(reportName);
    await nameDialog.getByRole('button', { name: 'Guardar' }).click();
    await hidden(nameDialog);
    await page.goto(`${server.url}/reports/open-cases`);
    await page.getByRole('tab', { name: reportName }).click();
    await visible(page.getByRole('button', { name: '1 estado' }));
    await visible(page.getByRole('link', { name: new RegExp(data.proposal.number) }));
    await hidden(page.getByRole('link', { name: new RegExp(data.negotiation.number) }));

    await page.getByRole('button', { name: 'Exportar' }).click();
    const downloading = page.waitForEvent('download');
    await page.getByRole('menuitem', { name: 'CSV' }).click();
    const file = await (await downloading).path();
    const csv = await readFile(file, 'utf8');
    if (!csv.includes(data.proposal.number) || csv.includes(data.negotiation.number))
      throw new Error(`the CSV export does not hold exactly the report's cases:\n${csv.slice(0, 500)}`);

    // Lead conversion: the lead becomes a customer and its new opportunity shows in "Ventas".
    await page.goto(`${server.url}/entities/${data.lead.id}`);
    await visible(page.getByRole('heading', { name: data.lead.name, level: 1 }));
    await check('entity');
    await page.getByRole('button', { name: 'Convertir en cliente' }).first().click();
    const convert = page.getByRole('dialog', { name: `Convertir ${data.lead.name} en cliente` });
    await visible(convert);
    await convert
      .getByRole('textbox', { name: 'Título de la oportunidad' })
      .fill(`Primera venta ${data.tag}`);
    await convert.getByRole('textbox', { name: 'Importe' }).fill('2500');
    await convert.getByRole('button', { name: 'Convertir en cliente' }).click();
    await hidden(convert);
    await visible(
      section(page, 'Ventas').getByRole('link', { name: new RegExp(`Primera venta ${data.tag}`) }),
    );
    await hidden(page.getByRole('button', { name: 'Convertir en cliente' }));
    const converted = await api('GET', `/entities/${data.lead.id}`);
    if (converted.roles.includes('lead') || !converted.roles.includes('customer'))
      throw new Error(`after converting, the roles are ${converted.roles.join(', ')}`);
    await page.screenshot({ path: `.ci/out/e2e-${viewport}-lead-converted.png` });
    if (problems.length > 0) throw new Error(problems.join('\n'));
  } catch (error) {
    await page
      .screenshot({ path: `.ci/out/e2e-${viewport}-forecast-failure.png`, fullPage: true })
      .catch(() => {});
    throw error;
  } finally {
    await context.close();
  }
}

/** Waits until the element shows the text (Intl puts no-break spaces in money: any space matches any). */
async function expectText(locator: ReturnType<Page['locator']>, text: string) {
  const shown = async () => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ');
  const wanted = text.replace(/\s+/g, ' ');
  for (let i = 0; i < 50; i++) {
    if ((await shown()).includes(wanted)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`expected "${text}", the page shows "${await shown()}"`);
}

/** The status picker is a popover on a desktop (Escape closes it) and a drawer with a button on a phone. */
async function closePicker(page: Page, phone: boolean) {
  if (phone) await page.getByRole('button', { name: 'Ver expedientes' }).click();
  else await page.keyboard.press('Escape');
}
