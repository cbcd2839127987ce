/**
 * Server field paths → form paths. Lists (emails, phones) are sent without the blank rows the form shows,
 * so `emails.1` on the API is the second non-blank input of the form.
 */
export function serverErrorsToForm(
  errors: { field: string; message: string }[],
  lists: Record<string, string[]> = {},
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const { field, message } of errors) {
    const match = /^([a-z_]+)\.(\d+)$/.exec(field);
    const list = match ? lists[match[1]!] : undefined;
    if (match && list) {
      const nonBlank = list.flatMap((s, i) => (s.trim() ? [i] : []));
      result[`${match[1]}.${nonBlank[Number(match[2])] ?? match[2]}`] = message;
    } else {
      result[field] = message;
    }
  }
  return result;
}
