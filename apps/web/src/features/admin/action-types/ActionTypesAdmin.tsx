import {
  ActionIcon,
  Badge,
  Button,
  Code,
  Group,
  Stack,
  Switch,
  Text,
  Tooltip,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconArrowDown, IconArrowUp, IconCalendarEvent, IconForms, IconPlus } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { localLabel } from '../../../ui/labels';
import { notifySuccess } from '../../../ui/notify';
import { usePageTitle } from '../../../ui/use-page-title';
import { usePhone } from '../../../ui/use-phone';
import { ActionTypeIcon } from '../../actions/ActionTypeIcon';
import { issueCode, notifyProblem, notifyWriteError } from '../server-errors';
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
import { ActionTypeFieldsSection } from './ActionTypeFieldsSection';
import { ActionTypeFormModal } from './ActionTypeFormModal';
import {
  type ActionType,
  type ActionTypesData,
  actionTypesQuery,
  deleteActionType,
  invalidateActionTypes,
  type UpdateActionTypeBody,
  updateActionType,
} from './action-types.api';
import { ClosedActionsSetting } from './ClosedActionsSetting';

type Patch = Omit<UpdateActionTypeBody, 'version'>;

/** Action types (call, visit, meeting…), the setting on closed actions, and each type's custom fields. */
export function ActionTypesAdmin({
  fieldsOf,
  onFieldsOf,
}: {
  /** Whose custom fields are shown below: a type id, or undefined for those of every type. */
  fieldsOf: string | undefined;
  onFieldsOf: (typeId: string | undefined) => void;
}) {
  const { t, i18n } = useTranslation('admin');
  const rowItems = useRowItems();
  usePageTitle(t('action_types.title'));
  const phone = usePhone();
  const queryClient = useQueryClient();
  const query = useQuery(actionTypesQuery);
  const types = query.data;
  const dialog = useDialog<ActionType>();
  const [announcement, setAnnouncement] = useState('');
  const rootRef = useRef<HTMLDivElement>(null);
  const fieldsRef = useRef<HTMLDivElement>(null);
  const chain = useRef<Promise<unknown>>(Promise.resolve());
  const key = actionTypesQuery.queryKey;
  const reload = () => invalidateActionTypes(queryClient);
  const label = (type: ActionType) => localLabel(type.labels, i18n.language, type.key);

  const setLocal = (id: string, patch: Partial<ActionType>) =>
    queryClient.setQueryData<ActionTypesData>(key, (old) =>
      old ? { ...old, data: old.data.map((x) => (x.id === id ? { ...x, ...patch } : x)) } : old,
    );
  /** Writes one after another, each with the version the previous answered; the screen changes at once. */
  const write = (changes: { id: string; patch: Patch }[], after?: () => void) => {
    for (const { id, patch } of changes) setLocal(id, patch);
    chain.current = chain.current.then(async () => {
      try {
        for (const { id, patch } of changes) {
          const version = queryClient
            .getQueryData<ActionTypesData>(key)
            ?.data.find((x) => x.id === id)?.version;
          if (version === undefined) continue;
          const saved = await updateActionType(id, { version, ...patch });
          setLocal(id, { version: saved.version });
        }
        after?.();
        void reload();
      } catch (error) {
        notifyWriteError(error, reload);
        void reload();
      }
    });
  };

  const move = (type: ActionType, direction: -1 | 1) => {
    if (!types) return;
    const from = types.findIndex((x) => x.id === type.id);
    const to = from + direction;
    if (to < 0 || to >= types.length) return;
    const next = [...types];
    [next[from], next[to]] = [next[to]!, next[from]!];
    write(
      next.flatMap((x, position) => (x.position === position ? [] : [{ id: x.id, patch: { position } }])),
    );
    setAnnouncement(t('action_types.moved', { label: label(type), position: to + 1, total: types.length }));
    requestAnimationFrame(() => {
      const root = rootRef.current;
      const same = root?.querySelector<HTMLButtonElement>(
        `[data-move="${type.id}:${direction}"]:not([disabled])`,
      );
      (same ?? root?.querySelector<HTMLButtonElement>(`[data-move="${type.id}:${-direction}"]`))?.focus();
    });
  };

  const setActive = (type: ActionType, active: boolean) =>
    write([{ id: type.id, patch: { active } }], () =>
      notifySuccess(
        t(active ? 'action_types.activated' : 'action_types.deactivated', { label: label(type) }),
      ),
    );

  const remove = (type: ActionType) =>
    confirmDanger({
      title: t('action_types.delete_title', { label: label(type) }),
      message: t('action_types.delete_message'),
      confirm: t('delete'),
      onConfirm: async () => {
        try {
          await deleteActionType(type.id);
          if (fieldsOf === type.id) onFieldsOf(undefined);
          await reload();
          notifySuccess(t('action_types.deleted', { label: label(type) }));
        } catch (error) {
          if (issueCode(error) === 'in_use' && !type.active)
            notifyProblem(t('action_types.in_use_inactive', { label: label(type) }));
          else if (issueCode(error) === 'in_use')
            modals.openConfirmModal({
              title: t('action_types.in_use_title', { label: label(type) }),
              centered: true,
              className: classes.touch,
              closeButtonProps: { 'aria-label': t('close') },
              children: <Text size="sm">{t('action_types.in_use_message')}</Text>,
              labels: { confirm: t('action_types.deactivate'), cancel: t('cancel') },
              onConfirm: () => setActive(type, false),
            });
          else notifyWriteError(error, reload);
        }
      },
    });

  const showFields = (type: ActionType) => {
    onFieldsOf(type.id);
    requestAnimationFrame(() => {
      fieldsRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
      fieldsRef.current?.querySelector<HTMLElement>('[data-fields-heading]')?.focus();
    });
  };

  const indexOf = (type: ActionType) => types?.findIndex((x) => x.id === type.id) ?? 0;
  const moveButtons = (type: ActionType) => {
    const index = indexOf(type);
    return (
      <Group gap={2} wrap="nowrap">
        {([-1, 1] as const).map((direction) => (
          <Tooltip key={direction} label={t(direction < 0 ? 'pick_lists.move_up' : 'pick_lists.move_down')}>
            <ActionIcon
              variant="subtle"
              color="gray"
              size={phone ? 44 : 'lg'}
              aria-label={t(direction < 0 ? 'pick_lists.move_up_label' : 'pick_lists.move_down_label', {
                label: label(type),
              })}
              className={classes.move}
              disabled={direction < 0 ? index === 0 : index === (types?.length ?? 0) - 1}
              data-move={`${type.id}:${direction}`}
              onClick={() => move(type, direction)}
            >
              {direction < 0 ? (
                <IconArrowUp size={18} aria-hidden />
              ) : (
                <IconArrowDown size={18} aria-hidden />
              )}
            </ActionIcon>
          </Tooltip>
        ))}
      </Group>
    );
  };
  const name = (type: ActionType) => (
    <Group gap="xs" wrap="nowrap">
      <ActionTypeIcon icon={type.icon} color={type.color} size="sm" />
      <UnstyledButton className={classes.cellButton} onClick={() => dialog.open(type)}>
        {label(type)}
      </UnstyledButton>
      {!type.active && (
        <Badge size="sm" variant="default" tt="none" fw={500}>
          {t('action_types.inactive')}
        </Badge>
      )}
    </Group>
  );
  const when = (type: ActionType) =>
    type.timed
      ? t('action_types.timed_short', { minutes: type.default_duration_minutes })
      : t('action_types.untimed_short');
  const activeSwitch = (type: ActionType) => (
    <Switch
      checked={type.active}
      onChange={(event) => setActive(type, event.currentTarget.checked)}
      aria-label={t('action_types.active_label', { label: label(type) })}
    />
  );

  const columns: Column<ActionType>[] = [
    { key: 'order', header: t('pick_lists.order'), cell: moveButtons, width: 96 },
    { key: 'label', header: t('action_types.name'), cell: name },
    { key: 'key', header: t('key'), cell: (type) => <Code>{type.key}</Code> },
    { key: 'when', header: t('action_types.when'), cell: when },
    { key: 'active', header: t('action_types.active_short'), cell: activeSwitch, width: 90 },
  ];
  const nextPosition = types && types.length > 0 ? Math.max(...types.map((x) => x.position)) + 1 : 0;
  const newButton = (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => dialog.open()}>
      {t('action_types.new')}
    </Button>
  );

  return (
    <Stack gap="lg" ref={rootRef}>
      <SectionHeader
        title={t('action_types.title')}
        description={t('action_types.description')}
        action={newButton}
      />
      <VisuallyHidden role="status" aria-live="polite">
        {announcement}
      </VisuallyHidden>
      <AdminList
        label={t('action_types.title')}
        rows={types}
        loading={query.isPending}
        error={query.error}
        onRetry={() => void query.refetch()}
        columns={columns}
        minWidth={720}
        empty={
          <AdminEmpty
            icon={<IconCalendarEvent size={32} />}
            title={t('action_types.empty')}
            description={t('action_types.empty_hint')}
            action={newButton}
          />
        }
        card={(type) => (
          <Stack gap={4}>
            {name(type)}
            <Group gap={6}>
              <Code>{type.key}</Code>
              <Text size="sm" c="dimmed">
                {when(type)}
              </Text>
            </Group>
            {activeSwitch(type)}
          </Stack>
        )}
        actions={(type) => (
          <Group gap={0} wrap="nowrap">
            {phone && moveButtons(type)}
            <RowMenu
              name={label(type)}
              items={[
                rowItems.edit(() => dialog.open(type)),
                {
                  label: t('action_types.fields'),
                  icon: <IconForms size={16} aria-hidden />,
                  onClick: () => showFields(type),
                },
                rowItems.remove(() => remove(type)),
              ]}
            />
          </Group>
        )}
      />
      <ClosedActionsSetting />
      <div ref={fieldsRef}>
        <ActionTypeFieldsSection types={types ?? []} typeId={fieldsOf} onTypeChange={onFieldsOf} />
      </div>
      <ActionTypeFormModal
        key={dialog.key}
        type={dialog.target}
        opened={dialog.opened}
        onClose={dialog.close}
        nextPosition={nextPosition}
      />
    </Stack>
  );
}
