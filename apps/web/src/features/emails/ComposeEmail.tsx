import {
  Anchor,
  Button,
  Collapse,
  Group,
  MultiSelect,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPaperclip, IconSend } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { TemplateWarning } from '@trato/contracts/email-templates';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../i18n';
import { formatFileSize } from '../../ui/format';
import { errorMessage, notifySuccess } from '../../ui/notify';
import {
  applyServerErrors,
  type FormProblem,
  FormProblemAlert,
  focusFirstError,
  NO_PROBLEM,
} from '../admin/server-errors';
import { filesQuery } from '../files/files.api';
import { type MailSenderList, mailSendersQuery } from '../mail-accounts/mail-accounts.api';
import { EmailBody } from './EmailBody';
import {
  activeTemplatesQuery,
  emailsChanged,
  previewTemplate,
  type SendEmailBody,
  sendEmail,
} from './emails.api';
import { ADDRESS, RecipientsInput } from './RecipientsInput';
import { MergeWarnings, TemplatePicker } from './TemplatePicker';
import { useOptOuts } from './use-opt-outs';
import { type RecordRefs, useRecipients } from './use-recipients';

/** What the compose window opens with: the records the mail is about, and for a reply, the mail answered. */
export interface ComposeDraft extends RecordRefs {
  to?: string[];
  cc?: string[];
  subject?: string;
  text?: string;
  replyToEmailId?: string;
  templateId?: string;
  /** The account the answered mail came (or went) through: the reply keeps it when the user may send from it. */
  accountId?: string | null;
}

/** The "From" option of the server's own sender (TRATO_MAIL_FROM), when no account is the default. */
const SERVER_SENDER = 'server';

/** The senders as options; the one used when none is chosen marked. Empty when there is nothing to choose. */
function senderOptions(list: MailSenderList | undefined, defaultLabel: string) {
  if (!list || list.data.length === 0) return [];
  const label = (name: string, address: string, isDefault: boolean) =>
    `${name ? `${name} <${address}>` : address}${isDefault ? ` · ${defaultLabel}` : ''}`;
  const options = list.data.map((s) => ({
    value: s.id,
    label: label(
      // What the mail says it is from: the account's display name, else its name (as the server does).
      s.id === list.default_account_id ? list.default_from.name : s.display_name || s.name,
      s.address,
      s.id === list.default_account_id,
    ),
  }));
  if (list.default_account_id === null)
    options.unshift({
      value: SERVER_SENDER,
      label: label(list.default_from.name, list.default_from.address, true),
    });
  return options.length > 1 ? options : [];
}

interface Values {
  /** The account to send from (an id, or SERVER_SENDER); '' until the senders load. */
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  template_id: string | null;
  subject: string;
  text_body: string;
  file_ids: string[];
}

/** The template as rendered for this record, and whether the user has changed what it wrote since. */
interface Rendered {
  subject: string;
  text: string;
  html: string;
  language: Language;
  warnings: TemplateWarning[];
}

/**
 * Write a mail about an entity, contact or case (or answer one): recipients as chips, a template rendered
 * against the record or a free subject and text, files of the entity attached. Sending queues it (202): the
 * timeline shows it queued, then sent.
 */
