import type { EventChangeArg } from '@fullcalendar/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { errorMessage, showNotification } from '../../ui/notify';
import { type Action, type AgendaData, actionsChanged, updateAction } from '../actions/actions.api';
import { type AgendaEventProps, movedAction, moveOf } from './agenda-events';

/**
 * Drag and resize: the agenda shows the new time at once and saves it with the action's version. If the
 * server says no (someone changed it meanwhile, a done action cannot move…), the action goes back to where
 * it was and a message says why.
 */
export function useAgendaMove(queryKey: readonly unknown[]) {
  const { t } = useTranslation('agenda');
  const queryClient = useQueryClient();

  const replace = (action: Action) =>
    queryClient.setQueryData<AgendaData>(queryKey, (old) =>
      old ? { ...old, data: old.data.map((a) => (a.id === action.id ? action : a)) } : old,
    );

  return async (arg: EventChangeArg) => {
    const { action } = arg.event.extendedProps as AgendaEventProps;
    const current =
      queryClient.getQueryData<AgendaData>(queryKey)?.data.find((a) => a.id === action.id) ?? action;
    const move = moveOf(arg.event);
    replace(movedAction(current, move));
    try {
      const saved = await updateAction(current.id, { version: current.version, ...move });
      replace(saved);
      actionsChanged(queryClient, saved);
    } catch (error) {
      arg.revert();
      replace(current);
      const conflict = isApiError(error, 'version_conflict');
      showNotification({
        title: conflict ? t('move.conflict_title') : t('move.failed_title', { subject: current.subject }),
        message: conflict ? t('move.conflict') : errorMessage(error),
        color: conflict ? 'orange' : 'red',
        autoClose: 10_000,
      });
      // Whatever the reason, show the agenda as the server has it now.
      void queryClient.invalidateQueries({ queryKey });
    }
  };
}
