import { Paper, Skeleton, Switch } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { notifySuccess } from '../../../ui/notify';
import { notifyWriteError } from '../server-errors';
import { type ActionSettingsData, actionSettingsQuery, updateActionSettings } from './action-types.api';

/** "Allow editing closed actions": done actions are read-only unless the admin turns this on. */
export function ClosedActionsSetting() {
  const { t } = useTranslation('admin');
  const queryClient = useQueryClient();
  const query = useQuery(actionSettingsQuery);
  const key = actionSettingsQuery.queryKey;

  const change = async (allow: boolean) => {
    const before = queryClient.getQueryData<ActionSettingsData>(key);
    queryClient.setQueryData<ActionSettingsData>(key, { ...before, allow_editing_closed_actions: allow });
    try {
      queryClient.setQueryData(key, await updateActionSettings({ allow_editing_closed_actions: allow }));
      notifySuccess(t(allow ? 'action_types.closed_on' : 'action_types.closed_off'));
    } catch (error) {
      queryClient.setQueryData(key, before);
      notifyWriteError(error, () => queryClient.invalidateQueries({ queryKey: key }));
    }
  };

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label={t('action_types.settings')}>
      {query.isPending ? (
        <Skeleton height={44} />
      ) : (
        <Switch
          label={t('action_types.allow_closed')}
          description={t('action_types.allow_closed_hint')}
          checked={query.data?.allow_editing_closed_actions ?? false}
          disabled={Boolean(query.error)}
          error={query.error ? t('load_error') : undefined}
          onChange={(event) => void change(event.currentTarget.checked)}
        />
      )}
    </Paper>
  );
}
