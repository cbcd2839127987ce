import {
  ActionIcon,
  Alert,
  Box,
  Button,
  EmptyState,
  Fieldset,
  Group,
  Menu,
  Modal,
  type ModalProps,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { modals } from '@mantine/modals';
import { IconAlertTriangle, IconDots, IconEdit, IconTrash } from '@tabler/icons-react';
import { LOCALES } from '@trato/contracts/common';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import i18n from '../../i18n';
import { errorMessage } from '../../ui/notify';
import { usePhone } from '../../ui/use-phone';
import classes from './admin.module.css';

export { classes };
export const LANGS = LOCALES;
export type Lang = (typeof LANGS)[number];
export const emptyLabels = (): Record<Lang, string> => ({ es: '', ca: '', en: '' });

/** Admin-written labels for the API: trimmed, empty languages left out. */
export function cleanLabels(labels: Record<string, string | undefined>) {
  const out: { es?: string; ca?: string; en?: string } = {};
  for (const lang of LANGS) {
    const value = labels[lang]?.trim();
    if (value) out[lang] = value;
  }
  return out;
}

export const hasAnyLabel = (labels: Record<string, string | undefined>) =>
  LANGS.some((lang) => labels[lang]?.trim());

/** `key`s the API accepts: lowercase letter first, then lowercase letters, digits and underscores. */
export const KEY_PATTERN = /^[a-z][a-z0-9_]*$/;

/** Suggests a key from a label: "Tamaño de empresa" → "tamano_de_empresa". */
export function keyFromLabel(label: string): string {
  return label
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+/, '')
    .replace(/_+$/, '')
    .slice(0, 64);
}

const valueAt = (values: unknown, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], values);

/** The first label written, in the order es, ca, en. */
export const firstLabel = (labels: Record<string, string | undefined>) =>
  LANGS.map((lang) => labels[lang]?.trim()).find(Boolean) ?? '';

/** The section's heading with its main button. */
export function SectionHeader({
  title,
  description,
  action,
}: {
  title: string;
  description?: string;
  action?: ReactNode;
}) {
  return (
    <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
      <Box style={{ flex: '1 1 240px' }}>
        <Title order={2} size="h3">
          {title}
        </Title>
        {description && (
          <Text size="sm" c="dimmed" mt={2}>
            {description}
          </Text>
        )}
      </Box>
      {action}
    </Group>
  );
}

/** One input per language (es, ca, en) for labels an admin writes; at least one is needed. */
export function LabelsFieldset<V>({
  form,
  path,
  legend,
  autoFocus,
  onLabelsChange,
}: {
  form: UseFormReturnType<V>;
  path: string;
  legend?: string;
  autoFocus?: boolean;
  /** After any of the inputs changed, with the labels as they now are (e.g. to suggest a key). */
  onLabelsChange?: (labels: Record<Lang, string>) => void;
}) {
  const { t } = useTranslation('admin');
  const groupError = (form.errors as Record<string, ReactNode>)[path];
  return (
    <Fieldset legend={legend ?? t('labels.legend')} variant="unstyled">
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        {LANGS.map((lang, i) => {
          const props = form.getInputProps(`${path}.${lang}`);
          return (
            <TextInput
              key={lang}
              label={t(`languages.${lang}`)}
              maxLength={200}
              data-autofocus={(autoFocus && i === 0) || undefined}
              {...props}
              onChange={(event) => {
                props.onChange(event);
                if (onLabelsChange) {
                  const current = (valueAt(form.getValues(), path) ?? {}) as Record<Lang, string>;
                  onLabelsChange({ ...current, [lang]: event.currentTarget.value });
                }
              }}
            />
          );
        })}
      </SimpleGrid>
      {groupError ? (
        <Text size="sm" c="red" mt={4} role="alert">
          {groupError}
        </Text>
      ) : (
        <Text size="xs" c="dimmed" mt={4}>
          {t('labels.hint')}
        </Text>
      )}
    </Fieldset>
  );
}

/** A dialog that fills the screen on a phone and keeps thumb-sized targets there. */
export function AdminModal(props: ModalProps) {
  const phone = usePhone();
  const { t } = useTranslation('admin');
  return (
    <Modal
      size="lg"
      fullScreen={phone}
      className={classes.touch}
      closeButtonProps={{ 'aria-label': t('close') }}
      {...props}
    />
  );
}

export interface Column<T> {
  key: string;
  header: string;
  cell: (row: T) => ReactNode;
  width?: number | string;
}

