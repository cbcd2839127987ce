import { Button, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { isApiError } from '../api/client';
import i18n from '../i18n';
import { errorMessage, showNotification } from './notify';

/**
 * Turns a failed inline save into the message shown under the input. A version conflict (someone else saved
 * first) also raises a notification offering to reload the record.
 */
export function saveErrorFor(error: unknown, reload: () => unknown): Error {
  if (isApiError(error, 'version_conflict')) {
    const id = showNotification({
      color: 'orange',
      title: i18n.t('errors.conflict_title'),
      autoClose: false,
      message: (
        <Group justify="space-between" wrap="nowrap" gap="sm">
          <Text size="sm">{i18n.t('errors.version_conflict')}</Text>
          <Button
            size="compact-sm"
            variant="light"
            onClick={() => {
              notifications.hide(id);
              void reload();
            }}
          >
            {i18n.t('common.reload')}
          </Button>
        </Group>
      ),
    });
    return new Error(i18n.t('errors.version_conflict_short'));
  }
  if (isApiError(error) && error.errors.length > 0)
    return new Error(error.errors.map((e) => e.message).join(' · '));
  return new Error(errorMessage(error));
}
