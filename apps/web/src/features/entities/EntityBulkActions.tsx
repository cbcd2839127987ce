import { Button, Group, Menu, Select, Stack } from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconChevronDown } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import i18n from '../../i18n';
import { notifyError, notifyWithUndo } from '../../ui/notify';
import { usePickLists } from '../pick-lists/pick-lists.api';
import { useOwnerOptions } from '../users/use-owner-options';
import { type BulkSet, bulkUpdateEntities, type Entity } from './entities.api';

type Action = 'owner_id' | 'source' | 'sector' | 'zone' | 'add_roles' | 'remove_roles';
const ACTIONS: Action[] = ['owner_id', 'source', 'sector', 'zone', 'add_roles', 'remove_roles'];

interface Props {
  ids: string[];
  rows: Entity[];
  clear: () => void;
}

/** The bulk bar's actions: change owner / source / sector / zone, add or remove a role; Undo restores. */
export function EntityBulkActions({ ids, rows, clear }: Props) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const pick = usePickLists();
  const owners = useOwnerOptions();

  const optionsFor = (action: Action) =>
    action === 'owner_id'
      ? owners
      : action === 'add_roles' || action === 'remove_roles'
        ? pick.options('entity_roles')
        : pick.options(action);

  const run = async (action: Action, value: string | null) => {
    const before = rows.filter((r) => ids.includes(r.id));
    try {
      const result = await bulkUpdateEntities(ids, setOf(action, value));
      await queryClient.invalidateQueries({ queryKey: ['entities'] });
      clear();
      const message =
        result.errors.length > 0
          ? t('bulk.partial', { count: result.updated, failed: result.errors.length })
          : t('bulk.updated', { count: result.updated });
      notifyWithUndo(message, async () => {
        for (const [ids, set] of undoPlan(action, value, before)) await bulkUpdateEntities(ids, set);
        await queryClient.invalidateQueries({ queryKey: ['entities'] });
      });
    } catch (error) {
      notifyError(error);
    }
  };

  const open = (action: Action) => {
    const id = modals.open({
      title: t(`bulk.actions.${action}`),
      children: (
        <BulkValueForm
          label={t(`bulk.value.${action}`)}
          data={optionsFor(action)}
          allowEmpty={!action.endsWith('_roles')}
          count={ids.length}
          onSubmit={async (value) => {
            modals.close(id);
            await run(action, value);
          }}
          onCancel={() => modals.close(id)}
        />
      ),
    });
  };

  return (
    <Menu position="top" withinPortal>
      <Menu.Target>
        <Button size="compact-md" variant="light" rightSection={<IconChevronDown size={14} />}>
          {t('bulk.change')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {ACTIONS.map((action) => (
          <Menu.Item key={action} onClick={() => open(action)}>
            {t(`bulk.actions.${action}`)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

function setOf(action: Action, value: string | null): BulkSet {
  if (action === 'add_roles' || action === 'remove_roles') return { [action]: value ? [value] : [] };
  return { [action]: value };
}

/** To undo: put back each entity's previous value, one request per distinct value. */
function undoPlan(action: Action, value: string | null, before: Entity[]): [string[], BulkSet][] {
  if (action === 'add_roles' && value)
    return [[before.filter((e) => !e.roles.includes(value)).map((e) => e.id), { remove_roles: [value] }]];
  if (action === 'remove_roles' && value)
    return [[before.filter((e) => e.roles.includes(value)).map((e) => e.id), { add_roles: [value] }]];
  const groups = new Map<string | null, string[]>();
  for (const entity of before) {
    const old = entity[action as 'owner_id' | 'source' | 'sector' | 'zone'];
    groups.set(old, [...(groups.get(old) ?? []), entity.id]);
  }
  return [...groups].map(([old, ids]) => [ids, setOf(action, old)]);
}

interface FormProps {
  label: string;
  data: { value: string; label: string }[];
  allowEmpty: boolean;
  count: number;
  onSubmit: (value: string | null) => Promise<void>;
  onCancel: () => void;
}

function BulkValueForm({ label, data, allowEmpty, count, onSubmit, onCancel }: FormProps) {
  const [value, setValue] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Stack>
      <Select
        label={label}
        data={data}
        value={value}
        onChange={setValue}
        searchable
        clearable={allowEmpty}
        placeholder={allowEmpty ? i18n.t('bulk.empty_value') : undefined}
        data-autofocus
      />
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel}>
          {i18n.t('common.cancel')}
        </Button>
        <Button
          loading={busy}
          disabled={!allowEmpty && !value}
          onClick={async () => {
            setBusy(true);
            await onSubmit(value);
            setBusy(false);
          }}
        >
          {i18n.t('bulk.apply', { count })}
        </Button>
      </Group>
    </Stack>
  );
}
