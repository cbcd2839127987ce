import {
  ActionIcon,
  Button,
  Group,
  Menu,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  type SelectProps,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import {
  ACTION_KINDS,
  ACTION_OBJECTS,
  type ActionKind,
  type RuleField,
  type RuleValue,
} from '@trato/contracts/automation';
import { useTranslation } from 'react-i18next';
import { usePhone } from '../../../ui/use-phone';
import { type ActionRow, newAction, type RuleValues } from './rule-form';
import { fieldLabel } from './rule-summary';
import type { RuleOptions } from './use-rule-options';
import { ValueInput } from './ValueInput';

interface Props {
  form: UseFormReturnType<RuleValues>;
  fields: RuleField[];
  options: RuleOptions;
}

/** "Entonces…": the actions, in order, each with the pickers it needs. */
export function ActionsSection({ form, fields, options }: Props) {
  const { t } = useTranslation('automation');
  const phone = usePhone();
  const { actions, trigger } = form.values;
  const allowed = ACTION_KINDS.filter((kind) => ACTION_OBJECTS[kind].includes(trigger.object));
  return (
    <Stack gap="sm">
      {actions.map((action, index) => (
        <Paper key={action.key} withBorder p="sm" radius="md" data-testid="rule-action">
          <Stack gap="sm">
            <Group justify="space-between" gap="xs" wrap={phone ? 'wrap' : 'nowrap'} align="flex-end">
              <Select
                label={t('editor.action_n', { n: index + 1 })}
                data={ACTION_KINDS.map((kind) => ({
                  value: kind,
                  label: t(`action.types.${kind}`),
                  disabled: !allowed.includes(kind),
                }))}
                value={action.type}
                allowDeselect={false}
                onChange={(type) =>
                  type &&
                  form.setFieldValue(`actions.${index}`, {
                    ...newAction(type as ActionKind),
                    key: action.key,
                  })
                }
                error={form.getInputProps(`actions.${index}.type`).error}
                style={{ flex: 1, minWidth: phone ? '100%' : 0 }}
              />
              <Group gap={4} wrap="nowrap" ml={phone ? 'auto' : undefined}>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  size={phone ? 44 : 'lg'}
                  disabled={index === 0}
                  aria-label={t('editor.move_up', { n: index + 1 })}
                  onClick={() => form.reorderListItem('actions', { from: index, to: index - 1 })}
                >
                  <IconArrowUp size={18} aria-hidden />
                </ActionIcon>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  size={phone ? 44 : 'lg'}
                  disabled={index === actions.length - 1}
                  aria-label={t('editor.move_down', { n: index + 1 })}
                  onClick={() => form.reorderListItem('actions', { from: index, to: index + 1 })}
                >
                  <IconArrowDown size={18} aria-hidden />
                </ActionIcon>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  size={phone ? 44 : 'lg'}
                  disabled={actions.length === 1}
                  aria-label={t('editor.remove_action', { n: index + 1 })}
                  onClick={() => form.removeListItem('actions', index)}
                >
                  <IconTrash size={18} aria-hidden />
                </ActionIcon>
              </Group>
            </Group>
            <ActionSettings form={form} index={index} action={action} fields={fields} options={options} />
          </Stack>
        </Paper>
      ))}
      <Menu position="bottom-start" withinPortal>
        <Menu.Target>
          <Button
            variant="light"
            leftSection={<IconPlus size={16} aria-hidden />}
            style={{ alignSelf: 'flex-start' }}
          >
            {t('editor.add_action')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {allowed.map((kind) => (
            <Menu.Item key={kind} onClick={() => form.insertListItem('actions', newAction(kind))}>
              {t(`action.types.${kind}`)}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
    </Stack>
  );
}

function ActionSettings({
  form,
  index,
  action,
  fields,
  options,
}: {
  form: UseFormReturnType<RuleValues>;
  index: number;
  action: ActionRow;
  fields: RuleField[];
  options: RuleOptions;
}) {
  const { t } = useTranslation('automation');
  const phone = usePhone();
  const at = (key: string) => `actions.${index}.${key}`;
  const input = (key: string) => form.getInputProps(at(key));
  const set = (key: string, value: unknown) => form.setFieldValue(at(key) as never, value as never);
  const text = (key: string) => (typeof action[key] === 'string' ? (action[key] as string) : null);
  /** A searchable select bound to the action's `key`. */
  const choose = (
    key: string,
    label: string,
    data: SelectProps['data'],
    extra: Partial<SelectProps> = {},
  ) => <Select label={label} data={data} searchable {...input(key)} value={text(key)} {...extra} />;
  const cols = phone ? 1 : 2;
  switch (action.type) {
    case 'send_template':
      return (
        <SimpleGrid cols={cols} spacing="sm">
          {choose('template_id', t('action.template'), options.templates)}
          <Select
            label={t('action.to')}
            data={(['contact', 'entity', 'owner'] as const).map((to) => ({
              value: to,
              label: t(`action.recipients.${to}`),
            }))}
            allowDeselect={false}
            {...input('to')}
          />
        </SimpleGrid>
      );
    case 'create_action': {
      const assignee = (action.assignee as string) ?? 'owner';
      return (
        <SimpleGrid cols={cols} spacing="sm">
          {choose('type_id', t('action.action_type'), options.actionTypes)}
          <TextInput label={t('action.subject')} {...input('subject')} />
          <NumberInput
            label={t('action.due_in_days')}
            description={t('action.due_in_days_hint')}
            min={0}
            max={365}
            allowDecimal={false}
            {...input('due_in_days')}
          />
          {options.isTimed(action.type_id) && (
            <TextInput
              type="time"
              label={t('action.time_of_day')}
              {...input('time_of_day')}
              value={text('time_of_day') ?? ''}
              onChange={(event) => set('time_of_day', event.currentTarget.value || null)}
            />
          )}
          <Stack gap={4}>
            <Text size="sm" fw={500} id={`assignee-${action.key}`}>
              {t('action.assignee')}
            </Text>
            <SegmentedControl
              aria-labelledby={`assignee-${action.key}`}
              data={(['owner', 'user', 'team'] as const).map((a) => ({
                value: a,
                label: t(`action.assignees.${a}`),
              }))}
              value={assignee}
              onChange={(value) => set('assignee', value)}
              fullWidth
              orientation={phone ? 'vertical' : 'horizontal'}
            />
          </Stack>
          {assignee === 'user' && choose('user_id', t('action.user'), options.users)}
          {assignee === 'team' && choose('team_id', t('action.team'), options.teams)}
        </SimpleGrid>
      );
    }
    case 'start_sequence':
      return choose('sequence_id', t('action.sequence'), options.sequences);
    case 'assign_owner': {
      const mode =
        action.team_id !== null && action.team_id !== undefined
          ? 'team'
          : action.user_id
            ? 'user'
            : ((action.mode as string) ?? 'user');
      return (
        <Stack gap="sm">
          <SegmentedControl
            aria-label={t('action.assignee')}
            orientation={phone ? 'vertical' : 'horizontal'}
            data={(['user', 'team'] as const).map((m) => ({
              value: m,
              label: t(`action.assign_modes.${m}`),
            }))}
            value={mode}
            onChange={(value) => {
              form.setFieldValue(`actions.${index}`, {
                ...action,
                user_id: null,
                team_id: value === 'team' ? '' : null,
                mode: value,
              });
            }}
          />
          {mode === 'user'
            ? choose('user_id', t('action.user'), options.users)
            : choose('team_id', t('action.team'), options.teams, {
                description: t('action.round_robin_hint'),
                value: text('team_id') || null,
              })}
        </Stack>
      );
    }
    case 'set_field': {
      const writable = fields.filter((f) => f.writable);
      const field = writable.find((f) => f.key === action.field);
      return (
        <SimpleGrid cols={cols} spacing="sm">
          <Select
            label={t('action.field')}
            data={writable.map((f) => ({ value: f.key, label: fieldLabel(t, f.key, fields) }))}
            searchable
            {...input('field')}
            value={text('field')}
            onChange={(key) => {
              set('field', key);
              set('value', null);
            }}
          />
          <ValueInput
            field={field}
            label={t('action.value')}
            value={action.value as RuleValue | undefined}
            onChange={(value) => set('value', value)}
            error={input('value').error}
            options={options}
          />
        </SimpleGrid>
      );
    }
    case 'set_status': {
      const caseTypeId = form.values.trigger.config.case_type_id;
      return choose(
        'status_id',
        t('action.status'),
        options.statusGroups(typeof caseTypeId === 'string' ? caseTypeId : null),
      );
    }
    case 'call_webhook':
      return (
        <TextInput
          label={t('action.url')}
          description={t('action.url_hint')}
          inputMode="url"
          {...input('url')}
        />
      );
  }
}
