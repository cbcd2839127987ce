/** /cases/import in the URL: the report shown (so it can be opened again) and the problems' filter. */
export interface ImportSearch {
  report?: string;
  q?: string;
  column?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const text = (value: unknown, max: number) =>
  typeof value === 'string' && value.length > 0 && value.length <= max ? value : undefined;

/** validateSearch for /cases/import: anything malformed in a hand-edited URL is dropped, not fatal. */
export function validateImportSearch(raw: Record<string, unknown>): ImportSearch {
  const search: ImportSearch = {};
  if (typeof raw.report === 'string' && UUID.test(raw.report)) search.report = raw.report;
  const q = text(raw.q, 200);
  if (q) search.q = q;
  const column = text(raw.column, 100);
  if (column) search.column = column;
  return search;
}