export function ComposeEmail({ draft, onDone }: { draft: ComposeDraft; onDone: () => void }) {
  const { t } = useTranslation('emails');
  const queryClient = useQueryClient();
  const recipients = useRecipients(draft);
  const files = useQuery({ ...filesQuery(draft.entityId ?? ''), enabled: Boolean(draft.entityId) });
  const senders = useQuery(mailSendersQuery());
  const [copies, setCopies] = useState(Boolean(draft.cc?.length));
  const [language, setLanguage] = useState<Language | null>(null);
  const [rendered, setRendered] = useState<Rendered | null>(null);
  const [rendering, setRendering] = useState(false);
  const [showHtml, setShowHtml] = useState(false);
  const [problem, setProblem] = useState<FormProblem>(NO_PROBLEM);
  const [busy, setBusy] = useState(false);
  const form = useForm<Values>({
    initialValues: {
      from: '',
      to: draft.to ?? [],
      cc: draft.cc ?? [],
      bcc: [],
      template_id: null,
      subject: draft.subject ?? '',
      text_body: draft.text ?? '',
      file_ids: [],
    },
    validate: (v) => {
      const errors: Record<string, ReactNode> = {};
      if (v.to.length === 0) errors.to = t('compose.to_required');
      else if (v.to.some((a) => !ADDRESS.test(a))) errors.to = t('compose.to_invalid');
      // With a template, an emptied subject or text falls back to what the template writes.
      if (!v.template_id) {
        if (!v.subject.trim()) errors.subject = t('compose.subject_required');
        if (!v.text_body.trim()) errors.text_body = t('compose.body_required');
      }
      return errors;
    },
  });
  const values = form.getValues();
  // A commercial template is refused for an address that opted out: its chip says so before sending.
  const templates = useQuery(activeTemplatesQuery);
  const commercial = Boolean(templates.data?.find((x) => x.id === values.template_id)?.commercial);
  const optOuts = useOptOuts([...values.to, ...values.cc, ...values.bcc], commercial);
  const flagged = (address: string) => (commercial && optOuts.of(address) ? t('opt_out.recipient') : null);
  const flaggedCount = commercial
    ? [...values.to, ...values.cc, ...values.bcc].filter((a) => optOuts.of(a)).length
    : 0;
  // Written from an entity to one of its contacts: the mail is that contact's too, and the template greets them.
  const contactId = draft.contactId ?? recipients.contactFor(values.to[0]);
  /** The user changed the text the template wrote: what they wrote is sent, as plain text (no HTML). */
  const edited = (v: Values) =>
    Boolean(rendered) && v.text_body.trim() !== '' && v.text_body !== rendered?.text;

  // Recipients known from the record fill "To" once they load, unless the user already wrote some.
  const prefilled = useRef(Boolean(draft.to?.length));
  useEffect(() => {
    if (prefilled.current || recipients.loading) return;
    prefilled.current = true;
    if (form.getValues().to.length === 0 && recipients.initial.length > 0)
      form.setFieldValue('to', recipients.initial);
  }, [recipients, form]);

  // "From" starts at what the server would choose, or, for a reply, at the account the thread came through.
  const fromOptions = senderOptions(senders.data, t('compose.from_default'));
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, when the senders load
  useEffect(() => {
    const list = senders.data;
    if (!list || form.getValues().from) return;
    const reply = list.data.find((s) => s.id === draft.accountId);
    form.setFieldValue('from', reply?.id ?? list.default_account_id ?? SERVER_SENDER);
  }, [senders.data]);

  const render = async (templateId: string | null, lng: Language | null) => {
    form.setFieldValue('template_id', templateId);
    setLanguage(lng);
    if (!templateId) {
      setRendered(null);
      return;
    }
    setRendering(true);
    try {
      const result = await previewTemplate({
        template_id: templateId,
        ...(lng ? { language: lng } : {}),
        ...(draft.entityId ? { entity_id: draft.entityId } : {}),
        ...(contactId ? { contact_id: contactId } : {}),
        ...(draft.caseId ? { case_id: draft.caseId } : {}),
      });
      setRendered({ ...result, language: result.language });
      form.setFieldValue('subject', result.subject);
      form.setFieldValue('text_body', result.text);
      form.clearFieldError('subject');
      form.clearFieldError('text_body');
    } catch (error) {
      form.setFieldError('template_id', errorMessage(error));
    } finally {
      setRendering(false);
    }
  };

  // Another recipient, another contact: the template is written again for them (unless the user edited it).
  const renderedFor = useRef(contactId);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the contact changes
  useEffect(() => {
    if (renderedFor.current === contactId) return;
    renderedFor.current = contactId;
    const v = form.getValues();
    if (v.template_id && rendered && !edited(v) && v.subject === rendered.subject)
      void render(v.template_id, language);
  }, [contactId]);

  const send = async (v: Values) => {
    // With a template the server renders it for the record; what the user changed wins over what it wrote.
    const template = v.template_id;
    const subjectChanged = !template || (v.subject.trim() !== '' && v.subject !== rendered?.subject);
    const chosen = fromOptions.length > 0 && v.from && v.from !== SERVER_SENDER ? v.from : null;
    const body: SendEmailBody = {
      ...(chosen ? { account_id: chosen } : {}),
      ...(draft.entityId ? { entity_id: draft.entityId } : {}),
      ...(contactId ? { contact_id: contactId } : {}),
      ...(draft.caseId ? { case_id: draft.caseId } : {}),
      ...(draft.replyToEmailId ? { reply_to_email_id: draft.replyToEmailId } : {}),
      to: v.to,
      ...(v.cc.length ? { cc: v.cc } : {}),
      ...(v.bcc.length ? { bcc: v.bcc } : {}),
      ...(template ? { template_id: template } : {}),
      ...(template && (rendered?.language ?? language) ? { language: rendered?.language ?? language! } : {}),
      ...(subjectChanged ? { subject: v.subject.trim() } : {}),
      ...(!template || edited(v) ? { text_body: v.text_body } : {}),
      ...(v.file_ids.length ? { file_ids: v.file_ids } : {}),
    };
    setBusy(true);
    setProblem(NO_PROBLEM);
    try {
      const queued = await sendEmail(body);
      emailsChanged(queryClient, queued);
      notifySuccess(t('queued'));
      onDone();
    } catch (error) {
      setProblem(
        applyServerErrors(form, error, {
          html_body: 'text_body',
          language: 'template_id',
          account_id: 'from',
        }),
      );
    } finally {
      setBusy(false);
    }
  };

  const fileOptions = (files.data?.data ?? []).map((f) => ({
    value: f.id,
    label: `${f.name} (${formatFileSize(f.size)})`,
  }));
  const isEdited = edited(values);
  // The cursor starts where the user writes first: the recipients when none can be known, else the subject
  // (the message for a reply). Decided once, as the window opens, before the record's addresses load.
  const [focusTo] = useState(() => !draft.to?.length && !draft.entityId && !draft.contactId);

  return (
    <form
      onSubmit={form.onSubmit(
        (v) => void send(v),
        (errors) => focusFirstError(form, errors),
      )}
      noValidate
    >
      <Stack gap="sm">
        <FormProblemAlert problem={problem} onReload={() => setProblem(NO_PROBLEM)} />
        {fromOptions.length > 0 && (
          <Select
            label={t('compose.from')}
            data={fromOptions}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
            {...form.getInputProps('from')}
            onChange={(value) => value && form.setFieldValue('from', value)}
          />
        )}
        <RecipientsInput
          label={t('compose.to')}
          required
          data={recipients.suggestions}
          placeholder={values.to.length ? undefined : t('compose.to_placeholder')}
          data-autofocus={focusTo || undefined}
          value={values.to}
          onChange={(v) => form.setFieldValue('to', v)}
          error={form.errors.to}
          flagged={flagged}
          description={
            flaggedCount > 0 && !form.errors.to ? t('opt_out.recipients', { count: flaggedCount }) : undefined
          }
          inputWrapperOrder={['label', 'input', 'description', 'error']}
          clearable={false}
          rightSectionWidth={copies ? undefined : 84}
          rightSection={
            copies ? undefined : (
              <Anchor
                component="button"
                type="button"
                size="sm"
                style={{ whiteSpace: 'nowrap' }}
                onClick={() => setCopies(true)}
              >
                {t('compose.cc_bcc')}
              </Anchor>
            )
          }
        />
        <Collapse expanded={copies}>
          <Stack gap="sm">
            <RecipientsInput
              label={t('compose.cc')}
              data={recipients.suggestions}
              value={values.cc}
              flagged={flagged}
              onChange={(v) => form.setFieldValue('cc', v)}
              error={form.errors.cc}
            />
            <RecipientsInput
              label={t('compose.bcc')}
              data={recipients.suggestions}
              value={values.bcc}
              flagged={flagged}
              onChange={(v) => form.setFieldValue('bcc', v)}
              error={form.errors.bcc}
            />
          </Stack>
        </Collapse>
        {!draft.replyToEmailId && (
          <TemplatePicker
            templateId={values.template_id}
            language={language}
            loading={rendering}
            error={form.errors.template_id as string | undefined}
            onChange={(id, lng) => void render(id, lng)}
          />
        )}
        {rendered && <MergeWarnings warnings={rendered.warnings} />}
        <TextInput
          label={t('compose.subject')}
          required={!values.template_id}
          maxLength={998}
          disabled={rendering}
          data-autofocus={(!focusTo && !draft.replyToEmailId) || undefined}
          {...form.getInputProps('subject')}
        />
        <Textarea
          label={t('compose.body')}
          required={!values.template_id}
          autosize
          minRows={8}
          data-autofocus={draft.replyToEmailId ? true : undefined}
          maxRows={20}
          disabled={rendering}
          {...form.getInputProps('text_body')}
        />
        {rendered && (
          <Group justify="space-between" gap="xs">
            <Text size="xs" c={isEdited ? 'orange.9' : 'dimmed'}>
              {isEdited ? t('compose.edited_hint') : t('compose.template_hint')}
            </Text>
            {rendered.html && !isEdited && (
              <Anchor component="button" type="button" size="xs" onClick={() => setShowHtml((s) => !s)}>
                {showHtml ? t('compose.hide_html') : t('compose.show_html')}
              </Anchor>
            )}
          </Group>
        )}
        {rendered?.html && showHtml && !isEdited && (
          <EmailBody html={rendered.html} text={rendered.text} title={t('compose.html_preview')} />
        )}
        {draft.entityId && fileOptions.length > 0 && (
          <MultiSelect
            label={t('compose.attach')}
            placeholder={values.file_ids.length ? undefined : t('compose.attach_placeholder')}
            data={fileOptions}
            searchable
            clearable
            maxValues={20}
            leftSection={<IconPaperclip size={16} aria-hidden />}
            comboboxProps={{ withinPortal: true }}
            {...form.getInputProps('file_ids')}
          />
        )}
        <Group justify="flex-end" gap="xs" mt="xs">
          <Button variant="default" onClick={onDone}>
            {t('compose.discard')}
          </Button>
          <Button
            type="submit"
            loading={busy}
            disabled={rendering}
            leftSection={<IconSend size={16} aria-hidden />}
          >
            {t('compose.send')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
