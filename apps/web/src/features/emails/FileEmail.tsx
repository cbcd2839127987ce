import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  SegmentedControl,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { IconAlertTriangle, IconBriefcase, IconFolderPlus, IconUserPlus } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type FormEvent, type ReactNode, useContext, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { AnchorLink } from '../../ui/links';
import { errorMessage, notifyError, notifySuccess } from '../../ui/notify';
import { SearchSelect } from '../../ui/SearchSelect';
import { usePhone } from '../../ui/use-phone';
import { useCaseTypes } from '../cases/cases.api';
import {
  caseSearch,
  contactSearch,
  createLeadFromEmail,
  type Email,
  emailFiled,
  entitySearch,
  type FiledEmail,
  fileEmail,
  type LeadSuggestion,
  leadSuggestionQuery,
  openCaseFromEmail,
  threadQuery,
} from './emails.api';
import classes from './emails.module.css';

// Filing a mail by hand, from its drawer: "Archivar en…" (a record the user picks), "Crear potencial" (a lead
// from the sender) and "Abrir expediente" (a case from the mail); each files the conversation with it.

type Dialog = 'file' | 'lead' | 'case' | null;

/** Tells the drawer around these buttons that one of their dialogs is open (Escape closes only the dialog). */
export const DrawerDialogContext = createContext<(open: boolean) => void>(() => {});

/**
 * The ways to file a mail, prominent (`unfiled`) when it is filed nowhere yet. A lead from the sender is
 * offered only then: once filed, the sender is someone we know.
 */
export function FileEmailActions({ email, unfiled }: { email: Email; unfiled: boolean }) {
  const { t } = useTranslation('emails');
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);
  const setDialogOpen = useContext(DrawerDialogContext);
  useEffect(() => {
    setDialogOpen(dialog !== null);
    return () => setDialogOpen(false);
  }, [dialog, setDialogOpen]);
  const size = unfiled ? 'sm' : 'compact-sm';
  const variant = unfiled ? 'light' : 'subtle';
  return (
    <>
      <Group gap="xs">
        <Button
          size={size}
          variant={variant}
          leftSection={<IconFolderPlus size={16} aria-hidden />}
          onClick={() => setDialog('file')}
        >
          {unfiled ? t('file.file') : t('file.file_also')}
        </Button>
        {email.direction === 'in' && unfiled && (
          <Button
            size={size}
            variant={variant}
            leftSection={<IconUserPlus size={16} aria-hidden />}
            onClick={() => setDialog('lead')}
          >
            {t('file.lead')}
          </Button>
        )}
        <Button
          size={size}
          variant={variant}
          leftSection={<IconBriefcase size={16} aria-hidden />}
          onClick={() => setDialog('case')}
        >
          {t('file.case')}
        </Button>
      </Group>
      <FileDialog opened={dialog === 'file'} onClose={close} title={t('file.file_title')}>
        <FileForm email={email} onDone={close} />
      </FileDialog>
      <FileDialog opened={dialog === 'lead'} onClose={close} title={t('file.lead_title')}>
        <LeadForm email={email} onDone={close} />
      </FileDialog>
      <FileDialog opened={dialog === 'case'} onClose={close} title={t('file.case_title')}>
        <CaseForm email={email} onDone={close} />
      </FileDialog>
    </>
  );
}

function FileDialog({
  opened,
  onClose,
  title,
  children,
}: {
  opened: boolean;
  onClose: () => void;
  title: string;
  children: ReactNode;
}) {
  const { t } = useTranslation('emails');
  const phone = usePhone();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={title}
      size="lg"
      fullScreen={phone}
      className={classes.touch}
      closeButtonProps={{ 'aria-label': t('close') }}
    >
      {opened && children}
    </Modal>
  );
}

