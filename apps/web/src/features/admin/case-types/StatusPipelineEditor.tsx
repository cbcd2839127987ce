import { closestCenter, DndContext } from '@dnd-kit/core';
import { Button, Group, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconPlus } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client';
import { localLabel } from '../../../ui/labels';
import { errorMessage, notifySuccess } from '../../../ui/notify';
import { usePhone } from '../../../ui/use-phone';
import { issueCode, notifyProblem, notifyWriteError } from '../server-errors';
import { classes as adminClasses, confirmDanger, useDialog } from '../ui';
import { CaseStatusFormModal } from './CaseStatusFormModal';
import {
  adminCaseTypesQuery,
  type CaseStatus,
  type CaseType,
  type CaseTypesData,
  deleteCaseStatus,
  invalidateCaseTypes,
  liveStatuses,
  reorderCaseStatuses,
  restoreCaseStatus,
  retiredStatuses,
} from './case-types.api';
import classes from './case-types.module.css';
import { RetireStatusModal } from './RetireStatusModal';
import { StatusRow } from './StatusRow';
import { useMoveFocus } from './use-move-focus';
import { usePipelineDnd } from './use-pipeline-dnd';

/** The server's own explanation of a refusal (its field message), without the generic title. */
const problemText = (error: unknown) =>
  (isApiError(error) && error.errors[0]?.message) || errorMessage(error);

