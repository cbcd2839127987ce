import { Button, Group, Text } from '@mantine/core';
import { type NotificationData, notifications } from '@mantine/notifications';
import { IconCheck, IconX } from '@tabler/icons-react';
import { ApiError } from '../api/client';
import i18n from '../i18n';

/** Every toast: its close button named for screen readers, in the user's language. */
export const showNotification = (data: NotificationData) =>
  notifications.show({ ...data, closeButtonProps: { 'aria-label': i18n.t('common.close') } });

export function notifySuccess(message: string) {
  showNotification({ message, color: 'teal', icon: <IconCheck size={18} aria-hidden /> });
}

/** The server's message (already in the user's language), else a generic one. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'version_conflict') return i18n.t('errors.version_conflict');
    const first = error.errors[0];
    return first && error.errors.length === 1 && !error.title.includes(first.message)
      ? `${error.title.replace(/[.:]\s*$/, '')}: ${first.message}`
      : error.title;
  }
  // Our own messages (already translated) travel as plain Errors; browser errors (TypeError…) do not.
  if (error instanceof Error && error.name === 'Error' && error.message) return error.message;
  return i18n.t('errors.generic');
}

export function notifyError(error: unknown) {
  showNotification({
    title: i18n.t('errors.title'),
    message: errorMessage(error),
    color: 'red',
    icon: <IconX size={18} aria-hidden />,
    autoClose: 8000,
  });
}

/** A toast after a destructive or bulk action, with an Undo button for a few seconds. */
export function notifyWithUndo(message: string, undo: () => Promise<unknown> | unknown) {
  const id = showNotification({
    autoClose: 8000,
    color: 'teal',
    message: (
      <Group justify="space-between" wrap="nowrap" gap="sm">
        <Text size="sm">{message}</Text>
        <Button
          size="compact-sm"
          variant="light"
          onClick={async () => {
            notifications.hide(id);
            try {
              await undo();
            } catch (error) {
              notifyError(error);
            }
          }}
        >
          {i18n.t('common.undo')}
        </Button>
      </Group>
    ),
  });
}