/** The server's field errors by field; anything else as one message. */
function useSubmit(onSaved: (result: FiledEmail) => string) {
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  /** True when it was saved (the dialog closes); errors stay shown in it otherwise. */
  const submit = async (send: () => Promise<FiledEmail>): Promise<boolean> => {
    setBusy(true);
    setErrors({});
    setFailure(null);
    try {
      const result = await send();
      emailFiled(queryClient, result.email);
      notifySuccess(onSaved(result));
      return true;
    } catch (error) {
      if (isApiError(error, 'validation_failed') && error.errors.length > 0)
        setErrors(Object.fromEntries(error.errors.map((e) => [e.field, e.message])));
      else if (isApiError(error)) setFailure(errorMessage(error));
      else notifyError(error);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, errors, failure, submit };
}

/** "Toda la conversación": shown when the mail has others in its thread. */
function ThreadCheckbox({
  email,
  checked,
  onChange,
}: {
  email: Email;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  const { t } = useTranslation('emails');
  const thread = useQuery(threadQuery(email.thread_id));
  const count = thread.data?.length ?? 1;
  if (count < 2) return null;
  return (
    <Checkbox
      label={t('file.thread', { count })}
      checked={checked}
      onChange={(e) => onChange(e.currentTarget.checked)}
    />
  );
}

function Failure({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <Alert color="red" icon={<IconAlertTriangle size={18} aria-hidden />} role="alert">
      <Text size="sm">{message}</Text>
    </Alert>
  );
}

function Actions({ busy, label, onCancel }: { busy: boolean; label: string; onCancel: () => void }) {
  const { t } = useTranslation('emails');
  return (
    <Group justify="flex-end" gap="xs" mt="xs">
      <Button variant="default" onClick={onCancel}>
        {t('file.cancel')}
      </Button>
      <Button type="submit" loading={busy}>
        {label}
      </Button>
    </Group>
  );
}

/** "Archivar en…": an entity, and optionally one of its contacts or cases (picking one of those is enough). */
function FileForm({ email, onDone }: { email: Email; onDone: () => void }) {
  const { t } = useTranslation('emails');
  const [entityId, setEntityId] = useState<string | null>(null);
  const [contactId, setContactId] = useState<string | null>(null);
  const [caseId, setCaseId] = useState<string | null>(null);
  const [thread, setThread] = useState(true);
  const { busy, errors, failure, submit } = useSubmit((result) => t('file.filed', { count: result.filed }));
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const saved = await submit(() =>
      fileEmail(email.id, {
        ...(entityId && { entity_id: entityId }),
        ...(contactId && { contact_id: contactId }),
        ...(caseId && { case_id: caseId }),
        thread,
      }),
    );
    if (saved) onDone();
  };
  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('file.file_hint')}
        </Text>
        <SearchSelect
          label={t('file.entity')}
          placeholder={t('file.search_placeholder')}
          value={entityId}
          search={entitySearch}
          optionLabel={(e) => e.name}
          onChange={(id) => {
            setEntityId(id);
            setContactId(null);
            setCaseId(null);
          }}
          error={errors.entity_id}
          data-autofocus
        />
        <SearchSelect
          key={`contact-${entityId ?? ''}`}
          label={t('file.contact')}
          placeholder={t('file.optional_placeholder')}
          value={contactId}
          search={contactSearch(entityId)}
          optionLabel={(c) => (entityId ? c.full_name : `${c.full_name} · ${c.entity_name}`)}
          onChange={setContactId}
          error={errors.contact_id}
        />
        <SearchSelect
          key={`case-${entityId ?? ''}`}
          label={t('file.case_field')}
          placeholder={t('file.optional_placeholder')}
          value={caseId}
          search={caseSearch(entityId)}
          optionLabel={(c) =>
            entityId ? `${c.number} · ${c.title}` : `${c.number} · ${c.title} · ${c.entity.name}`
          }
          onChange={setCaseId}
          error={errors.case_id}
        />
        <ThreadCheckbox email={email} checked={thread} onChange={setThread} />
        <Failure message={failure} />
        <Actions busy={busy} label={t('file.file_submit')} onCancel={onDone} />
      </Stack>
    </form>
  );
}

/** "Crear potencial": loads what the sender suggests, then the form with it. */
function LeadForm({ email, onDone }: { email: Email; onDone: () => void }) {
  const { t } = useTranslation('emails');
  const suggestion = useQuery(leadSuggestionQuery(email.id));
  if (suggestion.error)
    return (
      <Stack gap="sm">
        <Failure message={errorMessage(suggestion.error)} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('close')}
          </Button>
        </Group>
      </Stack>
    );
  if (!suggestion.data)
    return (
      <Stack gap="sm" aria-busy="true">
        <Skeleton height={36} />
        <Skeleton height={36} />
        <Skeleton height={36} />
      </Stack>
    );
  return <LeadFields email={email} suggestion={suggestion.data} onDone={onDone} />;
}

