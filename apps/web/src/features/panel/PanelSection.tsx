import {
  Badge,
  Box,
  Button,
  Checkbox,
  Collapse,
  Group,
  Stack,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { IconChevronDown } from '@tabler/icons-react';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionRow } from '../actions/ActionRow';
import type { Action } from '../actions/actions.api';
import classes from './panel.module.css';

interface Props {
  bucket: 'overdue' | 'today' | 'upcoming';
  actions: Action[];
  /** How many there are in all (the list may show only the first ones). */
  count: number;
  open: boolean;
  onToggle: () => void;
  selected: Record<string, Action>;
  onSelect: (actions: Action[], selected: boolean) => void;
  onOpen: (action: Action) => void;
  onReassign: (action: Action) => void;
  onMore: (() => void) | undefined;
  hideOwnAssignee: boolean;
  timeZone: string;
  now: Date;
}

/** One bucket of the panel (overdue, today, upcoming): a heading that folds it, its count, its rows. */
export function PanelSection(props: Props) {
  const { bucket, actions, count, open, onToggle, selected, onSelect } = props;
  const { t } = useTranslation('panel');
  const bodyId = useId();
  const allSelected = actions.length > 0 && actions.every((a) => selected[a.id]);
  const someSelected = actions.some((a) => selected[a.id]);
  const title = t(`sections.${bucket}`);

  return (
    <Box component="section" aria-labelledby={`${bodyId}-title`} className={classes.section}>
      <Group gap="xs" wrap="nowrap" className={classes.sectionHeader} data-bucket={bucket}>
        {actions.length > 0 && (
          // biome-ignore lint/a11y/noLabelWithoutControl: the Checkbox inside is the control
          <label className={classes.checkbox}>
            <Checkbox
              aria-label={t('select_all', { section: title })}
              checked={allSelected}
              indeterminate={someSelected && !allSelected}
              onChange={() => onSelect(actions, !allSelected)}
            />
          </label>
        )}
        <Title order={2} size="h4" id={`${bodyId}-title`} className={classes.sectionTitle}>
          <UnstyledButton
            className={classes.toggle}
            onClick={onToggle}
            aria-expanded={open}
            aria-controls={bodyId}
          >
            <IconChevronDown
              size={18}
              aria-hidden
              className={classes.chevron}
              data-open={open || undefined}
            />
            <span>{title}</span>
            <Badge
              size="lg"
              circle={count < 100}
              variant={bucket === 'overdue' && count > 0 ? 'filled' : 'default'}
              color={bucket === 'overdue' && count > 0 ? 'red.9' : undefined}
            >
              {count}
            </Badge>
          </UnstyledButton>
        </Title>
      </Group>
      <Collapse expanded={open} id={bodyId}>
        {actions.length === 0 ? (
          <Text size="sm" c="dimmed" px="sm" py="xs">
            {t(`empty.${bucket}`)}
          </Text>
        ) : (
          <Stack gap={4} component="ul" className={classes.list}>
            {actions.map((action) => (
              <li key={action.id}>
                <ActionRow
                  action={action}
                  timeZone={props.timeZone}
                  now={props.now}
                  onOpen={props.onOpen}
                  onReassign={props.onReassign}
                  selected={Boolean(selected[action.id])}
                  onSelectedChange={(on) => onSelect([action], on)}
                  hideOwnAssignee={props.hideOwnAssignee}
                />
              </li>
            ))}
          </Stack>
        )}
        {props.onMore && count > actions.length && (
          <Button variant="subtle" size="compact-sm" mt={4} onClick={props.onMore}>
            {t('show_more', { count: count - actions.length })}
          </Button>
        )}
      </Collapse>
    </Box>
  );
}
