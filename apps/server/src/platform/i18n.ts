import { readFileSync } from 'node:fs';
import { LOCALES, type Locale } from '@trato/contracts/common';
import i18next, { type TFunction } from 'i18next';

const catalogue = (locale: Locale) =>
  JSON.parse(
    readFileSync(new URL(`../../../../packages/contracts/src/i18n/${locale}.json`, import.meta.url), 'utf8'),
  );

const instance = i18next.createInstance();
await instance.init({
  resources: Object.fromEntries(LOCALES.map((l) => [l, { translation: catalogue(l) }])),
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  initAsync: false,
});

export const DEFAULT_LOCALE: Locale = 'es';

/** A translator bound to one language; the same catalogues the web app shows errors with. */
export function translator(locale: Locale): TFunction {
  return instance.getFixedT(locale);
}

/** Picks the caller's language from Accept-Language (q-weighted), else the given fallback. */
export function negotiateLocale(header: string | undefined, fallback: Locale = DEFAULT_LOCALE): Locale {
  if (!header) return fallback;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number.parseFloat(q.slice(2)) || 0 : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    const base = tag.split('-')[0] as Locale;
    if ((LOCALES as readonly string[]).includes(base)) return base;
  }
  return fallback;
}
