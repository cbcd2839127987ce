import { Button, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { errorMessage, notifySuccess, showNotification } from '../../ui/notify';
import { ActionFormModal } from '../actions/ActionFormModal';
import { useActionTypes } from '../actions/actions.api';
import {
  type Case,
  type CaseStatus,
  caseChanged,
  moveCase,
  type NextActionInput,
  useCaseTypes,
} from './cases.api';
import { MoveNextActionModal } from './MoveNextActionModal';

/** Shows the move at once; gives back a function that undoes it. */
export type Optimistic = (item: Case, status: CaseStatus) => () => void;

interface Pending {
  item: Case;
  status: CaseStatus;
  optimistic: Optimistic | undefined;
}

/** A 422 whose reason is the target status asking for a next action. */
const needsNextAction = (error: unknown) =>
  isApiError(error) &&
  error.status === 422 &&
  (error.code === 'next_action_required' || error.errors.some((e) => e.code === 'next_action_required'));

/**
 * Moving a case to another status (board drag, "Mover a…", the case page's steps). The move shows at once;
 * a stale version (409) puts it back with a notice that someone else changed the case; a status that
 * requires a next action opens a dialog for it and retries; one that suggests it offers to plan it.
 */
export function useCaseMove() {
  const { t } = useTranslation('cases');
  const queryClient = useQueryClient();
  const types = useCaseTypes();
  const actionTypes = useActionTypes();
  const [asking, setAsking] = useState<Pending | null>(null);
  const [askOpen, setAskOpen] = useState(false);
  const [planning, setPlanning] = useState<{ item: Case; typeId: string | null } | null>(null);
  const [planOpen, setPlanOpen] = useState(false);
  const [moving, setMoving] = useState<Set<string>>(() => new Set());

  const mark = (id: string, on: boolean) =>
    setMoving((old) => {
      const next = new Set(old);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  const offerPlan = (item: Case, typeId: string | null) => {
    const id = showNotification({
      color: 'teal',
      autoClose: 12_000,
      title: t('move.suggest_title', { number: item.number }),
      message: (
        <Group justify="space-between" wrap="nowrap" gap="sm">
          <Text size="sm">{t('move.suggest')}</Text>
          <Button
            size="compact-sm"
            variant="light"
            onClick={() => {
              notifications.hide(id);
              setPlanning({ item, typeId });
              setPlanOpen(true);
            }}
          >
            {t('move.plan')}
          </Button>
        </Group>
      ),
    });
  };

  const conflict = (item: Case) => {
    const id = showNotification({
      color: 'orange',
      autoClose: false,
      title: t('move.conflict_title', { number: item.number }),
      message: (
        <Group justify="space-between" wrap="nowrap" gap="sm">
          <Text size="sm">{t('move.conflict')}</Text>
          <Button
            size="compact-sm"
            variant="light"
            onClick={() => {
              notifications.hide(id);
              caseChanged(queryClient);
            }}
          >
            {t('translation:common.reload')}
          </Button>
        </Group>
      ),
    });
  };

  /** Sends the move; resolves when it is settled (saved, put back, or waiting for the next action). */
  const send = async (pending: Pending, nextAction?: NextActionInput) => {
    const { item, status, optimistic } = pending;
    const undo = optimistic?.(item, status);
    mark(item.id, true);
    try {
      const answer = await moveCase(item.id, {
        version: item.version,
        status_id: status.id,
        ...(nextAction ? { next_action: nextAction } : {}),
      });
      caseChanged(queryClient, answer.case);
      const label = types.label(status);
      if (answer.next_action.created_action_id)
        notifySuccess(t('move.moved_with_action', { number: item.number, status: label }));
      else if (answer.next_action.rule === 'suggest') offerPlan(answer.case, answer.next_action.type_id);
      return true;
    } catch (error) {
      undo?.();
      if (!nextAction && needsNextAction(error)) {
        setAsking(pending);
        setAskOpen(true);
        return false;
      }
      if (nextAction) throw error;
      if (isApiError(error, 'version_conflict')) conflict(item);
      else
        showNotification({
          color: 'red',
          autoClose: 10_000,
          title: t('move.failed_title', { number: item.number }),
          message: errorMessage(error),
        });
      return false;
    } finally {
      mark(item.id, false);
    }
  };

  const move = (item: Case, status: CaseStatus, optimistic?: Optimistic) => {
    if (item.status_id === status.id || moving.has(item.id)) return;
    void send({ item, status, optimistic });
  };

  const dialogs: ReactNode = (
    <>
      <MoveNextActionModal
        opened={askOpen}
        onClose={() => setAskOpen(false)}
        item={asking?.item ?? null}
        status={asking?.status ?? null}
        statusLabel={types.label(asking?.status)}
        onSubmit={async (nextAction) => {
          if (!asking) return;
          await send(asking, nextAction);
          setAskOpen(false);
        }}
      />
      <ActionFormModal
        opened={planOpen}
        onClose={() => setPlanOpen(false)}
        defaults={
          planning
            ? {
                entity_id: planning.item.entity_id,
                case_id: planning.item.id,
                ...(planning.item.contact_id ? { contact_id: planning.item.contact_id } : {}),
                ...(planning.typeId
                  ? {
                      type_id: planning.typeId,
                      subject: `${actionTypes.label(actionTypes.byId(planning.typeId))} · ${planning.item.title}`,
                    }
                  : {}),
                ...(planning.item.owner_id ? { assignee_user_id: planning.item.owner_id } : {}),
              }
            : undefined
        }
      />
    </>
  );

  return { move, moving, dialogs };
}
