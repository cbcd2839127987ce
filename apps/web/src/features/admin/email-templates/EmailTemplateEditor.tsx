import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Grid,
  Group,
  Modal,
  Select,
  Stack,
  Switch,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { modals } from '@mantine/modals';
import { IconAlertTriangle, IconArrowLeft, IconDeviceFloppy } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useBlocker, useNavigate } from '@tanstack/react-router';
import { type ReactNode, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notifySuccess } from '../../../ui/notify';
import { usePageTitle } from '../../../ui/use-page-title';
import { applyServerErrors, type FormProblem, FormProblemAlert, NO_PROBLEM } from '../server-errors';
import {
  createTemplate,
  type EmailTemplate,
  invalidateTemplates,
  TEMPLATE_LANGUAGES,
  type TemplateLanguage,
  templateQuery,
  updateTemplate,
} from './email-templates.api';
import classes from './email-templates.module.css';
import {
  type Caret,
  isEmptyPart,
  type PartKey,
  type PartValues,
  TemplateLanguageFields,
} from './TemplateLanguageFields';
import { type PreviewRecords, TemplatePreview } from './TemplatePreview';

interface Values {
  name: string;
  description: string;
  active: boolean;
  commercial: boolean;
  default_language: TemplateLanguage;
  content: Record<TemplateLanguage, PartValues>;
}

const emptyPart = (): PartValues => ({ subject: '', html: '', text: '' });

function valuesOf(template: EmailTemplate | undefined, language: TemplateLanguage): Values {
  const part = (l: TemplateLanguage): PartValues => ({ ...emptyPart(), ...template?.content[l] });
  return {
    name: template?.name ?? '',
    description: template?.description ?? '',
    active: template?.active ?? true,
    commercial: template?.commercial ?? false,
    default_language: template?.default_language ?? language,
    content: { es: part('es'), ca: part('ca'), en: part('en') },
  };
}

/** The languages with something written, as the API takes them. */
const writtenContent = (content: Values['content']) =>
  Object.fromEntries(
    TEMPLATE_LANGUAGES.filter((l) => !isEmptyPart(content[l])).map((l) => [l, content[l]]),
  ) as Partial<Record<TemplateLanguage, PartValues>>;

interface Props {
  template: EmailTemplate | undefined;
  language: TemplateLanguage;
  onLanguageChange: (language: TemplateLanguage) => void;
  /** The preview's sample records: kept by the screen, so they stay when a new template is saved. */
  records: PreviewRecords;
  onRecordsChange: (records: PreviewRecords) => void;
}

