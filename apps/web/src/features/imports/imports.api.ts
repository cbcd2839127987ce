import { queryOptions } from '@tanstack/react-query';
import type { CaseImportResult as CaseImportResultSchema } from '@trato/contracts/cases';
import type { z } from 'zod';
import { api, download, upload } from '../../api/client';

export type CaseImportResult = z.infer<typeof CaseImportResultSchema>;
export type ImportIssue = CaseImportResult['issues'][number];

/** The server refuses bigger files (413); checked here first so nobody waits for an upload that will fail. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
export const ACCEPTED_FILES =
  '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Checks (dry run) or imports a file; the answer is the saved report. */
export function runCaseImport(file: File, dryRun: boolean): Promise<CaseImportResult> {
  const form = new FormData();
  form.append('file', file, file.name);
  return upload<CaseImportResult>('/imports/cases', form, { query: { dry_run: dryRun } });
}

/** A saved report (its id travels in the URL, so a report can be opened again or shared with an admin). */
export const importReportQuery = (id: string) =>
  queryOptions({
    queryKey: ['imports', id],
    queryFn: () => api<CaseImportResult>(`/imports/${id}`),
    staleTime: Number.POSITIVE_INFINITY,
  });

export const downloadCaseImportTemplate = (format: 'csv' | 'xlsx') =>
  download('/imports/cases/template', { format }, `trato-case-import.${format}`);
