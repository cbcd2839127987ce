import { Alert, Button, Group, Select, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconArrowRight } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client';
import { localLabel } from '../../../ui/labels';
import { errorMessage, notifySuccess } from '../../../ui/notify';
import { swatch } from '../form-parts';
import { notifyWriteError } from '../server-errors';
import { AdminModal } from '../ui';
import { CategoryBadge } from './case-type-ui';
import {
  type CaseStatus,
  type CaseType,
  invalidateCaseTypes,
  liveStatuses,
  retireCaseStatus,
} from './case-types.api';

interface Props {
  type: CaseType;
  status: CaseStatus | undefined;
  opened: boolean;
  onClose: () => void;
}

/**
 * Retire a status: it takes no new cases and leaves the board; its history stays. When cases are in it, the
 * admin must say which status of the same type they move to.
 */
export function RetireStatusModal({ type, status, opened, onClose }: Props) {
  const { t, i18n } = useTranslation('admin');
  const title = status
    ? t('caseTypes.retire.title', { name: localLabel(status.labels, i18n.language, status.key) })
    : '';
  return (
    <AdminModal opened={opened} onClose={onClose} title={title} size="md">
      {status && <RetireForm type={type} status={status} onDone={onClose} />}
    </AdminModal>
  );
}

function RetireForm({ type, status, onDone }: { type: CaseType; status: CaseStatus; onDone: () => void }) {
  const { t, i18n } = useTranslation('admin');
  const queryClient = useQueryClient();
  const targets = liveStatuses(type).filter((s) => s.id !== status.id);
  const [target, setTarget] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const label = (s: CaseStatus) => localLabel(s.labels, i18n.language, s.key);
  const count = status.case_count;
  const chosen = targets.find((s) => s.id === target);

  const submit = async () => {
    if (count > 0 && !target) {
      setError(t('caseTypes.retire.target_required'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await retireCaseStatus(type.id, status.id, {
        version: status.version,
        map_to_status_id: count > 0 ? target : null,
      });
      notifySuccess(
        chosen && count > 0
          ? t('caseTypes.retire.done_moved', { count, name: label(status), target: label(chosen) })
          : t('caseTypes.retire.done', { name: label(status) }),
      );
      await invalidateCaseTypes(queryClient);
      onDone();
    } catch (e) {
      // Field problems (no target, a status of another type, the last open one) are said in the dialog.
      if (isApiError(e) && e.status === 422) setError(errorMessage(e));
      else {
        notifyWriteError(e, () => invalidateCaseTypes(queryClient));
        if (isApiError(e, 'version_conflict')) onDone();
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      noValidate
    >
      <Stack gap="md">
        <Text size="sm">{t('caseTypes.retire.explain')}</Text>
        {count > 0 ? (
          <>
            <Select
              label={t('caseTypes.retire.move_to')}
              description={t('caseTypes.retire.move_to_hint', { count })}
              placeholder={t('caseTypes.retire.pick')}
              data={targets.map((s) => ({ value: s.id, label: label(s) }))}
              value={target}
              onChange={(value) => {
                setTarget(value);
                setError(null);
              }}
              required
              allowDeselect={false}
              error={error}
              data-autofocus
              renderOption={({ option }) => {
                const s = targets.find((x) => x.id === option.value)!;
                return (
                  <Group gap="xs" wrap="nowrap" justify="space-between" w="100%">
                    <Group gap="xs" wrap="nowrap">
                      {swatch(s.color)}
                      {option.label}
                    </Group>
                    <CategoryBadge category={s.category} />
                  </Group>
                );
              }}
            />
            {chosen && (
              <Alert
                color="blue"
                variant="light"
                icon={<IconArrowRight size={18} aria-hidden />}
                role="status"
              >
                {t('caseTypes.retire.summary', { count, target: label(chosen) })}
                {chosen.category !== 'open' && ` ${t('caseTypes.retire.closes', { count })}`}
              </Alert>
            )}
          </>
        ) : (
          <>
            <Text size="sm" c="dimmed">
              {t('caseTypes.retire.no_cases')}
            </Text>
            {error && (
              <Alert color="red" icon={<IconAlertTriangle size={18} aria-hidden />} role="alert">
                {error}
              </Alert>
            )}
          </>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('cancel')}
          </Button>
          <Button type="submit" color="orange" loading={busy} data-autofocus={count === 0 || undefined}>
            {t('caseTypes.retire.confirm')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
