/** Admin-written labels per language ({ es, ca, en }): the user's, else any other, else the fallback. */
export function localLabel(
  labels: Record<string, string | undefined> | null | undefined,
  language: string,
  fallback: string,
): string {
  if (!labels) return fallback;
  return labels[language] || labels.es || labels.ca || labels.en || fallback;
}
