import {
  ActionIcon,
  Badge,
  Box,
  Button,
  Code,
  Group,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { modals } from '@mantine/modals';
import { IconArrowDown, IconArrowUp, IconList, IconPlus, IconTrash } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { PICK_LISTS, type PickListName, type PickListOption } from '@trato/contracts/settings';
import { type KeyboardEvent, useCallback, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { localLabel } from '../../../ui/labels';
import { notifySuccess } from '../../../ui/notify';
import { usePageTitle } from '../../../ui/use-page-title';
import { usePhone } from '../../../ui/use-phone';
import {
  createPickListOption,
  deletePickListOption,
  invalidateSettings,
  pickListsQuery,
  updatePickListOption,
} from '../admin.api';
import {
  applyServerErrors,
  type FormProblem,
  FormProblemAlert,
  focusFirstError,
  issueCode,
  NO_PROBLEM,
  notifyProblem,
  notifyWriteError,
} from '../server-errors';
import {
  AdminEmpty,
  classes,
  cleanLabels,
  confirmDanger,
  emptyLabels,
  firstLabel,
  hasAnyLabel,
  keyFromLabel,
  LANGS,
  LabelsFieldset,
  type Lang,
  SectionHeader,
} from '../ui';

/** Pick-list option keys: lowercase letters, digits, `_` and `-`, starting with a letter or digit. */
const OPTION_KEY = /^[a-z0-9][a-z0-9_-]*$/;
const ORDER: PickListName[] = ['entity_roles', 'source', 'sector', 'zone', 'action_outcomes'];
export const PICK_LIST_TABS = ORDER.filter((l) => PICK_LISTS.includes(l));

type Data = { data: PickListOption[] };
type Patch = { labels?: Record<string, string>; position?: number; active?: boolean };
type LocalPatch = Patch & { version?: number };

const byPosition = (a: PickListOption, b: PickListOption) =>
  a.position - b.position || a.key.localeCompare(b.key);

export function PickListsAdmin({
  list,
  onListChange,
}: {
  list: PickListName;
  onListChange: (list: PickListName) => void;
}) {
  const { t } = useTranslation('admin');
  usePageTitle(t('pick_lists.title'));
  const query = useQuery(pickListsQuery);
  const counts = useMemo(() => {
    const out: Partial<Record<PickListName, number>> = {};
    for (const o of query.data?.data ?? []) out[o.list] = (out[o.list] ?? 0) + 1;
    return out;
  }, [query.data]);

  return (
    <Stack gap="md">
      <SectionHeader title={t('pick_lists.title')} description={t('pick_lists.description')} />
      <Tabs
        value={list}
        onChange={(value) => value && onListChange(value as PickListName)}
        keepMounted={false}
      >
        <Tabs.List>
          {PICK_LIST_TABS.map((name) => (
            <Tabs.Tab
              key={name}
              value={name}
              rightSection={
                counts[name] !== undefined ? (
                  <Badge size="sm" variant="light" color="gray" circle={false}>
                    {counts[name]}
                  </Badge>
                ) : undefined
              }
            >
              {t(`pick_lists.lists.${name}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {PICK_LIST_TABS.map((name) => (
          <Tabs.Panel key={name} value={name} pt="md">
            {name === list && <PickListEditor list={name} />}
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}

function PickListEditor({ list }: { list: PickListName }) {
  const { t, i18n } = useTranslation('admin');
  const phone = usePhone();
  const queryClient = useQueryClient();
  const query = useQuery(pickListsQuery);
  const [announcement, setAnnouncement] = useState('');
  const chains = useRef(new Map<string, Promise<unknown>>());
  const rootRef = useRef<HTMLDivElement>(null);
  const options = useMemo(
    () => (query.data?.data ?? []).filter((o) => o.list === list).sort(byPosition),
    [query.data, list],
  );

  const reload = useCallback(
    () => queryClient.invalidateQueries({ queryKey: pickListsQuery.queryKey }),
    [queryClient],
  );
  const current = (id: string) =>
    queryClient.getQueryData<Data>(pickListsQuery.queryKey)?.data.find((o) => o.id === id);
  const setLocal = (id: string, patch: LocalPatch) =>
    queryClient.setQueryData<Data>(pickListsQuery.queryKey, (old) =>
      old ? { ...old, data: old.data.map((o) => (o.id === id ? { ...o, ...patch } : o)) } : old,
    );
  /**
   * Writes to one option, one at a time and each with the version the previous one answered, so quick
   * successive edits do not trip over their own optimistic lock. The screen shows the change at once.
   */
  const write = (id: string, patch: Patch): Promise<boolean> => {
    setLocal(id, patch);
    const run = async () => {
      const option = current(id);
      if (!option) return false;
      try {
        const saved = await updatePickListOption(list, id, { version: option.version, ...patch });
        // The screen already shows the change; only the version moves on (for the next write).
        setLocal(id, { version: saved.version });
        return true;
      } catch (error) {
        notifyWriteError(error, reload);
        void reload();
        return false;
      }
    };
    const next = (chains.current.get(id) ?? Promise.resolve()).then(run);
    chains.current.set(id, next);
    return next;
  };

  const afterChange = () => invalidateSettings(queryClient, 'pick-lists');

  const saveLabel = async (option: PickListOption, lang: Lang, value: string) => {
    const labels = cleanLabels({ ...option.labels, [lang]: value });
    if (!hasAnyLabel(labels)) return false;
    const ok = await write(option.id, { labels });
    if (ok) {
      notifySuccess(t('pick_lists.label_saved', { key: option.key }));
      void afterChange();
    }
    return ok;
  };

  const move = async (option: PickListOption, direction: -1 | 1) => {
    const from = options.findIndex((o) => o.id === option.id);
    const to = from + direction;
    if (to < 0 || to >= options.length) return;
    const next = [...options];
    [next[from], next[to]] = [next[to]!, next[from]!];
    setAnnouncement(
      t('pick_lists.moved', {
        label: localLabel(option.labels, i18n.language, option.key),
        position: to + 1,
        total: options.length,
      }),
    );
    // Keep the focus on the button the user pressed (or its twin when it reaches an end).
    requestAnimationFrame(() => {
      const root = rootRef.current;
      const same = root?.querySelector<HTMLButtonElement>(
        `[data-move="${option.id}:${direction}"]:not([disabled])`,
      );
      const other = root?.querySelector<HTMLButtonElement>(`[data-move="${option.id}:${-direction}"]`);
      (same ?? other)?.focus();
    });
    const writes = next.flatMap((o, index) =>
      o.position === index ? [] : [write(o.id, { position: index })],
    );
    const results = await Promise.all(writes);
    if (results.every(Boolean)) void afterChange();
  };

  const setActive = async (option: PickListOption, active: boolean) => {
    const ok = await write(option.id, { active });
    if (ok) {
      const label = localLabel(option.labels, i18n.language, option.key);
      notifySuccess(active ? t('pick_lists.activated', { label }) : t('pick_lists.deactivated', { label }));
      void afterChange();
    }
  };

  const remove = (option: PickListOption) => {
    const label = localLabel(option.labels, i18n.language, option.key);
    confirmDanger({
      title: t('pick_lists.delete_title', { label }),
      message: t('pick_lists.delete_message'),
      confirm: t('delete'),
      onConfirm: async () => {
        try {
          await deletePickListOption(list, option.id);
          await afterChange();
          notifySuccess(t('pick_lists.deleted', { label }));
        } catch (error) {
          if (issueCode(error) === 'in_use' && !option.active)
            notifyProblem(t('pick_lists.in_use_inactive', { label }));
          else if (issueCode(error) === 'in_use') {
            modals.openConfirmModal({
              title: t('pick_lists.in_use_title', { label }),
              centered: true,
              className: classes.touch,
              closeButtonProps: { 'aria-label': t('close') },
              children: <Text size="sm">{t('pick_lists.in_use_message')}</Text>,
              labels: { confirm: t('pick_lists.deactivate'), cancel: t('cancel') },
              onConfirm: () => void setActive(option, false),
            });
          } else notifyWriteError(error, reload);
        }
      },
    });
  };

  if (query.error)
    return (
      <Text c="red" role="alert">
        {t('load_error')}
      </Text>
    );

  const rowProps = {
    onSaveLabel: saveLabel,
    onMove: move,
    onActive: setActive,
    onDelete: remove,
    total: options.length,
  };

  return (
    <Stack gap="lg" ref={rootRef}>
      <Text size="sm" c="dimmed">
        {t(`pick_lists.hints.${list}`)}
      </Text>
      <VisuallyHidden role="status" aria-live="polite">
        {announcement}
      </VisuallyHidden>
      {query.isPending ? (
        <Stack gap="xs" aria-busy="true" aria-label={t('loading')}>
          {Array.from({ length: 4 }, (_, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
            <Skeleton key={i} height={phone ? 180 : 44} radius="sm" />
          ))}
        </Stack>
      ) : options.length === 0 ? (
        <AdminEmpty
          icon={<IconList size={32} />}
          title={t('pick_lists.empty')}
          description={t('pick_lists.empty_hint')}
        />
      ) : phone ? (
        <Stack
          gap="xs"
          component="ol"
          aria-label={t(`pick_lists.lists.${list}`)}
          style={{ listStyle: 'none', padding: 0, margin: 0 }}
        >
          {options.map((option, index) => (
            <Box component="li" key={option.id} className={classes.card}>
              <OptionCard option={option} index={index} {...rowProps} />
            </Box>
          ))}
        </Stack>
      ) : (
        <Table.ScrollContainer minWidth={860} type="native">
          <Table verticalSpacing={6} aria-label={t(`pick_lists.lists.${list}`)}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th style={{ width: 96 }}>{t('pick_lists.order')}</Table.Th>
                <Table.Th>{t('key')}</Table.Th>
                {LANGS.map((lang) => (
                  <Table.Th key={lang}>{t(`languages.${lang}`)}</Table.Th>
                ))}
                <Table.Th style={{ width: 90 }}>{t('pick_lists.active')}</Table.Th>
                <Table.Th style={{ width: 56 }}>
                  <VisuallyHidden>{t('actions')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {options.map((option, index) => (
                <OptionRow key={option.id} option={option} index={index} {...rowProps} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <AddOption list={list} count={options.length} onAdded={afterChange} />
    </Stack>
  );
}

interface RowProps {
  option: PickListOption;
  index: number;
  total: number;
  onSaveLabel: (option: PickListOption, lang: Lang, value: string) => Promise<boolean>;
  onMove: (option: PickListOption, direction: -1 | 1) => void;
  onActive: (option: PickListOption, active: boolean) => void;
  onDelete: (option: PickListOption) => void;
}

function useRowParts({ option, index, total, onMove, onActive, onDelete }: RowProps) {
  const { t, i18n } = useTranslation('admin');
  const phone = usePhone();
  const label = localLabel(option.labels, i18n.language, option.key);
  const size = phone ? 44 : 'lg';
  const moveButtons = (
    <Group gap={2} wrap="nowrap">
      <Tooltip label={t('pick_lists.move_up')}>
        <ActionIcon
          variant="subtle"
          color="gray"
          size={size}
          aria-label={t('pick_lists.move_up_label', { label })}
          className={classes.move}
          disabled={index === 0}
          data-move={`${option.id}:-1`}
          onClick={() => onMove(option, -1)}
        >
          <IconArrowUp size={18} aria-hidden />
        </ActionIcon>
      </Tooltip>
      <Tooltip label={t('pick_lists.move_down')}>
        <ActionIcon
          variant="subtle"
          color="gray"
          size={size}
          aria-label={t('pick_lists.move_down_label', { label })}
          className={classes.move}
          disabled={index === total - 1}
          data-move={`${option.id}:1`}
          onClick={() => onMove(option, 1)}
        >
          <IconArrowDown size={18} aria-hidden />
        </ActionIcon>
      </Tooltip>
    </Group>
  );
  const activeSwitch = (
    <Switch
      aria-label={t('pick_lists.active_label', { label })}
      label={phone ? t('pick_lists.active') : undefined}
      checked={option.active}
      onChange={(e) => onActive(option, e.currentTarget.checked)}
    />
  );
  const deleteButton = (
    <Tooltip label={t('delete')}>
      <ActionIcon
        variant="subtle"
        color="red"
        size={size}
        aria-label={t('pick_lists.delete_label', { label })}
        onClick={() => onDelete(option)}
      >
        <IconTrash size={18} aria-hidden />
      </ActionIcon>
    </Tooltip>
  );
  return { label, moveButtons, activeSwitch, deleteButton };
}

function OptionRow(props: RowProps) {
  const { option, onSaveLabel } = props;
  const { moveButtons, activeSwitch, deleteButton } = useRowParts(props);
  return (
    <Table.Tr>
      <Table.Td>{moveButtons}</Table.Td>
      <Table.Td>
        <Code>{option.key}</Code>
        {!option.active && <InactiveBadge />}
      </Table.Td>
      {LANGS.map((lang) => (
        <Table.Td key={lang}>
          <InlineLabel option={option} lang={lang} onSave={onSaveLabel} />
        </Table.Td>
      ))}
      <Table.Td>{activeSwitch}</Table.Td>
      <Table.Td>{deleteButton}</Table.Td>
    </Table.Tr>
  );
}

function OptionCard(props: RowProps) {
  const { option, onSaveLabel } = props;
  const { moveButtons, activeSwitch, deleteButton } = useRowParts(props);
  return (
    <Stack gap="xs">
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Group gap={6}>
          <Code>{option.key}</Code>
          {!option.active && <InactiveBadge />}
        </Group>
        <Group gap={0} wrap="nowrap">
          {moveButtons}
          {deleteButton}
        </Group>
      </Group>
      {LANGS.map((lang) => (
        <InlineLabel key={lang} option={option} lang={lang} onSave={onSaveLabel} compact />
      ))}
      {activeSwitch}
    </Stack>
  );
}

function InactiveBadge() {
  const { t } = useTranslation('admin');
  return (
    <Badge variant="dot" color="gray" tt="none" fw={500} size="sm" display="flex" mt={4} w="fit-content">
      {t('pick_lists.inactive')}
    </Badge>
  );
}

/** A label edited in place: saved on Enter or when leaving the box, Esc puts the saved text back. */
function InlineLabel({
  option,
  lang,
  onSave,
  compact,
}: {
  option: PickListOption;
  lang: Lang;
  onSave: (option: PickListOption, lang: Lang, value: string) => Promise<boolean>;
  /** On a phone: the language as a short tag inside the box instead of a column heading. */
  compact?: boolean;
}) {
  const { t } = useTranslation('admin');
  const saved = option.labels[lang] ?? '';
  const [value, setValue] = useState(saved);
  const [error, setError] = useState<string | null>(null);
  const [lastSaved, setLastSaved] = useState(saved);
  // The stored text changed elsewhere (reload, another tab): show it unless the user is typing.
  if (saved !== lastSaved) {
    setLastSaved(saved);
    setValue(saved);
  }
  const commit = async () => {
    const next = value.trim();
    if (next === saved) return setError(null);
    const others = LANGS.filter((l) => l !== lang).some((l) => option.labels[l]?.trim());
    if (!next && !others) return setError(t('validation.label_required'));
    setError(null);
    if (!(await onSave(option, lang, next))) setValue(saved);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      void commit();
    } else if (e.key === 'Escape') {
      setValue(saved);
      setError(null);
    }
  };
  const name = t('pick_lists.label_of', { key: option.key, language: t(`languages.${lang}`) });
  return (
    <TextInput
      aria-label={name}
      leftSection={
        compact ? (
          <Text size="xs" fw={700} c="dimmed" aria-hidden>
            {lang.toUpperCase()}
          </Text>
        ) : undefined
      }
      value={value}
      maxLength={200}
      error={error}
      onChange={(e) => setValue(e.currentTarget.value)}
      onBlur={() => void commit()}
      onKeyDown={onKeyDown}
    />
  );
}

interface AddValues {
  key: string;
  labels: Record<Lang, string>;
}

function AddOption({
  list,
  count,
  onAdded,
}: {
  list: PickListName;
  count: number;
  onAdded: () => Promise<unknown>;
}) {
  const { t } = useTranslation('admin');
  const [problem, setProblem] = useState<FormProblem>(NO_PROBLEM);
  const [busy, setBusy] = useState(false);
  const [keyTouched, setKeyTouched] = useState(false);
  const form = useForm<AddValues>({
    initialValues: { key: '', labels: emptyLabels() },
    validate: {
      key: (v) => (OPTION_KEY.test(v) ? null : t('validation.option_key')),
      labels: (v) => (hasAnyLabel(v) ? null : t('validation.label_required')),
    },
  });
  const submit = async (values: AddValues) => {
    setBusy(true);
    setProblem(NO_PROBLEM);
    try {
      const created = await createPickListOption(list, {
        key: values.key,
        labels: cleanLabels(values.labels),
        position: count,
      });
      await onAdded();
      notifySuccess(t('pick_lists.added', { key: created.key }));
      form.reset();
      setKeyTouched(false);
    } catch (error) {
      setProblem(applyServerErrors(form, error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={`add-${list}`}>
      <form onSubmit={form.onSubmit(submit, (errors) => focusFirstError(form, errors))} noValidate>
        <Stack gap="sm">
          <Title order={3} size="h5" id={`add-${list}`}>
            {t('pick_lists.add_title')}
          </Title>
          <FormProblemAlert problem={problem} onReload={() => setProblem(NO_PROBLEM)} />
          <LabelsFieldset
            form={form}
            path="labels"
            onLabelsChange={(labels) => {
              if (!keyTouched) form.setFieldValue('key', keyFromLabel(firstLabel(labels)));
            }}
          />
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <TextInput
              label={t('key')}
              description={t('pick_lists.key_hint')}
              required
              maxLength={64}
              autoComplete="off"
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              {...form.getInputProps('key')}
              onChange={(e) => {
                setKeyTouched(true);
                form.setFieldValue('key', e.currentTarget.value.toLowerCase());
              }}
            />
          </SimpleGrid>
          <Group justify="flex-end">
            <Button type="submit" loading={busy} leftSection={<IconPlus size={16} aria-hidden />}>
              {t('pick_lists.add')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
