import { ActionIcon, Box, Group, Text, UnstyledButton } from '@mantine/core';
import { IconCheck, IconPencil, IconX } from '@tabler/icons-react';
import { type KeyboardEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import classes from './InlineEdit.module.css';

export interface InlineInputProps<V> {
  value: V;
  onChange: (value: V) => void;
  error: string | undefined;
  label: string;
}

interface Props<V> {
  label: string;
  /** The value as shown (links, badges, formatted money…). */
  display: ReactNode;
  initial: V;
  renderInput: (props: InlineInputProps<V>) => ReactNode;
  /** Saves; a rejected promise with a message keeps the editor open with the error. */
  onSave: (value: V) => Promise<void>;
  disabled?: boolean;
}

/**
 * A field value that turns into an input when clicked: Enter saves, Esc cancels (also ✓ and ✕ for touch).
 * Links inside the displayed value keep working; the pencil button is the keyboard way in.
 */
export function InlineEdit<V>({ label, display, initial, renderInput, onSave, disabled }: Props<V>) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState<V>(initial);
  const [error, setError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);

  const start = () => {
    if (disabled) return;
    setValue(initial);
    setError(undefined);
    setEditing(true);
  };
  const cancel = () => {
    setEditing(false);
    setError(undefined);
  };
  const save = async () => {
    setSaving(true);
    try {
      await onSave(value);
      setEditing(false);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  };
  const onKeyDown = (event: KeyboardEvent) => {
    // An open dropdown (select, date picker) handles its own Enter and Escape first.
    if (event.defaultPrevented) return;
    const multiline = event.target instanceof HTMLTextAreaElement;
    if (event.key === 'Enter' && (!multiline || event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void save();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      cancel();
    }
  };

  if (editing)
    return (
      <Group gap={4} align="flex-start" wrap="nowrap" onKeyDown={onKeyDown} className={classes.editor}>
        <Box style={{ flex: 1, minWidth: 0 }}>{renderInput({ value, onChange: setValue, error, label })}</Box>
        <ActionIcon
          size={36}
          variant="filled"
          aria-label={t('common.save')}
          loading={saving}
          onClick={() => void save()}
        >
          <IconCheck size={16} />
        </ActionIcon>
        <ActionIcon size={36} variant="default" aria-label={t('common.cancel')} onClick={cancel}>
          <IconX size={16} />
        </ActionIcon>
      </Group>
    );

  return (
    <Group gap={4} wrap="nowrap" className={classes.view}>
      <Box
        className={classes.value}
        onClick={(e) => {
          if (!(e.target instanceof Element && e.target.closest('a'))) start();
        }}
      >
        {display === null || display === undefined || display === '' ? (
          <Text span c="dimmed" size="sm">
            —
          </Text>
        ) : (
          display
        )}
      </Box>
      {!disabled && (
        <UnstyledButton
          className={classes.pencil}
          aria-label={t('common.edit_field', { field: label })}
          onClick={start}
        >
          <IconPencil size={14} />
        </UnstyledButton>
      )}
    </Group>
  );
}