/** A template's page: name and settings, one tab per language, and the live preview beside (below, on a phone). */
export function EmailTemplateEditor({
  template: initial,
  language,
  onLanguageChange,
  records,
  onRecordsChange,
}: Props) {
  const { t, i18n } = useTranslation('email-templates');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [base, setBase] = useState(initial);
  const [problem, setProblem] = useState<FormProblem>(NO_PROBLEM);
  const [busy, setBusy] = useState(false);
  const [liveErrors, setLiveErrors] = useState<Record<string, string>>({});
  const caret = useRef<Caret | null>(null);
  const [target, setTarget] = useState<PartKey>('html');
  const saved = useRef(false);
  usePageTitle(base?.name || t('editor.new_title'));

  const form = useForm<Values>({
    initialValues: valuesOf(
      initial,
      (TEMPLATE_LANGUAGES as string[]).includes(i18n.language) ? (i18n.language as TemplateLanguage) : 'es',
    ),
    validate: (v) => {
      const errors: Record<string, ReactNode> = {};
      if (!v.name.trim()) errors.name = t('admin:validation.required');
      return errors;
    },
  });
  const values = form.getValues();
  const content = writtenContent(values.content);

  const blocker = useBlocker({
    shouldBlockFn: () => form.isDirty() && !saved.current,
    enableBeforeUnload: () => form.isDirty() && !saved.current,
    withResolver: true,
  });

  const errorOf = (lang: TemplateLanguage, part: PartKey): ReactNode => {
    const path = `content.${lang}.${part}`;
    return (form.errors[path] as ReactNode) ?? liveErrors[path];
  };
  const hasErrors = (lang: TemplateLanguage) =>
    (['subject', 'html', 'text'] as PartKey[]).some((part) => Boolean(errorOf(lang, part)));

  const setPart = (lang: TemplateLanguage, part: PartKey, value: string) => {
    form.setFieldValue(`content.${lang}.${part}`, value);
    form.clearFieldError(`content.${lang}.${part}`);
    form.clearFieldError('content');
  };

  /** Puts the snippet where the caret was (replacing a selection), or at the end of the HTML body. */
  const insert = (snippet: string) => {
    const at = caret.current?.path.startsWith(`content.${language}.`) ? caret.current : null;
    const part = (at?.path.split('.')[2] as PartKey | undefined) ?? 'html';
    const current = form.getValues().content[language][part];
    const start = at ? Math.min(at.start, current.length) : current.length;
    const end = at ? Math.min(at.end, current.length) : current.length;
    setPart(language, part, current.slice(0, start) + snippet + current.slice(end));
    const element =
      at?.element ?? document.querySelector<HTMLTextAreaElement>(`[data-path="content.${language}.html"]`);
    requestAnimationFrame(() => {
      if (!element) return;
      element.focus();
      const position = start + snippet.length;
      element.setSelectionRange(position, position);
      caret.current = { path: `content.${language}.${part}`, element, start: position, end: position };
    });
  };

  const clearLanguage = (lang: TemplateLanguage) =>
    modals.openConfirmModal({
      title: t('editor.clear_confirm_title', { lang: t(`lang.${lang}`) }),
      centered: true,
      children: <Text size="sm">{t('editor.clear_confirm')}</Text>,
      labels: { confirm: t('editor.clear'), cancel: t('admin:cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () => form.setFieldValue(`content.${lang}`, emptyPart()),
    });

  const submit = async (v: Values) => {
    const body = {
      name: v.name.trim(),
      description: v.description.trim(),
      active: v.active,
      commercial: v.commercial,
      default_language: v.default_language,
      content: writtenContent(v.content),
    };
    // The default language must be one that is written: else the first written one.
    if (!body.content[body.default_language]) {
      const first = TEMPLATE_LANGUAGES.find((l) => body.content[l]);
      if (first) body.default_language = first;
    }
    setBusy(true);
    setProblem(NO_PROBLEM);
    try {
      const result = base
        ? await updateTemplate(base.id, { version: base.version, ...body })
        : await createTemplate(body);
      await invalidateTemplates(queryClient);
      queryClient.setQueryData(templateQuery(result.id).queryKey, result);
      setBase(result);
      form.setValues(valuesOf(result, language));
      form.resetDirty(valuesOf(result, language));
      notifySuccess(t(base ? 'editor.saved' : 'editor.created'));
      if (!base) {
        saved.current = true;
        await navigate({
          to: '/admin/email-templates/$id',
          params: { id: result.id },
          search: { lang: language },
        });
        saved.current = false;
      }
    } catch (error) {
      const found = applyServerErrors(form, error);
      setProblem(found);
      // Jump to the first language with an error.
      const errored = TEMPLATE_LANGUAGES.find((l) =>
        Object.keys(form.errors).some((key) => key.startsWith(`content.${l}.`)),
      );
      if (errored && errored !== language) onLanguageChange(errored);
    } finally {
      setBusy(false);
    }
  };

  const reload = async () => {
    if (!base) return;
    setProblem(NO_PROBLEM);
    const fresh = await queryClient.fetchQuery({ ...templateQuery(base.id), staleTime: 0 });
    setBase(fresh);
    form.setValues(valuesOf(fresh, language));
    form.resetDirty(valuesOf(fresh, language));
    form.clearErrors();
  };

  const contentError = form.errors.content as ReactNode;
  const tabLabel = (lang: TemplateLanguage) => (
    <Group gap={6} wrap="nowrap">
      <span>{t(`lang.${lang}`)}</span>
      {hasErrors(lang) ? (
        <Badge size="xs" color="red" variant="filled" aria-label={t('editor.tab_error')}>
          !
        </Badge>
      ) : isEmptyPart(values.content[lang]) ? (
        <Text size="xs" c="dimmed" span>
          {t('editor.tab_empty')}
        </Text>
      ) : values.default_language === lang ? (
        <Badge size="xs" variant="light" tt="none">
          {t('editor.tab_default')}
        </Badge>
      ) : null}
    </Group>
  );

  return (
    <form
      onSubmit={form.onSubmit((v) => void submit(v))}
      noValidate
      aria-label={base?.name || t('editor.new_title')}
    >
      <Stack gap="md">
        <Group justify="space-between" align="flex-end" gap="sm" wrap="wrap">
          <Box style={{ minWidth: 0 }}>
            <Anchor component={Link} to="/admin/email-templates" size="sm">
              <Group gap={4} component="span" wrap="nowrap">
                <IconArrowLeft size={14} aria-hidden />
                {t('editor.back')}
              </Group>
            </Anchor>
            <Title order={2} size="h3" style={{ overflowWrap: 'anywhere' }}>
              {base?.name || t('editor.new_title')}
            </Title>
          </Box>
          <Button type="submit" loading={busy} leftSection={<IconDeviceFloppy size={16} aria-hidden />}>
            {base ? t('editor.save') : t('editor.create')}
          </Button>
        </Group>

        <FormProblemAlert problem={problem} onReload={() => void reload()} />

        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Stack gap="md">
              <Grid gap="sm">
                <Grid.Col span={{ base: 12, sm: 7 }}>
                  <TextInput
                    label={t('name')}
                    description={t('name_hint')}
                    inputWrapperOrder={['label', 'input', 'description', 'error']}
                    required
                    maxLength={200}
                    autoComplete="off"
                    data-autofocus
                    {...form.getInputProps('name')}
                  />
                </Grid.Col>
                <Grid.Col span={{ base: 12, sm: 5 }}>
                  <Select
                    label={t('editor.default_language')}
                    description={t('editor.default_language_hint')}
                    inputWrapperOrder={['label', 'input', 'description', 'error']}
                    data={TEMPLATE_LANGUAGES.map((l) => ({ value: l, label: t(`lang.${l}`) }))}
                    allowDeselect={false}
                    comboboxProps={{ withinPortal: true }}
                    {...form.getInputProps('default_language')}
                  />
                </Grid.Col>
              </Grid>
              <TextInput
                label={t('description_label')}
                description={t('description_hint')}
                inputWrapperOrder={['label', 'input', 'description', 'error']}
                maxLength={2000}
                autoComplete="off"
                {...form.getInputProps('description')}
              />
              <Switch
                label={t('active')}
                description={t('active_hint')}
                {...form.getInputProps('active', { type: 'checkbox' })}
              />
              <Switch
                label={t('commercial')}
                description={t('commercial_hint')}
                {...form.getInputProps('commercial', { type: 'checkbox' })}
              />
              {contentError && (
                <Alert color="red" icon={<IconAlertTriangle size={18} aria-hidden />} role="alert">
                  {contentError}
                </Alert>
              )}
              <Tabs
                value={language}
                onChange={(v) => v && onLanguageChange(v as TemplateLanguage)}
                keepMounted={false}
              >
                <Tabs.List aria-label={t('editor.languages_label')}>
                  {TEMPLATE_LANGUAGES.map((lang) => (
                    <Tabs.Tab key={lang} value={lang} lang={lang}>
                      {tabLabel(lang)}
                    </Tabs.Tab>
                  ))}
                </Tabs.List>
                {TEMPLATE_LANGUAGES.map((lang) => (
                  <Tabs.Panel key={lang} value={lang} pt="sm">
                    <TemplateLanguageFields
                      language={lang}
                      values={values.content[lang]}
                      errors={{
                        subject: errorOf(lang, 'subject'),
                        html: errorOf(lang, 'html'),
                        text: errorOf(lang, 'text'),
                      }}
                      others={values.content}
                      target={target}
                      onChange={(part, value) => setPart(lang, part, value)}
                      onCaret={(c) => {
                        caret.current = c;
                        setTarget(c.path.split('.')[2] as PartKey);
                      }}
                      onInsert={insert}
                      onCopyFrom={(from) =>
                        form.setFieldValue(`content.${lang}`, { ...values.content[from] })
                      }
                      onClear={() => clearLanguage(lang)}
                    />
                  </Tabs.Panel>
                ))}
              </Tabs>
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Box className={classes.previewColumn}>
              <TemplatePreview
                content={content}
                defaultLanguage={
                  content[values.default_language]
                    ? values.default_language
                    : (TEMPLATE_LANGUAGES.find((l) => content[l]) ?? values.default_language)
                }
                language={language}
                commercial={values.commercial}
                records={records}
                onRecordsChange={onRecordsChange}
                onErrors={setLiveErrors}
              />
            </Box>
          </Grid.Col>
        </Grid>
      </Stack>
      <Modal
        opened={blocker.status === 'blocked'}
        onClose={() => blocker.reset?.()}
        title={t('editor.unsaved_title')}
        centered
      >
        <Stack gap="md">
          <Text size="sm">{t('editor.unsaved_message')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => blocker.reset?.()} data-autofocus>
              {t('editor.stay')}
            </Button>
            <Button color="red" onClick={() => blocker.proceed?.()}>
              {t('editor.leave')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </form>
  );
}
