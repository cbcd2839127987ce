import { ActionIcon, Button, Group, Menu, Select, Stack, Textarea, Tooltip } from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconCheck, IconNote } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import i18n from '../../i18n';
import { notifyError, notifyWithUndo } from '../../ui/notify';
import { usePhone } from '../../ui/use-phone';
import { usePickLists } from '../pick-lists/pick-lists.api';
import { type Action, actionsChanged, completeAction, dropFromPanels, reopenAction } from './actions.api';

interface Props {
  action: Action;
  /** `icon`: a round check in a row; `button`: "Mark as done" in a form's footer. */
  variant?: 'icon' | 'button';
  onDone?: () => void;
}

/**
 * Mark done with an outcome in two clicks: the check opens the outcomes, picking one completes the action
 * (and the toast offers Undo, which reopens it).
 */
export function CompleteAction({ action, variant = 'icon', onDone }: Props) {
  const { t } = useTranslation('actions');
  const queryClient = useQueryClient();
  const pick = usePickLists();
  const phone = usePhone();
  const [busy, setBusy] = useState(false);

  const complete = async (outcome: string | null, notes?: string) => {
    setBusy(true);
    dropFromPanels(queryClient, [action.id]);
    try {
      const done = await completeAction(action, { outcome, ...(notes ? { outcome_notes: notes } : {}) });
      actionsChanged(queryClient, done);
      onDone?.();
      const message = t('complete.done', { subject: action.subject });
      // Whoever closed it may undo that for a while (the server allows it), whatever the closed-edit setting.
      notifyWithUndo(message, async () => actionsChanged(queryClient, await reopenAction(done)));
    } catch (error) {
      actionsChanged(queryClient);
      notifyError(error);
    } finally {
      setBusy(false);
    }
  };

  const withNote = () => {
    const id = modals.open({
      title: t('complete.with_note_title', { subject: action.subject }),
      closeButtonProps: { 'aria-label': t('translation:common.close') },
      children: (
        <OutcomeForm
          options={pick.options('action_outcomes')}
          onCancel={() => modals.close(id)}
          onSubmit={(outcome, notes) => {
            modals.close(id);
            void complete(outcome, notes);
          }}
        />
      ),
    });
  };

  const label = t('complete.button_for', { subject: action.subject });
  return (
    <Menu position="bottom-end" withinPortal shadow="md" width={260}>
      <Menu.Target>
        {variant === 'button' ? (
          <Button variant="light" color="teal" leftSection={<IconCheck size={16} />} loading={busy}>
            {t('complete.button')}
          </Button>
        ) : (
          <Tooltip label={t('complete.button')} openDelay={400}>
            <ActionIcon
              variant="light"
              color="teal"
              radius="xl"
              size={phone ? 44 : 36}
              aria-label={label}
              loading={busy}
            >
              <IconCheck size={20} />
            </ActionIcon>
          </Tooltip>
        )}
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('complete.how')}</Menu.Label>
        {pick.options('action_outcomes').map((option) => (
          <Menu.Item key={option.value} onClick={() => void complete(option.value)}>
            {option.label}
          </Menu.Item>
        ))}
        <Menu.Divider />
        <Menu.Item leftSection={<IconCheck size={16} />} onClick={() => void complete(null)}>
          {t('complete.without_outcome')}
        </Menu.Item>
        <Menu.Item leftSection={<IconNote size={16} />} onClick={withNote}>
          {t('complete.with_note')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

interface OutcomeFormProps {
  options: { value: string; label: string }[];
  onSubmit: (outcome: string | null, notes: string) => void;
  onCancel: () => void;
}

/** Outcome and a few words about how it went. */
function OutcomeForm({ options, onSubmit, onCancel }: OutcomeFormProps) {
  const t = i18n.getFixedT(null, 'actions');
  const [outcome, setOutcome] = useState<string | null>(null);
  const [notes, setNotes] = useState('');
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(outcome, notes.trim());
      }}
    >
      <Stack gap="sm">
        <Select
          label={t('fields.outcome')}
          data={options}
          value={outcome}
          onChange={setOutcome}
          clearable
          data-autofocus
        />
        <Textarea
          label={t('fields.outcome_notes')}
          autosize
          minRows={3}
          maxLength={5000}
          value={notes}
          onChange={(e) => setNotes(e.currentTarget.value)}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel}>
            {t('translation:common.cancel')}
          </Button>
          <Button type="submit" color="teal" leftSection={<IconCheck size={16} />}>
            {t('complete.button')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
