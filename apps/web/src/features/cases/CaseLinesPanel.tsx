import { Alert, Button, Group, Stack } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { errorMessage, notifySuccess } from '../../ui/notify';
import { Panel } from '../../ui/Panel';
import { CaseLinesEditor } from './CaseLinesEditor';
import { type Case, caseChanged, updateCase } from './cases.api';
import { LineTotals } from './LineTotals';
import { draftsToInput, draftTotals, type LineDraft, linesToDrafts } from './line-drafts';

/**
 * The lines of a case with lines: edit them all, then save once (the server replaces the lines and computes
 * every amount; what shows after saving is the server's answer).
 */
export function CaseLinesPanel({ item }: { item: Case }) {
  const { t } = useTranslation('cases');
  const queryClient = useQueryClient();
  const saved = linesToDrafts(item.lines);
  const [draft, setDraft] = useState<LineDraft[] | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const lines = draft ?? saved;
  const dirty = draft !== null;
  const preview = draftTotals(lines);
  const readOnly = Boolean(item.deleted_at);

  const save = async () => {
    if (!draft) return;
    setSaving(true);
    setError(null);
    setErrors({});
    try {
      const answer = await updateCase(item.id, { version: item.version, lines: draftsToInput(draft) });
      caseChanged(queryClient, answer);
      // The page shows the server's lines and totals from its answer (or its refetch).
      if (!answer.lines) await queryClient.invalidateQueries({ queryKey: ['cases', 'one', item.id] });
      setDraft(null);
      notifySuccess(t('lines.saved'));
    } catch (e) {
      if (isApiError(e)) {
        const mapped: Record<string, string> = {};
        for (const issue of e.errors) {
          const match = /^lines\.(\d+)\.(.+)$/.exec(issue.field);
          if (match) mapped[`${match[1]}.${match[2]}`] = issue.message;
        }
        setErrors(mapped);
      }
      setError(isApiError(e, 'version_conflict') ? t('lines.conflict') : errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Panel title={t('lines.title')} count={saved.length}>
      <Stack gap="sm">
        <CaseLinesEditor
          lines={lines}
          onChange={setDraft}
          currency={item.currency}
          errors={errors}
          disabled={readOnly || saving}
        />
        {dirty ? (
          <LineTotals net={preview.net} tax={preview.tax} currency={item.currency} preview />
        ) : (
          <LineTotals net={item.amount} tax={item.tax_amount} currency={item.currency} />
        )}
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        {dirty && (
          <Group justify="flex-end" gap="sm">
            <Button
              variant="default"
              onClick={() => {
                setDraft(null);
                setErrors({});
                setError(null);
              }}
            >
              {t('translation:common.cancel')}
            </Button>
            <Button onClick={() => void save()} loading={saving}>
              {t('lines.save')}
            </Button>
          </Group>
        )}
      </Stack>
    </Panel>
  );
}