function LeadFields({
  email,
  suggestion,
  onDone,
}: {
  email: Email;
  suggestion: LeadSuggestion;
  onDone: () => void;
}) {
  const { t } = useTranslation('emails');
  const [kind, setKind] = useState(suggestion.kind);
  const [name, setName] = useState(suggestion.kind === 'company' ? suggestion.name : '');
  const [firstName, setFirstName] = useState(suggestion.contact.first_name);
  const [lastName, setLastName] = useState(suggestion.contact.last_name ?? '');
  const [thread, setThread] = useState(true);
  const { busy, errors, failure, submit } = useSubmit(() => t('file.lead_created'));
  const known = suggestion.known_contacts;
  const fileUnder = useSubmit((result) => t('file.filed', { count: result.filed }));

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const saved = await submit(() =>
      createLeadFromEmail(email.id, {
        kind,
        ...(kind === 'company' && name.trim() && { name: name.trim() }),
        contact: { first_name: firstName.trim(), last_name: lastName.trim() || null },
        thread,
      }),
    );
    if (saved) onDone();
  };
  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('file.lead_hint', { address: suggestion.email })}
        </Text>
        {known.length > 0 && (
          <Alert
            color="yellow"
            icon={<IconAlertTriangle size={18} aria-hidden />}
            title={t('file.known_title')}
          >
            <Stack gap={6}>
              {known.map((contact) => (
                <Group key={contact.id} gap="xs" justify="space-between" wrap="wrap">
                  <Text size="sm">
                    <AnchorLink to="/contacts/$id" params={{ id: contact.id }}>
                      {contact.name}
                    </AnchorLink>{' '}
                    ·{' '}
                    <AnchorLink to="/entities/$id" params={{ id: contact.entity.id }}>
                      {contact.entity.name}
                    </AnchorLink>
                  </Text>
                  <Button
                    size="compact-sm"
                    variant="light"
                    loading={fileUnder.busy}
                    onClick={async () => {
                      const saved = await fileUnder.submit(() =>
                        fileEmail(email.id, { contact_id: contact.id, thread }),
                      );
                      if (saved) onDone();
                    }}
                  >
                    {t('file.file_there')}
                  </Button>
                </Group>
              ))}
            </Stack>
          </Alert>
        )}
        <SegmentedControl
          fullWidth
          aria-label={t('file.kind')}
          value={kind}
          onChange={(value) => setKind(value as typeof kind)}
          data={[
            { value: 'company', label: t('file.kind_company') },
            { value: 'person', label: t('file.kind_person') },
          ]}
        />
        {kind === 'company' && (
          <TextInput
            label={t('file.company_name')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.name}
            required
            maxLength={200}
          />
        )}
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <TextInput
            label={kind === 'company' ? t('file.contact_first_name') : t('file.first_name')}
            value={firstName}
            onChange={(e) => setFirstName(e.currentTarget.value)}
            error={errors['contact.first_name']}
            required
            maxLength={120}
          />
          <TextInput
            label={t('file.last_name')}
            value={lastName}
            onChange={(e) => setLastName(e.currentTarget.value)}
            error={errors['contact.last_name']}
            maxLength={200}
          />
        </SimpleGrid>
        <ThreadCheckbox email={email} checked={thread} onChange={setThread} />
        <Failure message={failure ?? fileUnder.failure ?? errors.from ?? null} />
        <Actions busy={busy} label={t('file.lead_submit')} onCancel={onDone} />
      </Stack>
    </form>
  );
}

/** "RE: RV: Fwd: Avería" → "Avería" (the server does the same when no title is sent). */
const caseTitleOf = (subject: string) =>
  subject.replace(/^(\s*(re|rv|fw|fwd|tr|aw|wg|enc|resp)\s*(\[\d+\])?\s*:\s*)+/i, '').trim();

/** "Abrir expediente": a type, the title (the subject), the entity (the one the mail is filed under). */
function CaseForm({ email, onDone }: { email: Email; onDone: () => void }) {
  const { t } = useTranslation('emails');
  const types = useCaseTypes();
  const filedUnder = email.links[0]?.entity ?? null;
  const [typeId, setTypeId] = useState<string | null>(null);
  const [title, setTitle] = useState(caseTitleOf(email.subject) || email.subject.trim());
  const [entityId, setEntityId] = useState<string | null>(filedUnder?.id ?? null);
  const [thread, setThread] = useState(true);
  const { busy, errors, failure, submit } = useSubmit((result) =>
    t('file.case_opened', { number: result.case?.number ?? '' }),
  );
  const chosenType = typeId ?? types.active[0]?.id ?? null;
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!chosenType) return;
    const saved = await submit(() =>
      openCaseFromEmail(email.id, {
        type_id: chosenType,
        ...(title.trim() && { title: title.trim() }),
        ...(entityId && { entity_id: entityId }),
        thread,
      }),
    );
    if (saved) onDone();
  };
  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('file.case_hint')}
        </Text>
        <Select
          label={t('file.case_type')}
          data={types.active.map((type) => ({ value: type.id, label: types.label(type) }))}
          value={chosenType}
          onChange={setTypeId}
          allowDeselect={false}
          error={errors.type_id}
          required
          comboboxProps={{ withinPortal: true }}
        />
        <TextInput
          label={t('file.case_title_field')}
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
          error={errors.title}
          maxLength={300}
        />
        <SearchSelect
          label={t('file.entity')}
          placeholder={t('file.search_placeholder')}
          value={entityId}
          initialLabel={filedUnder?.name}
          search={entitySearch}
          optionLabel={(e) => e.name}
          onChange={setEntityId}
          error={errors.entity_id}
          required
        />
        <ThreadCheckbox email={email} checked={thread} onChange={setThread} />
        <Failure message={failure ?? errors.contact_id ?? errors.owner_id ?? null} />
        <Actions busy={busy} label={t('file.case_submit')} onCancel={onDone} />
      </Stack>
    </form>
  );
}