/** The ordered statuses of one case type: drag (or arrows) to reorder, add, edit, retire, restore, delete. */
export function StatusPipelineEditor({ type }: { type: CaseType }) {
  const { t, i18n } = useTranslation('admin');
  const phone = usePhone();
  const queryClient = useQueryClient();
  const live = liveStatuses(type);
  const retired = retiredStatuses(type);
  const editDialog = useDialog<CaseStatus>();
  const retireDialog = useDialog<CaseStatus>();
  const [announcement, setAnnouncement] = useState('');
  const rootRef = useRef<HTMLDivElement>(null);
  const chain = useRef<Promise<unknown>>(Promise.resolve());
  const reload = () => invalidateCaseTypes(queryClient);
  const label = (s: CaseStatus) => localLabel(s.labels, i18n.language, s.key);
  const indexOf = (id: string | number | undefined) => live.findIndex((s) => s.id === id);
  const focusMoved = useMoveFocus(rootRef, indexOf);

  /** Puts the status at `to`, on screen at once, then saves the whole order. */
  const reorder = (from: number, to: number) => {
    if (from === to || from < 0 || to < 0 || to >= live.length) return;
    const next = [...live];
    const [moved] = next.splice(from, 1);
    next.splice(to, 0, moved!);
    const positions = new Map(next.map((s, position) => [s.id, position]));
    queryClient.setQueryData<CaseTypesData>(adminCaseTypesQuery.queryKey, (old) =>
      old
        ? {
            ...old,
            data: old.data.map((x) =>
              x.id === type.id
                ? {
                    ...x,
                    statuses: x.statuses.map((s) => ({ ...s, position: positions.get(s.id) ?? s.position })),
                  }
                : x,
            ),
          }
        : old,
    );
    const ids = next.map((s) => s.id);
    chain.current = chain.current.then(async () => {
      try {
        await reorderCaseStatuses(type.id, ids);
      } catch (error) {
        notifyWriteError(error, reload);
      }
      await reload();
    });
    return moved!;
  };

  const dnd = usePipelineDnd(live, label, reorder);

  const move = (status: CaseStatus, direction: -1 | 1) => {
    const from = indexOf(status.id);
    const to = from + direction;
    if (!reorder(from, to)) return;
    setAnnouncement(
      t('caseTypes.pipeline.moved', { label: label(status), position: to + 1, total: live.length }),
    );
    focusMoved(status.id, direction, to);
  };

  const restore = async (status: CaseStatus) => {
    try {
      await restoreCaseStatus(type.id, status.id);
      await reload();
      notifySuccess(t('caseTypes.pipeline.restored', { name: label(status) }));
    } catch (error) {
      notifyWriteError(error, reload);
    }
  };

  const remove = (status: CaseStatus) =>
    confirmDanger({
      title: t('caseTypes.pipeline.delete_title', { name: label(status) }),
      message: t('caseTypes.pipeline.delete_message'),
      confirm: t('delete'),
      onConfirm: async () => {
        try {
          await deleteCaseStatus(type.id, status.id);
          await reload();
          notifySuccess(t('caseTypes.pipeline.deleted', { name: label(status) }));
        } catch (error) {
          if (issueCode(error) === 'status_in_use' && !status.retired)
            modals.openConfirmModal({
              title: t('caseTypes.pipeline.in_use_title', { name: label(status) }),
              centered: true,
              className: adminClasses.touch,
              closeButtonProps: { 'aria-label': t('close') },
              children: <Text size="sm">{problemText(error)}</Text>,
              labels: { confirm: t('caseTypes.pipeline.retire'), cancel: t('cancel') },
              onConfirm: () => retireDialog.open(status),
            });
          else if (issueCode(error) === 'status_in_use' || issueCode(error) === 'last_open_status')
            notifyProblem(problemText(error));
          else notifyWriteError(error, reload);
        }
      },
    });

  const rowProps = (status: CaseStatus) => ({
    status,
    onEdit: () => editDialog.open(status),
    onRetire: () => retireDialog.open(status),
    onRestore: () => void restore(status),
    onDelete: () => remove(status),
  });

  return (
    <Stack gap="sm" ref={rootRef}>
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <Text size="sm" c="dimmed" style={{ flex: '1 1 260px' }}>
          {phone ? t('caseTypes.pipeline.hint_phone') : t('caseTypes.pipeline.hint')}
        </Text>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => editDialog.open()}>
          {t('caseTypes.pipeline.add')}
        </Button>
      </Group>
      <VisuallyHidden role="status" aria-live="polite">
        {announcement}
      </VisuallyHidden>
      {!phone && (
        <div className={classes.head} aria-hidden>
          <span />
          <span>{t('pick_lists.order')}</span>
          <span>{t('caseTypes.pipeline.status')}</span>
          <span>{t('caseTypes.status.category')}</span>
          <span>{t('caseTypes.pipeline.probability')}</span>
          <span>{t('caseTypes.status.next_action')}</span>
          <span>{t('caseTypes.pipeline.cases')}</span>
          <span />
        </div>
      )}
      <DndContext {...dnd.context} collisionDetection={closestCenter}>
        <ul
          className={classes.pipeline}
          aria-label={t('caseTypes.pipeline.live_label', {
            type: localLabel(type.labels, i18n.language, type.key),
          })}
        >
          {live.map((status, index) => (
            <StatusRow
              key={status.id}
              {...rowProps(status)}
              index={index}
              total={live.length}
              dropSide={dnd.dropSide(status)}
              onMove={(direction) => move(status, direction)}
            />
          ))}
        </ul>
      </DndContext>
      {retired.length > 0 && (
        <Stack gap={6} mt="sm">
          <Title order={3} size="h5" id={`retired-${type.id}`}>
            {t('caseTypes.pipeline.retired_title')}
          </Title>
          <Text size="xs" c="dimmed" mt={-4}>
            {t('caseTypes.pipeline.retired_hint')}
          </Text>
          <ul className={classes.pipeline} aria-labelledby={`retired-${type.id}`}>
            {retired.map((status) => (
              <StatusRow key={status.id} {...rowProps(status)} index={-1} total={0} />
            ))}
          </ul>
        </Stack>
      )}
      <CaseStatusFormModal
        key={`edit-${editDialog.key}`}
        type={type}
        status={editDialog.target}
        opened={editDialog.opened}
        onClose={editDialog.close}
      />
      <RetireStatusModal
        key={`retire-${retireDialog.key}`}
        type={type}
        status={
          retireDialog.target &&
          (type.statuses.find((s) => s.id === retireDialog.target?.id) ?? retireDialog.target)
        }
        opened={retireDialog.opened}
        onClose={retireDialog.close}
      />
    </Stack>
  );
}
