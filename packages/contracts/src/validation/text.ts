// Latin letters that carry no combining mark under NFD but that people type without the stroke.
const LETTER_FOLDS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};
const FOLDABLE = new RegExp(`[${Object.keys(LETTER_FOLDS).join('')}]`, 'gu');

/**
 * The form text is compared in for search and de-duplication: lowercase, without diacritics (NFD, then
 * combining marks dropped; ß→ss, ø→o, ł→l and the like), white space collapsed to single spaces, trimmed.
 * 'Muñoz Telefónica, S.A. Àlex' → 'munoz telefonica, s.a. alex'.
 */
export function normalizeSearchText(s: string): string {
  return s
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(FOLDABLE, (letter) => LETTER_FOLDS[letter] ?? letter)
    .replace(/\s+/gu, ' ')
    .trim();
}

/** True when the string contains NUL, which PostgreSQL refuses in text even as a parameter. */
export function hasNul(s: string): boolean {
  return s.includes('\u0000');
}

/** The string without NUL characters. */
export function stripNul(s: string): string {
  return s.replaceAll('\u0000', '');
}
