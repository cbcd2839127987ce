import { Alert, Button, Group, Text } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconRefresh } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import i18n from '../../i18n';
import { errorMessage, notifyError, showNotification } from '../../ui/notify';

/** What a failed save leaves for the form to show besides the messages put on its fields. */
export interface FormProblem {
  /** 409 version_conflict: someone else saved first; the user has to reload. */
  conflict: boolean;
  /** A message that belongs to no field of the form (e.g. `last_admin` on `id`). */
  message: string | null;
}

const isIndex = (segment: string) => /^\d+$/.test(segment);

/** The value at a dotted path (`options.1.key`), or undefined when the form has no such field. */
function valueAt(values: unknown, path: string[]): unknown {
  let node: unknown = values;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node =
      Array.isArray(node) && isIndex(segment)
        ? node[Number(segment)]
        : (node as Record<string, unknown>)[segment];
  }
  return node;
}

/**
 * Puts the API's field errors (`errors[].field`: `email`, `labels.es`, `options.1.key`,
 * `permissions.objects.entities.scope`) on the form's fields. A path the form does not have is shortened
 * until it names one (`team_ids.2` → `team_ids`); what still fits nowhere comes back as the form's message.
 * Also shows the error toast.
 */
export function applyServerErrors<V>(
  form: UseFormReturnType<V>,
  error: unknown,
  aliases: Record<string, string> = {},
): FormProblem {
  // A version conflict gets the form's own alert (with the reload button) rather than a toast.
  if (isApiError(error, 'version_conflict')) return { conflict: true, message: null };
  notifyError(error);
  if (!isApiError(error)) return { conflict: false, message: errorMessage(error) };
  const values = form.getValues();
  const fieldErrors: Record<string, string> = {};
  const loose: string[] = [];
  for (const issue of error.errors) {
    let path = (aliases[issue.field] ?? issue.field).split('.');
    while (path.length > 0 && valueAt(values, path) === undefined) path = path.slice(0, -1);
    // An item of a list of plain values (`team_ids.2`) is shown on the list's input.
    while (path.length > 1 && isIndex(path.at(-1)!) && typeof valueAt(values, path) !== 'object')
      path = path.slice(0, -1);
    const key = path.join('.');
    if (key) fieldErrors[key] = fieldErrors[key] ? `${fieldErrors[key]} ${issue.message}` : issue.message;
    else loose.push(issue.message);
  }
  form.setErrors(fieldErrors);
  focusFirstError(form, fieldErrors);
  const mapped = Object.keys(fieldErrors).length > 0;
  return {
    conflict: false,
    message: loose.length > 0 ? `${error.title}: ${loose.join(' ')}` : mapped ? null : error.title,
  };
}

/** Moves the focus to the first field with an error (for a group such as `labels`, its first input). */
export function focusFirstError<V>(form: UseFormReturnType<V>, errors: Record<string, unknown>) {
  requestAnimationFrame(() => {
    for (const key of Object.keys(errors)) {
      const node =
        form.getInputNode(key as never) ??
        document.querySelector<HTMLElement>(`[data-path^="${CSS.escape(key)}."]:not([disabled])`);
      if (node) {
        node.focus();
        return;
      }
    }
  });
}

export const NO_PROBLEM: FormProblem = { conflict: false, message: null };

/** The form's own alert: a message no field took, or the "reload" advice after a version conflict. */
export function FormProblemAlert({ problem, onReload }: { problem: FormProblem; onReload: () => void }) {
  const { t } = useTranslation('admin');
  if (problem.conflict)
    return (
      <Alert
        color="orange"
        icon={<IconAlertTriangle size={18} aria-hidden />}
        title={t('conflict.title')}
        role="alert"
      >
        <Text size="sm" mb="xs">
          {t('conflict.form')}
        </Text>
        <Button
          size="compact-sm"
          variant="light"
          color="orange"
          leftSection={<IconRefresh size={14} aria-hidden />}
          onClick={onReload}
        >
          {t('conflict.reload')}
        </Button>
      </Alert>
    );
  if (problem.message)
    return (
      <Alert color="red" icon={<IconAlertTriangle size={18} aria-hidden />} role="alert">
        {problem.message}
      </Alert>
    );
  return null;
}

/**
 * An error from a write made outside a form (a switch, a move, a delete). On a version conflict, the toast
 * says so and offers to reload; otherwise the usual error toast.
 */
export function notifyWriteError(error: unknown, reload: () => unknown) {
  if (isApiError(error, 'version_conflict')) {
    const id = showNotification({
      title: i18n.t('admin:conflict.title'),
      color: 'orange',
      autoClose: 12_000,
      closeButtonProps: { 'aria-label': i18n.t('admin:close') },
      icon: <IconAlertTriangle size={18} aria-hidden />,
      message: (
        <Group justify="space-between" wrap="nowrap" gap="sm">
          <Text size="sm">{i18n.t('admin:conflict.inline')}</Text>
          <Button
            size="compact-sm"
            variant="light"
            onClick={() => {
              notifications.hide(id);
              void reload();
            }}
          >
            {i18n.t('admin:conflict.reload')}
          </Button>
        </Group>
      ),
    });
    return;
  }
  notifyError(error);
}

/** An error toast with the admin's own explanation (for codes such as `in_use` or `system_role`). */
export function notifyProblem(message: string) {
  showNotification({
    title: i18n.t('admin:error_title'),
    message,
    color: 'red',
    icon: <IconAlertTriangle size={18} aria-hidden />,
    autoClose: 10_000,
    closeButtonProps: { 'aria-label': i18n.t('admin:close') },
  });
}

/** The code of the first field error (`in_use`, `system_role`, `last_admin`), if any. */
export const issueCode = (error: unknown): string | undefined =>
  isApiError(error) ? (error.errors[0]?.code ?? error.code) : undefined;
