import {
  ActionIcon,
  Box,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { TimeInput } from '@mantine/dates';
import type { UseFormReturnType } from '@mantine/form';
import { IconArrowDown, IconArrowUp, IconTrash } from '@tabler/icons-react';
import { ASSIGNEE_RULES } from '@trato/contracts/actions';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { usePhone } from '../../../ui/use-phone';
import { ActionTypeIcon } from '../../actions/ActionTypeIcon';
import type { ActionType } from '../../actions/actions.api';
import { classes } from '../ui';
import type { AssigneeRule, SequenceValues } from './sequence-form';

type Option = { value: string; label: string };

interface Props {
  form: UseFormReturnType<SequenceValues>;
  index: number;
  count: number;
  typeOptions: Option[];
  typeOf: (id: string | null) => ActionType | undefined;
  userOptions: Option[];
  teamOptions: Option[];
  onMove: (index: number, direction: -1 | 1) => void;
  onRemove: (index: number) => void;
}

/** One step of a sequence: what action, when (days after the previous), for whom, and what comes next. */
export function SequenceStepCard({
  form,
  index,
  count,
  typeOptions,
  typeOf,
  userOptions,
  teamOptions,
  onMove,
  onRemove,
}: Props) {
  const { t } = useTranslation('admin');
  const phone = usePhone();
  const steps = form.getValues().steps;
  const step = steps[index]!;
  const type = typeOf(step.type_id);
  const path = (field: string) => `steps.${index}.${field}`;
  const number = index + 1;
  const stepError = form.errors[`steps.${index}`];
  const title = t('sequences.step_n', { n: number });
  const nextOptions = [
    { value: '', label: t('sequences.next_default') },
    ...steps.flatMap((other, i) =>
      i === index
        ? []
        : [
            {
              value: other.key,
              label: t('sequences.step_label', { n: i + 1, subject: other.subject || '…' }),
            },
          ],
    ),
  ];
  const icon = (props: { disabled: boolean; label: string; onClick: () => void; children: ReactNode }) => (
    <Tooltip label={props.label}>
      <ActionIcon
        variant="subtle"
        color="gray"
        size={phone ? 44 : 'lg'}
        className={classes.move}
        aria-label={`${props.label}: ${title}`}
        disabled={props.disabled}
        onClick={props.onClick}
      >
        {props.children}
      </ActionIcon>
    </Tooltip>
  );

  return (
    <Box
      component="li"
      className={classes.card}
      aria-labelledby={`step-title-${step.uid}`}
      data-step={number}
    >
      <Group justify="space-between" wrap="nowrap" mb="xs">
        <Group gap="xs" wrap="nowrap">
          <ActionTypeIcon icon={type?.icon} color={type?.color} size="sm" />
          <Title order={3} size="h5" id={`step-title-${step.uid}`}>
            {title}
          </Title>
        </Group>
        <Group gap={2} wrap="nowrap">
          {icon({
            label: t('pick_lists.move_up'),
            disabled: index === 0,
            onClick: () => onMove(index, -1),
            children: <IconArrowUp size={18} aria-hidden />,
          })}
          {icon({
            label: t('pick_lists.move_down'),
            disabled: index === count - 1,
            onClick: () => onMove(index, 1),
            children: <IconArrowDown size={18} aria-hidden />,
          })}
          <Tooltip label={t('sequences.remove_step')}>
            <ActionIcon
              variant="subtle"
              color="red"
              size={phone ? 44 : 'lg'}
              aria-label={t('sequences.remove_step_label', { n: number })}
              disabled={count === 1}
              className={classes.move}
              onClick={() => onRemove(index)}
            >
              <IconTrash size={18} aria-hidden />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <Select
          label={t('sequences.type')}
          required
          data={typeOptions}
          allowDeselect={false}
          {...form.getInputProps(path('type_id'))}
        />
        <TextInput
          label={t('sequences.subject')}
          required
          maxLength={300}
          {...form.getInputProps(path('subject'))}
        />
        <Stack gap={8}>
          <NumberInput
            label={index === 0 ? t('sequences.offset_first') : t('sequences.offset')}
            min={0}
            max={365}
            allowDecimal={false}
            allowNegative={false}
            {...form.getInputProps(path('offset_days'))}
          />
          <Switch
            label={t('sequences.working_days')}
            {...form.getInputProps(path('working_days'), { type: 'checkbox' })}
          />
        </Stack>
        {type?.timed !== false && (
          <TimeInput
            label={t('sequences.time_of_day')}
            description={t('sequences.time_of_day_hint')}
            {...form.getInputProps(path('time_of_day'))}
          />
        )}
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" mt="sm">
        <Select
          label={t('sequences.assignee_rule')}
          data={ASSIGNEE_RULES.map((rule) => ({ value: rule, label: t(`sequences.rules.${rule}`) }))}
          allowDeselect={false}
          {...form.getInputProps(path('assignee_rule'))}
          onChange={(value) => value && form.setFieldValue(path('assignee_rule'), value as AssigneeRule)}
        />
        {step.assignee_rule === 'user' && (
          <Select
            label={t('sequences.assignee_user')}
            required
            searchable
            data={userOptions}
            nothingFoundMessage={t('users.none_found')}
            {...form.getInputProps(path('assignee_user_id'))}
          />
        )}
        {step.assignee_rule === 'team' && (
          <Select
            label={t('sequences.assignee_team')}
            required
            searchable
            data={teamOptions}
            {...form.getInputProps(path('assignee_team_id'))}
          />
        )}
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" mt="sm">
        <Textarea
          label={t('sequences.notes')}
          autosize
          minRows={1}
          maxRows={5}
          maxLength={5000}
          {...form.getInputProps(path('notes'))}
        />
        <Select
          label={t('sequences.next')}
          description={t('sequences.next_hint')}
          data={nextOptions}
          allowDeselect={false}
          {...form.getInputProps(path('next_key'))}
          value={step.next_key ?? ''}
          onChange={(value) => form.setFieldValue(path('next_key'), value || null)}
        />
      </SimpleGrid>
      {stepError && (
        <Text size="sm" c="red" role="alert" mt="xs">
          {stepError}
        </Text>
      )}
    </Box>
  );
}