/** A table on a desktop, one card per row on a phone; skeletons while loading, an empty state when empty. */
export function AdminList<T extends { id: string }>({
  label,
  rows,
  loading,
  error,
  onRetry,
  columns,
  card,
  actions,
  empty,
  minWidth = 720,
}: {
  label: string;
  rows: T[] | undefined;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  columns: Column<T>[];
  card: (row: T) => ReactNode;
  actions?: (row: T) => ReactNode;
  empty: ReactNode;
  minWidth?: number;
}) {
  const { t } = useTranslation('admin');
  const phone = usePhone();
  if (error)
    return (
      <Alert color="red" icon={<IconAlertTriangle size={18} aria-hidden />} title={t('load_error')}>
        <Text size="sm" mb="xs">
          {errorMessage(error)}
        </Text>
        <Button size="compact-sm" variant="light" color="red" onClick={onRetry}>
          {t('retry')}
        </Button>
      </Alert>
    );
  if (loading || !rows)
    return (
      <Stack gap="xs" aria-busy="true" aria-label={t('loading')}>
        {Array.from({ length: 5 }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
          <Skeleton key={i} height={phone ? 76 : 44} radius="sm" />
        ))}
      </Stack>
    );
  if (rows.length === 0) return empty;
  if (phone)
    return (
      <Stack gap="xs" component="ul" aria-label={label} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {rows.map((row) => (
          <Box component="li" key={row.id} className={classes.card}>
            <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
              <Box style={{ flex: 1, minWidth: 0 }}>{card(row)}</Box>
              {actions?.(row)}
            </Group>
          </Box>
        ))}
      </Stack>
    );
  return (
    <Table.ScrollContainer minWidth={minWidth} type="native">
      <Table highlightOnHover verticalSpacing="xs" aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            {columns.map((c) => (
              <Table.Th key={c.key} style={c.width ? { width: c.width } : undefined}>
                {c.header}
              </Table.Th>
            ))}
            {actions && (
              <Table.Th style={{ width: 56 }}>
                <VisuallyHidden>{t('actions')}</VisuallyHidden>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.id}>
              {columns.map((c) => (
                <Table.Td key={c.key}>{c.cell(row)}</Table.Td>
              ))}
              {actions && <Table.Td>{actions(row)}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export interface RowAction {
  label: string;
  icon: ReactNode;
  onClick: () => void;
  color?: string;
  disabled?: boolean;
  hidden?: boolean;
}

/** The "⋯" menu of a row, named after the row for screen readers. */
/** The "Edit" and "Delete" entries most rows' menus have. */
export function useRowItems() {
  const { t } = useTranslation('admin');
  return {
    edit: (onClick: () => void): RowAction => ({
      label: t('edit'),
      icon: <IconEdit size={16} aria-hidden />,
      onClick,
    }),
    remove: (onClick: () => void, more: Partial<RowAction> = {}): RowAction => ({
      label: t('delete'),
      icon: <IconTrash size={16} aria-hidden />,
      color: 'red',
      onClick,
      ...more,
    }),
  };
}

export function RowMenu({ name, items }: { name: string; items: RowAction[] }) {
  const { t } = useTranslation('admin');
  const phone = usePhone();
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon
          variant="subtle"
          color="gray"
          size={phone ? 44 : 'lg'}
          aria-label={t('row_actions', { name })}
        >
          <IconDots size={18} aria-hidden />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        {items
          .filter((item) => !item.hidden)
          .map((item) => (
            <Menu.Item
              key={item.label}
              leftSection={item.icon}
              color={item.color}
              disabled={item.disabled}
              onClick={item.onClick}
              mih={phone ? 44 : undefined}
            >
              {item.label}
            </Menu.Item>
          ))}
      </Menu.Dropdown>
    </Menu>
  );
}

/** "Delete X?" with a red button; resolves once the user answered. */
export function confirmDanger(options: {
  title: string;
  message: ReactNode;
  confirm: string;
  onConfirm: () => void;
}) {
  modals.openConfirmModal({
    title: options.title,
    centered: true,
    children: <Text size="sm">{options.message}</Text>,
    labels: { confirm: options.confirm, cancel: i18n.t('admin:cancel') },
    confirmProps: { color: 'red' },
    closeButtonProps: { 'aria-label': i18n.t('admin:close') },
    className: classes.touch,
    onConfirm: options.onConfirm,
  });
}

/** An empty list: what it is for, and the button to add the first one. */
export function AdminEmpty({
  icon,
  title,
  description,
  action,
}: {
  icon: ReactNode;
  title: string;
  description: string;
  action?: ReactNode;
}) {
  return (
    <EmptyState icon={icon} variant="light" title={title} description={description} py="xl">
      {action && <EmptyState.Actions>{action}</EmptyState.Actions>}
    </EmptyState>
  );
}

/**
 * A dialog's state: what it is open for (an item, or nothing for "new"), kept while it closes so the title
 * does not change during the transition, and a fresh `key` per opening so the form starts clean.
 */
export function useDialog<T>() {
  const [state, setState] = useState<{ opened: boolean; target: T | undefined; key: number }>({
    opened: false,
    target: undefined,
    key: 0,
  });
  return {
    ...state,
    open: (target?: T) => setState((s) => ({ opened: true, target, key: s.key + 1 })),
    close: () => setState((s) => ({ ...s, opened: false })),
  };
}
