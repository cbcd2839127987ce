import { Button, ColorSwatch, Group, Menu, Progress, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconArrowRight, IconChevronDown } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { usePhone } from '../../ui/use-phone';
import { type Case, type CaseStatus, type CaseType, liveStatuses, useCaseTypes } from './cases.api';
import classes from './cases.module.css';

interface Props {
  item: Case;
  type: CaseType;
  onMove: (status: CaseStatus) => void;
  disabled?: boolean;
}

/**
 * Where the case is in its pipeline: the open statuses as steps (the current one marked, earlier ones done),
 * then the closing status it reached. A step moves the case there; "Mover a…" lists every status, closing
 * ones included. Phones get "Paso 2 de 4" with a bar and the menu.
 */
export function CaseStatusSteps({ item, type, onMove, disabled }: Props) {
  const { t } = useTranslation('cases');
  const types = useCaseTypes();
  const phone = usePhone();
  const all = liveStatuses(type);
  const open = all.filter((s) => s.category === 'open');
  const current = all.find((s) => s.id === item.status_id);
  const steps = current && current.category !== 'open' ? [...open, current] : open;
  const index = steps.findIndex((s) => s.id === item.status_id);
  const targets = all.filter((s) => s.id !== item.status_id);

  const menu = (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button
          variant="light"
          size={phone ? 'sm' : 'compact-sm'}
          rightSection={<IconChevronDown size={14} />}
          disabled={disabled || targets.length === 0}
        >
          {t('card.move_to')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {targets.map((status) => (
          <Menu.Item
            key={status.id}
            leftSection={<ColorSwatch color={`var(--mantine-color-${status.color}-6)`} size={12} />}
            rightSection={<IconArrowRight size={14} aria-hidden />}
            onClick={() => onMove(status)}
          >
            {types.label(status)}
            {status.category !== 'open' && (
              <Text span size="xs" c="dimmed">{` · ${t(`category.${status.category}`)}`}</Text>
            )}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );

  if (phone)
    return (
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Text size="sm">
            {index >= 0 && current?.category === 'open'
              ? t('steps.step_of', { n: index + 1, total: open.length })
              : t(`category.${item.status.category}`)}
            {' · '}
            <Text span fw={600}>
              {types.label(item.status)}
            </Text>
          </Text>
          {menu}
        </Group>
        <Progress
          value={open.length ? ((index + 1) / open.length) * 100 : 0}
          color={item.status.category === 'lost' ? 'red' : undefined}
          aria-label={t('steps.label')}
        />
      </Stack>
    );

  return (
    <Group gap="xs" wrap="nowrap" align="center">
      <nav aria-label={t('steps.label')} style={{ flex: 1, minWidth: 0 }}>
        <ol className={classes.steps}>
          {steps.map((status, i) => {
            const isCurrent = status.id === item.status_id;
            return (
              <li key={status.id} className={classes.stepItem}>
                <UnstyledButton
                  className={classes.step}
                  data-current={isCurrent || undefined}
                  data-done={(index >= 0 && i < index) || undefined}
                  data-category={status.category}
                  aria-current={isCurrent ? 'step' : undefined}
                  disabled={disabled}
                  onClick={() => !isCurrent && onMove(status)}
                  title={isCurrent ? undefined : t('steps.move_to', { status: types.label(status) })}
                >
                  {types.label(status)}
                </UnstyledButton>
              </li>
            );
          })}
        </ol>
      </nav>
      {menu}
    </Group>
  );
}
