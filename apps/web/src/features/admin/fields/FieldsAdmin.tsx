import {
  ActionIcon,
  Badge,
  Button,
  Code,
  Group,
  Stack,
  Tabs,
  Text,
  Tooltip,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconCheck, IconForms, IconPlus } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { FIELD_OBJECTS, type FieldObject } from '@trato/contracts/settings';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { localLabel } from '../../../ui/labels';
import { notifySuccess } from '../../../ui/notify';
import { usePageTitle } from '../../../ui/use-page-title';
import { usePhone } from '../../../ui/use-phone';
import {
  deleteField,
  type FieldDefinition,
  type FieldListObject,
  fieldListQuery,
  invalidateSettings,
  updateField,
} from '../admin.api';
import { notifyWriteError } from '../server-errors';
import {
  AdminEmpty,
  AdminList,
  type Column,
  classes,
  confirmDanger,
  RowMenu,
  SectionHeader,
  useDialog,
  useRowItems,
} from '../ui';
import { FieldFormModal } from './FieldFormModal';

/** Actions' fields belong to their action type and are edited on the action types screen. */
const TABS = FIELD_OBJECTS.filter((name) => name !== 'action' && name !== 'case');

export function FieldsAdmin({
  object,
  onObjectChange,
}: {
  object: FieldObject;
  onObjectChange: (object: FieldObject) => void;
}) {
  const { t } = useTranslation('admin');
  usePageTitle(t('fields.title'));
  const current = object === 'action' ? 'entity' : object;
  return (
    <Stack gap="md">
      <SectionHeader title={t('fields.title')} description={t('fields.description')} />
      <Tabs value={current} onChange={(value) => value && onObjectChange(value as FieldObject)}>
        <Tabs.List>
          {TABS.map((name) => (
            <Tabs.Tab key={name} value={name}>
              {t(`fields.objects.${name}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {TABS.map((name) => (
          <Tabs.Panel key={name} value={name} pt="md">
            {name === current && <FieldList object={name} />}
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}

type Data = { data: FieldDefinition[] };

/**
 * The custom fields of an object, or of one action type (`object` 'action' with its `typeId`): ordered list,
 * create, edit, delete.
 */
export function FieldList({ object, typeId }: { object: FieldListObject; typeId?: string }) {
  const { t, i18n } = useTranslation('admin');
  const rowItems = useRowItems();
  const phone = usePhone();
  const queryClient = useQueryClient();
  const options = fieldListQuery(object, typeId);
  const query = useQuery(options);
  const dialog = useDialog<FieldDefinition>();
  const [announcement, setAnnouncement] = useState('');
  const rootRef = useRef<HTMLDivElement>(null);
  const moving = useRef(Promise.resolve());
  const fields = query.data;
  const key = options.queryKey;
  const reload = () => invalidateSettings(queryClient, 'fields');

  const label = (f: FieldDefinition) => localLabel(f.labels, i18n.language, f.key);
  const typeLabel = (f: FieldDefinition) => t(`fields.types.${f.type}`);
  const yes = (on: boolean) =>
    on ? (
      <>
        <IconCheck size={18} aria-hidden color="var(--mantine-color-teal-filled)" />
        <VisuallyHidden>{t('yes')}</VisuallyHidden>
      </>
    ) : (
      <>
        <Text span size="sm" c="dimmed" aria-hidden>
          —
        </Text>
        <VisuallyHidden>{t('no')}</VisuallyHidden>
      </>
    );

  /** Reorders by writing each moved field's new position, one after another with its current version. */
  const move = (field: FieldDefinition, direction: -1 | 1) => {
    if (!fields) return;
    const from = fields.findIndex((f) => f.id === field.id);
    const to = from + direction;
    if (to < 0 || to >= fields.length) return;
    const next = [...fields];
    [next[from], next[to]] = [next[to]!, next[from]!];
    const positions = new Map(next.map((f, index) => [f.id, index]));
    queryClient.setQueryData<Data>(key, (old) =>
      old
        ? { ...old, data: old.data.map((f) => ({ ...f, position: positions.get(f.id) ?? f.position })) }
        : old,
    );
    setAnnouncement(t('fields.moved', { label: label(field), position: to + 1, total: fields.length }));
    requestAnimationFrame(() => {
      const root = rootRef.current;
      const same = root?.querySelector<HTMLButtonElement>(
        `[data-move="${field.id}:${direction}"]:not([disabled])`,
      );
      const other = root?.querySelector<HTMLButtonElement>(`[data-move="${field.id}:${-direction}"]`);
      (same ?? other)?.focus();
    });
    const changed = next.filter((f, index) => f.position !== index);
    moving.current = moving.current.then(async () => {
      try {
        for (const f of changed) {
          const version =
            queryClient.getQueryData<Data>(key)?.data.find((x) => x.id === f.id)?.version ?? f.version;
          const saved = await updateField(f.id, { version, position: positions.get(f.id)! });
          queryClient.setQueryData<Data>(key, (old) =>
            old
              ? {
                  ...old,
                  data: old.data.map((x) => (x.id === saved.id ? { ...x, version: saved.version } : x)),
                }
              : old,
          );
        }
        void invalidateSettings(queryClient, 'fields');
      } catch (error) {
        notifyWriteError(error, reload);
        void reload();
      }
    });
  };

  const remove = (field: FieldDefinition) =>
    confirmDanger({
      title: t('fields.delete_title', { label: label(field) }),
      message: t('fields.delete_message'),
      confirm: t('delete'),
      onConfirm: async () => {
        try {
          await deleteField(field.id);
          await reload();
          notifySuccess(t('fields.deleted', { label: label(field) }));
        } catch (error) {
          notifyWriteError(error, reload);
        }
      },
    });

  const moveButtons = (f: FieldDefinition, index: number) => (
    <Group gap={2} wrap="nowrap">
      <Tooltip label={t('pick_lists.move_up')}>
        <ActionIcon
          variant="subtle"
          color="gray"
          size={phone ? 44 : 'lg'}
          aria-label={t('pick_lists.move_up_label', { label: label(f) })}
          className={classes.move}
          disabled={index === 0}
          data-move={`${f.id}:-1`}
          onClick={() => move(f, -1)}
        >
          <IconArrowUp size={18} aria-hidden />
        </ActionIcon>
      </Tooltip>
      <Tooltip label={t('pick_lists.move_down')}>
        <ActionIcon
          variant="subtle"
          color="gray"
          size={phone ? 44 : 'lg'}
          aria-label={t('pick_lists.move_down_label', { label: label(f) })}
          className={classes.move}
          disabled={index === (fields?.length ?? 0) - 1}
          data-move={`${f.id}:1`}
          onClick={() => move(f, 1)}
        >
          <IconArrowDown size={18} aria-hidden />
        </ActionIcon>
      </Tooltip>
    </Group>
  );
  const indexOf = (f: FieldDefinition) => fields?.findIndex((x) => x.id === f.id) ?? 0;
  const name = (f: FieldDefinition) => (
    <UnstyledButton className={classes.cellButton} onClick={() => dialog.open(f)}>
      {label(f)}
    </UnstyledButton>
  );

  const columns: Column<FieldDefinition>[] = [
    { key: 'order', header: t('pick_lists.order'), cell: (f) => moveButtons(f, indexOf(f)), width: 96 },
    { key: 'label', header: t('fields.label'), cell: name },
    { key: 'key', header: t('key'), cell: (f) => <Code>{f.key}</Code> },
    { key: 'type', header: t('fields.type'), cell: typeLabel },
    { key: 'required', header: t('fields.required_short'), cell: (f) => yes(f.required), width: 110 },
    { key: 'indexed', header: t('fields.indexed_short'), cell: (f) => yes(f.indexed), width: 110 },
  ];
  const newButton = (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => dialog.open()}>
      {t(`fields.new_${object}`)}
    </Button>
  );

  return (
    <Stack gap="md" ref={rootRef}>
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Text size="sm" c="dimmed" style={{ flex: '1 1 260px' }}>
          {t(`fields.hints.${object}`)}
        </Text>
        {newButton}
      </Group>
      <VisuallyHidden role="status" aria-live="polite">
        {announcement}
      </VisuallyHidden>
      <AdminList
        label={t(`fields.objects.${object}`)}
        rows={fields}
        loading={query.isPending}
        error={query.error}
        onRetry={() => void query.refetch()}
        columns={columns}
        minWidth={760}
        empty={
          <AdminEmpty
            icon={<IconForms size={32} />}
            title={t('fields.empty')}
            description={t('fields.empty_hint')}
            action={newButton}
          />
        }
        card={(f) => (
          <Stack gap={4}>
            {name(f)}
            <Group gap={6}>
              <Code>{f.key}</Code>
              <Text size="sm" c="dimmed">
                {typeLabel(f)}
              </Text>
            </Group>
            <Group gap={4}>
              {f.required && (
                <Badge size="sm" variant="default" tt="none" fw={500}>
                  {t('fields.required_short')}
                </Badge>
              )}
              {f.indexed && (
                <Badge size="sm" variant="default" tt="none" fw={500}>
                  {t('fields.indexed_short')}
                </Badge>
              )}
            </Group>
          </Stack>
        )}
        actions={(f) => (
          <Group gap={0} wrap="nowrap">
            {phone && moveButtons(f, indexOf(f))}
            <RowMenu
              name={label(f)}
              items={[rowItems.edit(() => dialog.open(f)), rowItems.remove(() => remove(f))]}
            />
          </Group>
        )}
      />
      <FieldFormModal
        key={dialog.key}
        object={object}
        typeId={typeId}
        field={dialog.target}
        opened={dialog.opened}
        onClose={dialog.close}
        nextPosition={fields && fields.length > 0 ? Math.max(...fields.map((f) => f.position)) + 1 : 0}
      />
    </Stack>
  );
}
