import { Badge, Button, Group, Kbd, Loader, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { IconBolt, IconBuilding, IconCalendarEvent, IconUser } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { type KeyboardEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, notifySuccess } from '../../ui/notify';
import { usePhone } from '../../ui/use-phone';
import { useMe } from '../auth/auth.api';
import { ActionFormModal } from './ActionFormModal';
import { ActionTypeIcon } from './ActionTypeIcon';
import { formatWhen } from './action-time';
import {
  type ActionType,
  actionsChanged,
  type CreateActionRequest,
  createAction,
  parseQuickAdd,
  type QuickAddDraftData,
  useActionTypes,
} from './actions.api';
import classes from './actions.module.css';
import { draftToRequest } from './quick-add-draft';

interface Preview {
  text: string;
  draft: QuickAddDraftData;
  type: ActionType;
  request: CreateActionRequest;
}

/**
 * One line to plan an action ("llamar a Muñoz mañana 10:00"): Enter asks the server what it understood and
 * shows it; Enter again creates it; Escape drops the preview. `Q` focuses it from anywhere on the screen.
 */
export function QuickAdd() {
  const { t } = useTranslation('actions');
  const me = useMe();
  const phone = usePhone();
  const queryClient = useQueryClient();
  const types = useActionTypes();
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [details, setDetails] = useState<Partial<CreateActionRequest> | null>(null);
  useHotkeys([['q', () => input.current?.focus()]]);

  const fallbackType = () =>
    types.active.find((type) => type.key === 'task') ??
    types.active.find((type) => !type.timed) ??
    types.active[0];

  const parse = async () => {
    const line = text.trim();
    if (!line) return;
    setBusy(true);
    setError(null);
    try {
      const draft = await parseQuickAdd(line);
      const type = types.byId(draft.type_id) ?? fallbackType();
      if (!type) throw new Error(t('fields.no_types'));
      setPreview({ text: line, draft, type, request: draftToRequest(draft, type, line, me, me.time_zone) });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const create = async (p: Preview) => {
    setBusy(true);
    setError(null);
    try {
      const action = await createAction(p.request);
      actionsChanged(queryClient, action);
      notifySuccess(t('created', { subject: action.subject }));
      setText('');
      setPreview(null);
      input.current?.focus();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      if (busy) return;
      if (preview && preview.text === text.trim()) void create(preview);
      else void parse();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      if (preview || error) {
        setPreview(null);
        setError(null);
      } else if (text) setText('');
      else input.current?.blur();
    }
  };

  return (
    <Stack gap={6} className={classes.quickAdd}>
      <TextInput
        ref={input}
        aria-label={t('quick.label')}
        placeholder={t('quick.placeholder')}
        leftSection={<IconBolt size={18} aria-hidden />}
        rightSection={busy ? <Loader size="xs" /> : phone ? null : <Kbd size="xs">Q</Kbd>}
        size={phone ? 'md' : 'sm'}
        value={text}
        error={error}
        enterKeyHint={preview ? 'done' : 'go'}
        autoComplete="off"
        onChange={(e) => {
          setText(e.currentTarget.value);
          setError(null);
        }}
        onKeyDown={onKeyDown}
        aria-describedby="quick-add-preview"
      />
      <div id="quick-add-preview" role="status" aria-live="polite">
        {preview && preview.text === text.trim() && (
          <Paper withBorder p="xs" radius="md" shadow="xs">
            <Stack gap={6}>
              <Group gap={6} wrap="wrap">
                <Text size="sm" fw={600}>
                  {t('quick.will_create')}
                </Text>
                <Badge
                  tt="none"
                  variant="default"
                  size="lg"
                  leftSection={
                    <ActionTypeIcon icon={preview.type.icon} color={preview.type.color} size="xs" />
                  }
                >
                  {types.label(preview.type)}
                </Badge>
                <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
                  {preview.request.subject}
                </Text>
              </Group>
              <Group gap={6} wrap="wrap">
                <Badge
                  tt="none"
                  size="md"
                  variant="default"
                  leftSection={<IconCalendarEvent size={14} aria-hidden />}
                >
                  {formatWhen(
                    {
                      starts_at: preview.request.starts_at ?? null,
                      ends_at: preview.request.ends_at ?? null,
                      due_date: preview.request.due_date ?? null,
                      due_at:
                        preview.request.ends_at ?? preview.request.starts_at ?? new Date().toISOString(),
                    },
                    me.time_zone,
                  )}
                </Badge>
                {preview.draft.entity ? (
                  <Badge
                    tt="none"
                    size="md"
                    variant="default"
                    leftSection={<IconBuilding size={14} aria-hidden />}
                  >
                    {preview.draft.entity.name}
                  </Badge>
                ) : (
                  <Text size="xs" c="dimmed">
                    {t('quick.no_entity')}
                  </Text>
                )}
                {preview.draft.contact && (
                  <Badge
                    tt="none"
                    size="md"
                    variant="default"
                    leftSection={<IconUser size={14} aria-hidden />}
                  >
                    {preview.draft.contact.name}
                  </Badge>
                )}
              </Group>
              <Group gap="xs" justify="flex-end">
                {!phone && (
                  <Text size="xs" c="dimmed" mr="auto">
                    {t('quick.hint')}
                  </Text>
                )}
                <Button variant="subtle" size="compact-sm" onClick={() => setPreview(null)}>
                  {t('translation:common.cancel')}
                </Button>
                <Button
                  variant="default"
                  size={phone ? 'sm' : 'compact-sm'}
                  onClick={() => {
                    setDetails(preview.request);
                  }}
                >
                  {t('quick.more_details')}
                </Button>
                <Button
                  size={phone ? 'sm' : 'compact-sm'}
                  onClick={() => void create(preview)}
                  loading={busy}
                >
                  {t('quick.create')}
                </Button>
              </Group>
            </Stack>
          </Paper>
        )}
      </div>
      <ActionFormModal
        opened={details !== null}
        onClose={() => setDetails(null)}
        onSaved={() => {
          setPreview(null);
          setText('');
        }}
        defaults={details ?? {}}
      />
    </Stack>
  );
}
