import { Alert, Button, Modal, Stack, Text } from '@mantine/core';
import { IconBan, IconCircleCheck, IconRotate } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { notifyError, notifySuccess, notifyWithUndo } from '../../ui/notify';
import { usePhone } from '../../ui/use-phone';
import { usePickLists } from '../pick-lists/pick-lists.api';
import { ActionForm } from './ActionForm';
import {
  type Action,
  actionQuery,
  actionsChanged,
  type CreateActionRequest,
  cancelAction,
  reopenAction,
  useCanReopenActions,
  useClosedActionsEditable,
} from './actions.api';
import { CompleteAction } from './CompleteAction';

interface Props {
  opened: boolean;
  onClose: () => void;
  /** Edit this action; without it the modal creates one. */
  action?: Action;
  /** Prefilled values for a new action (the entity of the page, the slot picked in the agenda…). */
  defaults?: Partial<CreateActionRequest>;
  /** After a successful save (the modal closes itself). */
  onSaved?: (action: Action) => void;
}

/**
 * New or existing action in a dialog (full screen on phones). A done or cancelled action is read-only
 * unless the admin allows editing closed actions; it can always be reopened.
 */
export function ActionFormModal({ opened, onClose, action: given, defaults, onSaved }: Props) {
  const { t } = useTranslation('actions');
  const phone = usePhone();
  const queryClient = useQueryClient();
  const pick = usePickLists();
  const closedEditable = useClosedActionsEditable();
  const canReopen = useCanReopenActions();
  // The cache holds the answer of the last write (reopen, complete…): newer than the caller's copy.
  const cached = useQuery({ ...actionQuery(given?.id ?? ''), enabled: false }).data;
  const action = given && cached && cached.version >= given.version ? cached : given;
  const closed = Boolean(action && action.status !== 'planned');
  const readOnly = closed && !closedEditable;

  const reopen = async () => {
    if (!action) return;
    try {
      actionsChanged(queryClient, await reopenAction(action));
      notifySuccess(t('reopened', { subject: action.subject }));
    } catch (error) {
      notifyError(error);
    }
  };
  const cancel = async () => {
    if (!action) return;
    try {
      const cancelled = await cancelAction(action);
      actionsChanged(queryClient, cancelled);
      onClose();
      const message = t('cancelled', { subject: action.subject });
      if (canReopen)
        notifyWithUndo(message, async () => actionsChanged(queryClient, await reopenAction(cancelled)));
      else notifySuccess(message);
    } catch (error) {
      notifyError(error);
    }
  };

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t(action ? (readOnly ? 'form.view_title' : 'form.edit_title') : 'form.new_title')}
      size="lg"
      fullScreen={phone}
      closeButtonProps={{ 'aria-label': t('translation:common.close') }}
    >
      {action && closed && (
        <Alert
          mb="md"
          color={action.status === 'done' ? 'teal' : 'gray'}
          icon={action.status === 'done' ? <IconCircleCheck size={18} /> : <IconBan size={18} />}
          title={[
            t(`status.${action.status}`),
            action.outcome ? pick.label('action_outcomes', action.outcome) : null,
          ]
            .filter(Boolean)
            .join(' · ')}
        >
          <Stack gap="xs" align="flex-start">
            {readOnly && (
              <Text size="sm">{t(canReopen ? 'form.closed_read_only' : 'form.closed_locked')}</Text>
            )}
            {canReopen && (
              <Button
                size="compact-md"
                variant="light"
                leftSection={<IconRotate size={16} />}
                onClick={reopen}
              >
                {t('reopen')}
              </Button>
            )}
          </Stack>
        </Alert>
      )}
      {/* Keyed by the record and its version so a reopened action shows its fresh values. */}
      <ActionForm
        key={action ? `${action.id}:${action.version}` : 'new'}
        action={action}
        defaults={defaults}
        readOnly={readOnly}
        onCancel={onClose}
        onSaved={(saved) => {
          notifySuccess(
            action ? t('saved', { subject: saved.subject }) : t('created', { subject: saved.subject }),
          );
          onClose();
          onSaved?.(saved);
        }}
        footerStart={
          action?.status === 'planned' && (
            <>
              <CompleteAction action={action} variant="button" onDone={onClose} />
              <Button
                variant="default"
                leftSection={<IconBan size={16} color="var(--mantine-color-red-6)" />}
                onClick={cancel}
              >
                {t('cancel_action')}
              </Button>
            </>
          )
        }
      />
    </Modal>
  );
}
