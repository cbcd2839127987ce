import { Chip, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { actionIconOf } from '../actions/ActionTypeIcon';
import { useActionTypes } from '../actions/actions.api';
import { TIMELINE_FILTERS, type TimelineFilter } from './timeline.api';

interface Props {
  filter: TimelineFilter;
  onFilterChange: (filter: TimelineFilter) => void;
  actionTypes: string[];
  onActionTypesChange: (keys: string[]) => void;
  /** The chips offered (all of them by default). */
  filters?: readonly TimelineFilter[];
}

/** Chips above the history: all, changes, notes, files, actions; with actions, the action types. */
export function TimelineFilters({
  filter,
  onFilterChange,
  actionTypes,
  onActionTypesChange,
  filters = TIMELINE_FILTERS,
}: Props) {
  const { t } = useTranslation('timeline');
  const types = useActionTypes();
  return (
    <>
      <Group gap={6} role="group" aria-label={t('filters.label')}>
        <Chip.Group multiple={false} value={filter} onChange={(v) => onFilterChange(v as TimelineFilter)}>
          {filters.map((f) => (
            <Chip key={f} value={f} size="sm" variant="outline">
              {t(`filters.${f}`)}
            </Chip>
          ))}
        </Chip.Group>
      </Group>
      {filter === 'actions' && types.all.length > 0 && (
        <Group gap={6} mt={6} role="group" aria-label={t('filters.action_types')}>
          <Chip.Group multiple value={actionTypes} onChange={onActionTypesChange}>
            {types.all.map((type) => {
              const Glyph = actionIconOf(type.icon);
              return (
                <Chip key={type.id} value={type.key} size="xs" icon={<Glyph size={12} aria-hidden />}>
                  {types.label(type)}
                </Chip>
              );
            })}
          </Chip.Group>
        </Group>
      )}
    </>
  );
}
