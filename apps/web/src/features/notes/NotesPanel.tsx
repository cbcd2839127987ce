import { ActionIcon, Button, Group, Menu, Skeleton, Stack, Text, Textarea } from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconDots, IconPencil, IconTrash } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type KeyboardEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Markdown } from '../../ui/Markdown';
import { errorMessage, notifyError } from '../../ui/notify';
import { Panel } from '../../ui/Panel';
import { RelativeTime } from '../../ui/RelativeTime';
import { useMe } from '../auth/auth.api';
import { createNote, deleteNote, type Note, notesQuery, updateNote } from './notes.api';

interface Props {
  entityId: string;
  /** On a contact's page: only that contact's notes, and new ones are attached to it. */
  contactId?: string;
  readOnly?: boolean;
}

/** Notes in Markdown: write (Ctrl+Enter saves), read rendered and sanitised, edit or delete your own. */
export function NotesPanel({ entityId, contactId, readOnly }: Props) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { data, isPending } = useQuery(notesQuery(entityId));
  const notes = (data?.data ?? []).filter((n) => !contactId || n.contact_id === contactId);
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['notes', entityId] }),
      queryClient.invalidateQueries({ queryKey: ['timeline'] }),
    ]);

  return (
    <Panel title={t('notes.title')} count={notes.length}>
      <Stack gap="md">
        {!readOnly && (
          <NoteEditor
            initial=""
            submitLabel={t('notes.add')}
            onSubmit={async (body) => {
              await createNote(entityId, body, contactId);
              await refresh();
            }}
          />
        )}
        {isPending ? (
          <Skeleton height={60} />
        ) : notes.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('notes.none')}
          </Text>
        ) : (
          notes.map((note) => <NoteItem key={note.id} note={note} onChanged={refresh} />)
        )}
      </Stack>
    </Panel>
  );
}

function NoteItem({ note, onChanged }: { note: Note; onChanged: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const me = useMe();
  const [editing, setEditing] = useState(false);
  const mine = note.author?.id === me.id;
  const remove = () =>
    modals.openConfirmModal({
      title: t('notes.delete_title'),
      labels: { confirm: t('common.delete'), cancel: t('common.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: async () => {
        try {
          await deleteNote(note.id);
          await onChanged();
        } catch (error) {
          notifyError(error);
        }
      },
    });

  return (
    <Stack gap={4} component="article">
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="xs" c="dimmed">
          {note.author?.name ?? t('timeline.system')} · <RelativeTime value={note.created_at} />
        </Text>
        {mine && !editing && (
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon variant="subtle" color="gray" size={32} aria-label={t('common.more_actions')}>
                <IconDots size={16} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>
                {t('common.edit')}
              </Menu.Item>
              <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={remove}>
                {t('common.delete')}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        )}
      </Group>
      {editing ? (
        <NoteEditor
          initial={note.body}
          submitLabel={t('common.save')}
          onCancel={() => setEditing(false)}
          onSubmit={async (body) => {
            await updateNote(note, body);
            await onChanged();
            setEditing(false);
          }}
        />
      ) : (
        <Markdown source={note.body} />
      )}
    </Stack>
  );
}

interface EditorProps {
  initial: string;
  submitLabel: string;
  onSubmit: (body: string) => Promise<void>;
  onCancel?: () => void;
}

function NoteEditor({ initial, submitLabel, onSubmit, onCancel }: EditorProps) {
  const { t } = useTranslation();
  const [body, setBody] = useState(initial);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (!body.trim()) return;
    setBusy(true);
    setError(undefined);
    try {
      await onSubmit(body);
      setBody('');
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void submit();
    } else if (e.key === 'Escape' && onCancel) onCancel();
  };
  return (
    <Stack gap="xs">
      <Textarea
        aria-label={t('notes.body')}
        placeholder={t('notes.placeholder')}
        description={t('notes.markdown_hint')}
        autosize
        minRows={2}
        maxRows={12}
        value={body}
        error={error}
        onChange={(e) => setBody(e.currentTarget.value)}
        onKeyDown={onKeyDown}
      />
      <Group gap="xs" justify="flex-end">
        {onCancel && (
          <Button variant="default" size="compact-md" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
        )}
        <Button size="compact-md" onClick={() => void submit()} loading={busy} disabled={!body.trim()}>
          {submitLabel}
        </Button>
      </Group>
    </Stack>
  );
}
