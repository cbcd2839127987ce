import { Avatar, Badge, Box, Checkbox, Group, Stack, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { IconAlarm, IconLock, IconUsersGroup } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../ui/links';
import { usePhone } from '../../ui/use-phone';
import { RowMenu, TakeButton } from './ActionRowControls';
import { ActionTypeIcon } from './ActionTypeIcon';
import { formatExact, formatLate, formatWhen } from './action-time';
import { type Action, useActionTypes } from './actions.api';
import classes from './actions.module.css';
import { CompleteAction } from './CompleteAction';

export interface ActionRowProps {
  action: Action;
  timeZone: string;
  now: Date;
  onOpen: (action: Action) => void;
  /** With it, the row has a checkbox for bulk actions. */
  selected?: boolean;
  onSelectedChange?: ((selected: boolean) => void) | undefined;
  onReassign?: ((action: Action) => void) | undefined;
  /** Hide the entity (on the entity's own page). */
  hideEntity?: boolean;
  /** `card` stacks the parts (phones, narrow columns); by default phones get cards, wider screens rows. */
  layout?: 'row' | 'card';
  /** In a list of one's own actions the assignee is always oneself: show only a team, if any. */
  hideOwnAssignee?: boolean;
}

/**
 * One planned action: type icon, subject, entity and contact, when (overdue in red with how late),
 * assignee or team, Take for a team action, mark done. A row on desktop, a card on phones.
 */
export function ActionRow(props: ActionRowProps) {
  const { action, timeZone, now, onOpen, selected, onSelectedChange, hideEntity, layout, hideOwnAssignee } =
    props;
  const { t } = useTranslation('actions');
  const phone = usePhone();
  const types = useActionTypes();
  const typeLabel = types.label(types.byId(action.type_id) ?? action.type);
  const card = layout ? layout === 'card' : phone;

  const select = onSelectedChange && (
    // biome-ignore lint/a11y/noLabelWithoutControl: the Checkbox inside is the control
    <label className={classes.checkbox}>
      <Checkbox
        aria-label={t('row.select', { subject: action.subject })}
        checked={Boolean(selected)}
        onChange={(e) => onSelectedChange(e.currentTarget.checked)}
      />
    </label>
  );
  const subject = (
    <UnstyledButton className={classes.subject} onClick={() => onOpen(action)}>
      {action.subject}
      {action.private && (
        <IconLock size={14} style={{ marginLeft: 4, verticalAlign: -2 }} aria-label={t('fields.private')} />
      )}
    </UnstyledButton>
  );
  const links = !hideEntity && (action.entity || action.contact) && (
    <Text size="xs" c="dimmed" lineClamp={1}>
      {action.entity && (
        <AnchorLink
          to="/entities/$id"
          params={{ id: action.entity.id }}
          size="xs"
          c="dimmed"
          underline="hover"
        >
          {action.entity.name}
        </AnchorLink>
      )}
      {action.entity && action.contact && ' · '}
      {action.contact && (
        <AnchorLink
          to="/contacts/$id"
          params={{ id: action.contact.id }}
          size="xs"
          c="dimmed"
          underline="hover"
        >
          {action.contact.name}
        </AnchorLink>
      )}
    </Text>
  );
  const when = (
    <Tooltip
      label={formatExact(action.starts_at ?? action.due_at, timeZone)}
      openDelay={400}
      events={{ hover: true, focus: true, touch: true }}
    >
      <Box className={classes.when} data-inline={card || undefined}>
        <Text size="sm" component="time" dateTime={action.starts_at ?? action.due_date ?? action.due_at}>
          {formatWhen(action, timeZone, now)}
        </Text>
        {action.overdue && (
          <Text size="xs" fw={600} className={classes.overdue}>
            <IconAlarm size={14} aria-hidden />
            {t('row.overdue', { ago: formatLate(action, timeZone, now) })}
          </Text>
        )}
      </Box>
    </Tooltip>
  );
  const controls = (
    <Group gap={4} wrap="nowrap">
      <CompleteAction action={action} />
      <RowMenu {...props} />
    </Group>
  );

  if (card) {
    return (
      <Box className={classes.card} data-selected={selected || undefined}>
        {select}
        <ActionTypeIcon icon={action.type.icon} color={action.type.color} size="sm" label={typeLabel} />
        <Stack gap={2} className={classes.main}>
          {subject}
          {links}
          {when}
          <Group gap={6} justify="space-between" wrap="wrap">
            <Assignee action={action} hideUser={hideOwnAssignee} />
            <TakeButton action={action} />
          </Group>
        </Stack>
        <Stack gap={4} align="center">
          <CompleteAction action={action} />
          <RowMenu {...props} />
        </Stack>
      </Box>
    );
  }
  return (
    <Box className={classes.row} data-selected={selected || undefined}>
      {select}
      <ActionTypeIcon icon={action.type.icon} color={action.type.color} size="md" label={typeLabel} />
      <Stack gap={0} className={classes.main}>
        {subject}
        {links}
      </Stack>
      <Box w={190}>{when}</Box>
      <Stack w={180} gap={2} align="flex-start">
        <Assignee action={action} hideUser={hideOwnAssignee} />
        <TakeButton action={action} />
      </Stack>
      {controls}
    </Box>
  );
}

function Assignee({ action, hideUser }: { action: Action; hideUser?: boolean | undefined }) {
  const { t } = useTranslation('actions');
  if (hideUser && !action.assignee_team) return null;
  return (
    <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
      {action.assignee_user && !hideUser && (
        <>
          <Avatar size={24} radius="xl" color="initials" name={action.assignee_user.name} aria-hidden />
          <Text size="xs" truncate>
            {action.assignee_user.name}
          </Text>
        </>
      )}
      {action.assignee_team && (
        <Badge
          size="sm"
          tt="none"
          variant="default"
          leftSection={<IconUsersGroup size={12} aria-hidden />}
          title={t('row.team', { team: action.assignee_team.name })}
          style={{ flexShrink: 0, maxWidth: 140 }}
        >
          {action.assignee_team.name}
        </Badge>
      )}
    </Group>
  );
}
