import { Text, UnstyledButton } from '@mantine/core';
import type { TimelineItem } from '@trato/contracts/records';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime } from '../../ui/format';
import { useActionTypes } from '../actions/actions.api';
import { usePickLists } from '../pick-lists/pick-lists.api';
import { ChangeList, isChange } from './ChangeList';
import { ACTION_CHANGE_FIELDS, useActionChangeFormatter } from './use-action-change-formatter';

const after = (item: TimelineItem, field: string): unknown => {
  const value = item.changes[field];
  return isChange(value) ? value[1] : undefined;
};

/** The verb of an action event: created (or logged already done), completed, taken… */
export function actionVerb(item: TimelineItem): string {
  const verb = item.type.split('.')[1] ?? 'updated';
  if (verb === 'created' && after(item, 'status') === 'done') return 'logged';
  if (verb === 'updated' && item.changes.taken) return 'taken';
  return verb;
}

/** The title of an action event: "Llamada · hecha · No contesta". */
export function ActionEventTitle({ item }: { item: TimelineItem }) {
  const { t } = useTranslation('timeline');
  const types = useActionTypes();
  const pick = usePickLists();
  const type = types.all.find((x) => x.key === item.changes.type_key);
  const verb = actionVerb(item);
  const outcome = after(item, 'outcome');
  const parts = [
    types.label(type) || t('action.fallback_type'),
    t(`action.verbs.${verb}`, { defaultValue: verb }),
    (verb === 'completed' || verb === 'logged') && typeof outcome === 'string'
      ? pick.label('action_outcomes', outcome)
      : null,
  ].filter(Boolean);
  return (
    <Text size="sm" fw={600}>
      {parts.join(' · ')}
    </Text>
  );
}

/** The body of an action event: its subject (opens it), when it was planned for, what changed, the reason. */
export function ActionEventBody({ item, onOpen }: { item: TimelineItem; onOpen: (id: string) => void }) {
  const { t } = useTranslation('timeline');
  const format = useActionChangeFormatter();
  const verb = actionVerb(item);
  const starts = after(item, 'starts_at');
  const due = after(item, 'due_date');
  const notes = after(item, 'outcome_notes');
  const reason = typeof item.changes.reason === 'string' ? item.changes.reason : null;
  const changes =
    verb === 'created' || verb === 'logged'
      ? []
      : ACTION_CHANGE_FIELDS.flatMap((field) => {
          const value = item.changes[field];
          // Status and outcome are already in the title of completions, cancellations and reopenings.
          if (verb !== 'updated' && verb !== 'reassigned' && (field === 'status' || field === 'outcome'))
            return [];
          if (field === 'outcome_notes' && (verb === 'completed' || verb === 'cancelled')) return [];
          return isChange(value) ? [[field, value] as [string, [unknown, unknown]]] : [];
        });
  return (
    <>
      {item.summary && (
        <UnstyledButton onClick={() => onOpen(item.object_id)} style={{ textAlign: 'left' }}>
          <Text size="sm" lineClamp={3} td="underline" style={{ textDecorationStyle: 'dotted' }}>
            {item.summary}
          </Text>
        </UnstyledButton>
      )}
      {verb === 'created' && (typeof starts === 'string' || typeof due === 'string') && (
        <Text size="sm" c="dimmed">
          {t('action.planned_for', {
            when: typeof starts === 'string' ? formatDateTime(starts) : formatDate(String(due)),
          })}
        </Text>
      )}
      {(verb === 'completed' || verb === 'logged') && typeof notes === 'string' && notes && (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} lineClamp={6}>
          {notes}
        </Text>
      )}
      <ChangeList changes={changes} label={format.label} value={format.value} />
      {reason && (
        <Text size="sm" c="dimmed">
          {t('action.reason', { reason })}
        </Text>
      )}
    </>
  );
}
