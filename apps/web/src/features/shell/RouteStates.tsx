import { Alert, Button, EmptyState, Stack } from '@mantine/core';
import { IconAlertTriangle, IconMapOff } from '@tabler/icons-react';
import { type ErrorComponentProps, Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { errorMessage } from '../../ui/notify';

export function NotFound() {
  const { t } = useTranslation();
  return (
    <EmptyState
      icon={<IconMapOff size={32} />}
      variant="light"
      title={t('errors.not_found_title')}
      description={t('errors.not_found_description')}
      py="xl"
    >
      <EmptyState.Actions>
        <Button component={Link} to="/entities">
          {t('nav.entities')}
        </Button>
      </EmptyState.Actions>
    </EmptyState>
  );
}

/** A screen that failed to load: "not found" for 404s (also for records one may not see), else the message. */
export function RouteError({ error, reset }: ErrorComponentProps) {
  const { t } = useTranslation();
  if (isApiError(error) && error.status === 404) return <NotFound />;
  return (
    <Stack p="md" maw={640}>
      <Alert color="red" icon={<IconAlertTriangle size={18} />} title={t('errors.title')}>
        {errorMessage(error)}
      </Alert>
      <Button variant="default" onClick={reset} w="fit-content">
        {t('common.retry')}
      </Button>
    </Stack>
  );
}
