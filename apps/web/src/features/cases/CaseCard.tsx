import { type DraggableSyntheticListeners, useDraggable } from '@dnd-kit/core';
import { ActionIcon, Avatar, ColorSwatch, Group, Menu, Stack, Text, Tooltip } from '@mantine/core';
import { IconArrowRight, IconDots, IconExternalLink, IconGripVertical } from '@tabler/icons-react';
import type { CSSProperties, KeyboardEventHandler, PointerEventHandler, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatMoney } from '../../ui/format';
import { AnchorLink, MenuItemLink } from '../../ui/links';
import { ColorBadge } from './ColorBadge';
import type { Case, CaseStatus, CaseType } from './cases.api';
import classes from './cases.module.css';
import { SlaBadge } from './SlaBadge';

const PRIORITY_COLOR: Record<Case['priority'], string | undefined> = {
  low: undefined,
  normal: undefined,
  high: 'var(--mantine-color-orange-7)',
  urgent: 'var(--mantine-color-red-8)',
};

interface Props {
  item: Case;
  type: CaseType;
  /** Where the card can go ("Mover a…"): the type's live statuses. */
  statuses: CaseStatus[];
  statusLabel: (status: { labels: Record<string, string>; key: string }) => string;
  onMove: (item: Case, status: CaseStatus) => void;
  /** Dragging off (phones move from the menu) or while the card's move is being saved. */
  dragDisabled?: boolean;
  pending?: boolean;
}

/** A case on the board: drag it with the mouse (anywhere) or the keyboard (its handle), or "Mover a…". */
export function CaseCard(props: Props) {
  const { item, dragDisabled } = props;
  const { t } = useTranslation('cases');
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, isDragging } = useDraggable({
    id: item.id,
    data: { item },
    disabled: dragDisabled,
    attributes: { roleDescription: t('board.draggable') },
  });
  return (
    <CardBody
      {...props}
      nodeRef={setNodeRef}
      pointer={listeners}
      handle={
        dragDisabled ? null : (
          <ActionIcon
            ref={setActivatorNodeRef}
            variant="subtle"
            color="gray"
            size="sm"
            className={classes.handle}
            aria-label={t('board.drag_handle', { name: `${item.number} · ${item.title}` })}
            {...attributes}
            onKeyDown={listeners?.onKeyDown as KeyboardEventHandler | undefined}
          >
            <IconGripVertical size={14} aria-hidden />
          </ActionIcon>
        )
      }
      dragging={isDragging}
    />
  );
}

/** The card as it follows the pointer while dragging (no listeners, above everything). */
export function CaseCardOverlay(props: Omit<Props, 'onMove'>) {
  return <CardBody {...props} onMove={() => {}} overlay />;
}

interface BodyProps extends Props {
  nodeRef?: (node: HTMLElement | null) => void;
  pointer?: DraggableSyntheticListeners;
  handle?: ReactNode;
  dragging?: boolean;
  overlay?: boolean;
}

function CardBody({
  item,
  type,
  statuses,
  statusLabel,
  onMove,
  nodeRef,
  pointer,
  handle,
  dragging,
  overlay,
  pending,
}: BodyProps) {
  const { t } = useTranslation('cases');
  const priorityColor = PRIORITY_COLOR[item.priority];
  const style = priorityColor ? ({ '--priority-color': priorityColor } as CSSProperties) : undefined;
  const targets = statuses.filter((s) => s.id !== item.status_id);
  return (
    <article
      ref={nodeRef}
      className={classes.card}
      style={style}
      data-dragging={dragging || undefined}
      data-overlay={overlay || undefined}
      data-pending={pending || undefined}
      data-case-id={item.id}
      aria-label={`${item.number} · ${item.title}`}
      onPointerDown={pointer?.onPointerDown as PointerEventHandler | undefined}
    >
      <Stack gap={4}>
        <Group gap={4} wrap="nowrap" justify="space-between">
          <Group gap={4} wrap="nowrap" style={{ minWidth: 0 }}>
            {handle}
            <Text size="xs" c="dimmed" className={classes.number} truncate>
              {item.number}
            </Text>
            {(item.priority === 'high' || item.priority === 'urgent') && (
              <ColorBadge size="xs" color={item.priority === 'urgent' ? 'red' : 'orange'}>
                {t(`priority.${item.priority}`)}
              </ColorBadge>
            )}
          </Group>
          {!overlay && (
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  size="sm"
                  aria-label={t('translation:common.more_actions_for', { name: item.number })}
                >
                  <IconDots size={16} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <MenuItemLink
                  to="/cases/$id"
                  params={{ id: item.id }}
                  leftSection={<IconExternalLink size={16} />}
                >
                  {t('card.open')}
                </MenuItemLink>
                {targets.length > 0 && <Menu.Label>{t('card.move_to')}</Menu.Label>}
                {targets.map((status) => (
                  <Menu.Item
                    key={status.id}
                    leftSection={<ColorSwatch color={`var(--mantine-color-${status.color}-6)`} size={12} />}
                    rightSection={<IconArrowRight size={14} aria-hidden />}
                    onClick={() => onMove(item, status)}
                  >
                    {statusLabel(status)}
                  </Menu.Item>
                ))}
              </Menu.Dropdown>
            </Menu>
          )}
        </Group>
        <AnchorLink
          to="/cases/$id"
          params={{ id: item.id }}
          fw={600}
          size="sm"
          c="var(--mantine-color-text)"
          className={classes.cardTitle}
          lineClamp={2}
        >
          {item.title}
        </AnchorLink>
        <Text size="xs" c="dimmed" truncate>
          {item.entity.name}
        </Text>
        <Group gap={6} justify="space-between" wrap="nowrap">
          <Group gap={6} wrap="wrap" style={{ minWidth: 0 }}>
            {item.amount !== null && (
              <Text size="sm" fw={600} className={classes.number}>
                {formatMoney(item.amount, item.currency)}
              </Text>
            )}
            {type.kind === 'sale' && (
              <Tooltip label={t('card.probability')}>
                <Text size="xs" c="dimmed" className={classes.number}>
                  {t('card.percent', { value: item.probability })}
                </Text>
              </Tooltip>
            )}
            {item.expected_close && (
              <Text size="xs" c="dimmed">
                {t('card.closes', { date: formatDate(item.expected_close) })}
              </Text>
            )}
          </Group>
          {item.owner && (
            <Tooltip label={item.owner.name}>
              <Avatar
                name={item.owner.name}
                color="initials"
                size={26}
                role="img"
                aria-label={t('card.owner', { name: item.owner.name })}
              />
            </Tooltip>
          )}
        </Group>
        {type.kind === 'service' && <SlaBadge sla={item.sla} openedAt={item.created_at} size="xs" />}
      </Stack>
    </article>
  );
}
