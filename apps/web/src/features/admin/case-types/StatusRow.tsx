import { useDraggable, useDroppable } from '@dnd-kit/core';
import { ActionIcon, Badge, Box, Group, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { IconArchive, IconArrowBackUp, IconGripVertical } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import type { CSSProperties, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../ui/format';
import { localLabel } from '../../../ui/labels';
import { usePhone } from '../../../ui/use-phone';
import { actionTypesQuery } from '../../actions/actions.api';
import { classes as adminClasses, RowMenu, useRowItems } from '../ui';
import { CategoryBadge, MoveButtons } from './case-type-ui';
import type { CaseStatus } from './case-types.api';
import classes from './case-types.module.css';

interface Props {
  status: CaseStatus;
  /** Place among the live statuses (-1 for a retired one). */
  index: number;
  total: number;
  dropSide?: 'before' | 'after' | undefined;
  onMove?: (direction: -1 | 1) => void;
  onEdit: () => void;
  onRetire: () => void;
  onRestore: () => void;
  onDelete: () => void;
}

/** One status of the pipeline; live ones can be dragged by their handle or moved with the arrows. */
export function StatusRow(props: Props) {
  return props.status.retired ? <Row {...props} /> : <DraggableRow {...props} />;
}

function DraggableRow(props: Props) {
  const { t, i18n } = useTranslation('admin');
  const { status } = props;
  const drag = useDraggable({
    id: status.id,
    attributes: { roleDescription: t('caseTypes.pipeline.draggable') },
  });
  const drop = useDroppable({ id: status.id });
  const setRef = (node: HTMLLIElement | null) => {
    drag.setNodeRef(node);
    drop.setNodeRef(node);
  };
  const style: CSSProperties | undefined = drag.transform
    ? { transform: `translate3d(0, ${drag.transform.y}px, 0)` }
    : undefined;
  const handle = (
    <ActionIcon
      variant="subtle"
      color="gray"
      size="lg"
      className={classes.handle}
      aria-label={t('caseTypes.pipeline.drag_label', {
        label: localLabel(status.labels, i18n.language, status.key),
      })}
      {...drag.listeners}
      {...drag.attributes}
    >
      <IconGripVertical size={18} aria-hidden />
    </ActionIcon>
  );
  return <Row {...props} rowRef={setRef} style={style} dragging={drag.isDragging} handle={handle} />;
}

function Row({
  status,
  index,
  total,
  dropSide,
  onMove,
  onEdit,
  onRetire,
  onRestore,
  onDelete,
  rowRef,
  style,
  dragging,
  handle,
}: Props & {
  rowRef?: (node: HTMLLIElement | null) => void;
  style?: CSSProperties | undefined;
  dragging?: boolean;
  handle?: ReactNode;
}) {
  const { t, i18n } = useTranslation('admin');
  const phone = usePhone();
  const rowItems = useRowItems();
  const actionTypes = useQuery(actionTypesQuery).data;
  const label = localLabel(status.labels, i18n.language, status.key);

  const moveButtons = onMove && (
    <MoveButtons id={status.id} label={label} index={index} total={total} onMove={onMove} />
  );
  const name = (
    <Group gap="xs" wrap="nowrap" className={classes.cell}>
      <UnstyledButton className={adminClasses.cellButton} onClick={onEdit} style={{ minWidth: 0 }}>
        <Text span inherit truncate="end">
          {label}
        </Text>
      </UnstyledButton>
      {status.retired && (
        <Badge size="sm" variant="default" tt="none" fw={500}>
          {t('caseTypes.pipeline.retired_badge')}
        </Badge>
      )}
    </Group>
  );
  const actionType = actionTypes?.find((a) => a.id === status.next_action_type_id);
  const nextAction =
    status.next_action === 'none' ? (
      <Text size="sm" c="dimmed">
        <span aria-hidden>—</span>
        <VisuallyHidden>{t('caseTypes.rules.none')}</VisuallyHidden>
      </Text>
    ) : (
      <Text size="sm" truncate="end">
        {t(`caseTypes.rules_short.${status.next_action}`, {
          type: actionType ? localLabel(actionType.labels, i18n.language, actionType.key) : '…',
        })}
      </Text>
    );
  const probability = (
    <Text size="sm">
      <VisuallyHidden>{t('caseTypes.pipeline.probability')}: </VisuallyHidden>
      {formatNumber(status.probability)} %
    </Text>
  );
  const count = (
    <Text size="sm" c={status.case_count ? undefined : 'dimmed'}>
      {t('caseTypes.pipeline.case_count', {
        count: status.case_count,
        formatted: formatNumber(status.case_count),
      })}
    </Text>
  );
  const menu = (
    <RowMenu
      name={label}
      items={[
        rowItems.edit(onEdit),
        status.retired
          ? {
              label: t('caseTypes.pipeline.restore'),
              icon: <IconArrowBackUp size={16} aria-hidden />,
              onClick: onRestore,
            }
          : {
              label: t('caseTypes.pipeline.retire'),
              icon: <IconArchive size={16} aria-hidden />,
              onClick: onRetire,
            },
        rowItems.remove(onDelete),
      ]}
    />
  );
  const common = {
    ref: rowRef,
    style: { ...style, borderLeftColor: `var(--mantine-color-${status.color}-filled)` },
    'data-dragging': dragging || undefined,
    'data-drop': dropSide,
    'data-retired': status.retired || undefined,
  };

  if (phone)
    return (
      <Box component="li" {...common} className={`${classes.row} ${classes.phoneRow}`}>
        <Group justify="space-between" wrap="nowrap" gap="xs">
          {name}
          {menu}
        </Group>
        <Group gap="sm">
          <CategoryBadge category={status.category} />
          {probability}
          {count}
        </Group>
        {status.next_action !== 'none' && nextAction}
        {moveButtons}
      </Box>
    );
  return (
    <Box component="li" {...common} className={classes.row}>
      <span>{handle}</span>
      <span>{moveButtons}</span>
      {name}
      <span>
        <CategoryBadge category={status.category} />
      </span>
      {probability}
      <span className={classes.cell}>{nextAction}</span>
      {count}
      {menu}
    </Box>
  );
}
