import type { Browser } from 'playwright-core';
import { startTestSmtp } from '../apps/server/src/modules/emails/test-smtp-server.ts';
import {
  accessibilityProblems,
  horizontalOverflow,
  newContext,
  type RunningServer,
  type ViewportName,
} from './harness.ts';
import { hidden, logIn, section, visible } from './steps.ts';

type Api = (method: string, path: string, body?: unknown) => Promise<any>;

const ACCOUNT = 'ventas@e2e-trato.es';

/** The company sender, pointed at this journey's SMTP server (created once, then moved to the new port). */
async function companySender(api: Api, port: number) {
  const settings = { smtp_host: '127.0.0.1', smtp_port: port, smtp_security: 'none', send_enabled: true };
  const accounts = (await api('GET', '/mail-accounts')).data as {
    id: string;
    address: string;
    version: number;
  }[];
  const existing = accounts.find((a) => a.address === ACCOUNT);
  if (existing)
    return api('PATCH', `/mail-accounts/${existing.id}`, { version: existing.version, ...settings });
  return api('POST', '/mail-accounts', {
    name: 'Ventas',
    address: ACCOUNT,
    display_name: 'Trato Ventas',
    kind: 'shared',
    is_default: true,
    ...settings,
  });
}

/**
 * Issue 5 §3 in the browser: from an entity's page, "Enviar email" opens the compose window with the primary
 * contact as recipient; a template fills subject and body for that contact; Send queues it ("Email en cola"),
 * the timeline shows it and then shows it sent, a real SMTP server on loopback received it, and the mail opens
 * in its drawer. On a phone the compose window is a full-screen sheet and nothing scrolls sideways.
 */
export async function mailJourney(browser: Browser, server: RunningServer, viewport: ViewportName, api: Api) {
  const smtp = await startTestSmtp();
  const context = await newContext(browser, viewport);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  const tag = viewport === 'phone' ? 'móvil' : 'escritorio';
  try {
    await companySender(api, smtp.port);
    const template = await api('POST', '/email-templates', {
      name: `Seguimiento de presupuesto (${tag})`,
      content: {
        es: {
          subject: 'Su presupuesto, {{ contact.first_name }}',
          html: '<p>Hola {{ contact.first_name }},</p><p>¿Ha podido revisar el presupuesto para {{ entity.name }}?</p>',
          text: '',
        },
      },
    });
    const entity = await api('POST', '/entities', { kind: 'company', name: `Talleres Martínez ${tag}` });
    const address = `lucia.${viewport}@talleres-martinez.es`;
    await api('POST', '/contacts', {
      entity_id: entity.id,
      first_name: 'Lucía',
      last_name: 'Martínez',
      emails: [address],
      is_primary: true,
    });

    await logIn(page, server);
    await page.goto(`${server.url}/entities/${entity.id}`);
    await visible(page.getByRole('heading', { name: entity.name, level: 1 }));
    await page.getByRole('button', { name: 'Enviar email' }).click();
    const dialog = page.getByRole('dialog', { name: 'Nuevo email' });
    await visible(dialog);
    // The primary contact is the recipient before anything is typed.
    await visible(dialog.getByText(address, { exact: true }));

    await dialog.getByRole('combobox', { name: 'Plantilla' }).click();
    await page.getByRole('option', { name: template.name }).click();
    const subject = dialog.getByRole('textbox', { name: 'Asunto' });
    await page.waitForFunction(
      (el) => (el as HTMLInputElement | null)?.value === 'Su presupuesto, Lucía',
      await subject.elementHandle(),
      { timeout: 10_000 },
    );
    const body = await dialog.getByRole('textbox', { name: 'Mensaje' }).inputValue();
    if (!body.includes('Hola Lucía') || !body.includes(entity.name))
      throw new Error(`the template was not written for the contact: ${JSON.stringify(body)}`);
    problems.push(...(await accessibilityProblems(page)).map((p) => `compose: ${p}`));
    if (viewport === 'phone') {
      const overflow = await horizontalOverflow(page);
      if (overflow > 0) problems.push(`the compose sheet scrolls sideways by ${overflow}px`);
    }
    await page.screenshot({ path: `.ci/out/e2e-${viewport}-mail-compose.png` });

    const sent = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/emails') && r.request().method() === 'POST',
    );
    await dialog.getByRole('button', { name: 'Enviar', exact: true }).click();
    const response = await sent;
    if (response.status() !== 202) throw new Error(`sending answered ${response.status()}`);
    await hidden(dialog);
    await visible(page.getByText('Email en cola: sale en un momento'));

    // On the timeline: the mail, then (the worker sends it, the page polls) marked as sent.
    const history = section(page, 'Historial');
    const item = history.getByRole('button', { name: 'Su presupuesto, Lucía' });
    await visible(item);
    await history.getByText('Email enviado').first().waitFor({ state: 'visible', timeout: 20_000 });
    const received = smtp.received.find((m) => m.envelopeTo.includes(address));
    if (!received) throw new Error('the SMTP server did not receive the mail');
    if (received.parsed.subject !== 'Su presupuesto, Lucía')
      throw new Error(`the SMTP server received the subject ${JSON.stringify(received.parsed.subject)}`);

    // The mail opens in its drawer: subject, status, recipient.
    await item.click();
    const drawer = page.getByRole('dialog', { name: 'Email' });
    await visible(drawer.getByRole('heading', { name: 'Su presupuesto, Lucía' }));
    await visible(drawer.getByText('Enviado', { exact: true }));
    await visible(drawer.getByText(address).first());
    problems.push(...(await accessibilityProblems(page)).map((p) => `email drawer: ${p}`));
    await page.screenshot({ path: `.ci/out/e2e-${viewport}-mail-drawer.png` });
    if (problems.length > 0) throw new Error(problems.join('\n'));
  } catch (error) {
    await page
      .screenshot({ path: `.ci/out/e2e-${viewport}-mail-failure.png`, fullPage: true })
      .catch(() => {});
    throw error;
  } finally {
    await context.close();
    // The worker keeps its SMTP connection open for the next mail: do not wait for it to hang up.
    await Promise.race([smtp.close(), new Promise((resolve) => setTimeout(resolve, 500))]);
  }
}
