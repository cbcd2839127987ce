import { Alert, Button, Group, Menu, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { IconChevronDown, IconCopy, IconEraser, IconInfoCircle } from '@tabler/icons-react';
import type { ReactNode, SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { TEMPLATE_LANGUAGES, type TemplateLanguage } from './email-templates.api';
import classes from './email-templates.module.css';
import { InsertFieldButton } from './InsertFieldButton';

export type PartKey = 'subject' | 'html' | 'text';
export type PartValues = Record<PartKey, string>;

/** Where the caret was in the last template input the admin used: the field goes in there. */
export interface Caret {
  path: string;
  element: HTMLInputElement | HTMLTextAreaElement;
  start: number;
  end: number;
}

export const isEmptyPart = (part: PartValues) =>
  !part.subject.trim() && !part.html.trim() && !part.text.trim();

interface Props {
  language: TemplateLanguage;
  values: PartValues;
  /** Each part's error (a save's or the live preview's): "Error de sintaxis en la línea 3, columna 14: …". */
  errors: Partial<Record<PartKey, ReactNode>>;
  others: Record<TemplateLanguage, PartValues>;
  target: PartKey;
  onChange: (part: PartKey, value: string) => void;
  onCaret: (caret: Caret) => void;
  onInsert: (snippet: string) => void;
  onCopyFrom: (from: TemplateLanguage) => void;
  onClear: () => void;
}

/** One language of a template: subject, HTML body, text body, in monospace, with "insert field". */
export function TemplateLanguageFields({
  language,
  values,
  errors,
  others,
  target,
  onChange,
  onCaret,
  onInsert,
  onCopyFrom,
  onClear,
}: Props) {
  const { t } = useTranslation('email-templates');
  const languageName = t(`lang.${language}`);
  const sources = TEMPLATE_LANGUAGES.filter((l) => l !== language && !isEmptyPart(others[l]));
  const track = (part: PartKey) => (event: SyntheticEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    const element = event.currentTarget;
    onCaret({
      path: `content.${language}.${part}`,
      element,
      start: element.selectionStart ?? element.value.length,
      end: element.selectionEnd ?? element.value.length,
    });
  };
  const caretProps = (part: PartKey) => ({
    onFocus: track(part),
    onSelect: track(part),
    onKeyUp: track(part),
    onClick: track(part),
  });
  const empty = isEmptyPart(values);

  return (
    <Stack gap="sm">
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Group gap="xs">
          {sources.length > 0 && (
            <Menu position="bottom-start" withinPortal>
              <Menu.Target>
                <Button
                  variant="subtle"
                  size="compact-sm"
                  leftSection={<IconCopy size={16} aria-hidden />}
                  rightSection={<IconChevronDown size={14} aria-hidden />}
                >
                  {t('editor.copy_from', { lang: t(`lang.${sources[0]!}`) })}
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                {sources.map((source) => (
                  <Menu.Item key={source} onClick={() => onCopyFrom(source)}>
                    {t('editor.copy_from', { lang: t(`lang.${source}`) })}
                  </Menu.Item>
                ))}
              </Menu.Dropdown>
            </Menu>
          )}
          {!empty && (
            <Button
              variant="subtle"
              color="gray"
              size="compact-sm"
              leftSection={<IconEraser size={16} aria-hidden />}
              onClick={onClear}
            >
              {t('editor.clear_language')}
            </Button>
          )}
        </Group>
        <InsertFieldButton target={t(`editor.${target}`)} onInsert={onInsert} />
      </Group>
      {empty && (
        <Alert variant="light" color="gray" icon={<IconInfoCircle size={18} aria-hidden />}>
          <Text size="sm">{t('editor.empty_language', { lang: languageName })}</Text>
        </Alert>
      )}
      <TextInput
        label={t('editor.subject')}
        className={classes.code}
        value={values.subject}
        onChange={(event) => onChange('subject', event.currentTarget.value)}
        error={errors.subject}
        maxLength={2000}
        autoComplete="off"
        spellCheck
        lang={language}
        data-path={`content.${language}.subject`}
        {...caretProps('subject')}
      />
      <Textarea
        label={t('editor.html')}
        description={t('editor.html_hint')}
        inputWrapperOrder={['label', 'input', 'description', 'error']}
        className={classes.code}
        value={values.html}
        onChange={(event) => onChange('html', event.currentTarget.value)}
        error={errors.html}
        autosize
        minRows={10}
        maxRows={28}
        spellCheck={false}
        lang={language}
        data-path={`content.${language}.html`}
        {...caretProps('html')}
      />
      <Textarea
        label={t('editor.text')}
        description={t('editor.text_hint')}
        inputWrapperOrder={['label', 'input', 'description', 'error']}
        className={classes.code}
        value={values.text}
        onChange={(event) => onChange('text', event.currentTarget.value)}
        error={errors.text}
        autosize
        minRows={4}
        maxRows={18}
        spellCheck
        lang={language}
        data-path={`content.${language}.text`}
        {...caretProps('text')}
      />
      <Text size="xs" c="dimmed">
        {t('editor.syntax_help')}
      </Text>
    </Stack>
  );
}
