import type { Locale } from '@trato/contracts/common';
import { escapeHtml } from '../../platform/html-text.ts';
import { translator } from '../../platform/i18n.ts';

// The small page a recipient lands on from the unsubscribe link in a commercial mail: no app, no script, no
// login. GET asks to confirm (link scanners that open every URL must not unsubscribe anyone); the button POSTs.

export type UnsubscribePage =
  | { state: 'confirm'; company: string; addresses: string[] }
  | { state: 'done'; company: string; addresses: string[] }
  | { state: 'invalid' };

export function unsubscribePage(locale: Locale, page: UnsubscribePage): string {
  const t = translator(locale);
  const title = escapeHtml(t('mail.unsubscribe.title'));
  const say = (key: string) =>
    page.state === 'invalid'
      ? ''
      : escapeHtml(t(key, { company: page.company, address: page.addresses.join(', ') }));
  const body =
    page.state === 'invalid'
      ? `<p>${escapeHtml(t('mail.unsubscribe.invalid'))}</p>`
      : page.state === 'done'
        ? `<p role="status">${say('mail.unsubscribe.done')}</p>`
        : `<p>${say('mail.unsubscribe.confirm')}</p>
    <form method="post"><input type="hidden" name="confirm" value="1">
      <button type="submit">${escapeHtml(t('mail.unsubscribe.button'))}</button></form>`;
  return `<!doctype html>
<html lang="${locale}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex">
  <title>${title}</title>
  <style>
    body { font: 16px/1.5 system-ui, sans-serif; color: #1a1b1e; background: #f8f9fa; margin: 0; }
    main { max-width: 32rem; margin: 10vh auto; padding: 2rem; background: #fff; border-radius: 8px;
           box-shadow: 0 1px 3px rgba(0, 0, 0, .1); }
    h1 { font-size: 1.25rem; margin-top: 0; }
    button { font: inherit; padding: .6rem 1.2rem; border: 0; border-radius: 6px; background: #1864ab;
             color: #fff; cursor: pointer; min-height: 44px; }
  </style>
</head>
<body><main><h1>${title}</h1>
    ${body}
</main></body>
</html>
`;
}
