import { compile } from 'html-to-text';

// The plain-text version of an HTML mail (html-to-text): the text part of a mail written or templated only in
// HTML, and what lists, search and case descriptions read of a received HTML-only mail. Converters are compiled
// once: a 10 000-recipient send converts one body per recipient.

const base = [
  { selector: 'img', format: 'skip' },
  // Headings as written, not upper-cased (html-to-text's default): a greeting in an <h1> stays a greeting.
  ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({
    selector,
    format: 'heading',
    options: { uppercase: false },
  })),
];

/** For mail we send: links kept as "label [url]", lines wrapped at 78 as mail clients expect. */
const forSending = compile({
  wordwrap: 78,
  selectors: [...base, { selector: 'a', options: { hideLinkHrefIfSameAsText: true } }],
});

/** For reading received mail: no link addresses, no wrapping. */
const forReading = compile({
  wordwrap: false,
  selectors: [...base, { selector: 'a', options: { ignoreHref: true } }],
});

export function textFromHtml(html: string, purpose: 'sending' | 'reading' = 'sending'): string {
  return (purpose === 'sending' ? forSending : forReading)(html).trim();
}

/** Text made safe to put in HTML, between tags or in a quoted attribute. */
export const escapeHtml = (text: string): string =>
  text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
