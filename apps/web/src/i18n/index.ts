import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import ca from './ca.json';
import en from './en.json';
import es from './es.json';

export const LANGUAGES = ['es', 'ca', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'trato.locale';

const isLanguage = (value: unknown): value is Language =>
  typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);

/** Before the user's saved locale is known: the last one used here, else the browser's, else Spanish. */
function initialLanguage(): Language {
  const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
  if (isLanguage(stored)) return stored;
  for (const tag of globalThis.navigator?.languages ?? []) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'es';
}

/**
 * Extra namespaces live next to their feature: `features/<name>/i18n/{es,ca,en}.json` (or deeper, as
 * `features/admin/<name>/i18n/…`) becomes namespace `<name>`, the folder that holds the catalogue. A glob (not an
 * import) so a feature that has no catalogue yet does not break the build.
 */
const featureCatalogues = import.meta.glob<{ default: Record<string, unknown> }>(
  '../features/**/i18n/*.json',
  { eager: true },
);

const resources: Record<Language, Record<string, Record<string, unknown>>> = {
  es: { translation: es },
  ca: { translation: ca },
  en: { translation: en },
};
for (const [path, module] of Object.entries(featureCatalogues)) {
  const match = /([^/]+)\/i18n\/([a-z]{2})\.json$/.exec(path);
  if (match && isLanguage(match[2])) resources[match[2]][match[1]!] = module.default;
}

void i18n.use(initReactI18next).init({
  resources,
  lng: initialLanguage(),
  fallbackLng: 'es',
  supportedLngs: [...LANGUAGES],
  defaultNS: 'translation',
  interpolation: { escapeValue: false },
  returnNull: false,
});

const applyLanguage = (lng: string) => {
  document.documentElement.lang = lng;
  globalThis.localStorage?.setItem(STORAGE_KEY, lng);
};
applyLanguage(i18n.language);
i18n.on('languageChanged', applyLanguage);

/** Switches the interface language (the caller saves it on the user when signed in). */
export async function setLanguage(lng: string | null | undefined) {
  if (isLanguage(lng) && lng !== i18n.language) await i18n.changeLanguage(lng);
}

export const currentLanguage = (): Language => (isLanguage(i18n.language) ? i18n.language : 'es');

export default i18n;
