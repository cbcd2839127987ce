import { Pill, TagsInput, type TagsInputProps, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconMailOff } from '@tabler/icons-react';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** A plausible address: the server checks it fully (and says which one when it refuses). */
export const ADDRESS = /^[^\s@<>,;]+@[^\s@<>,;]+\.[^\s@<>,;]+$/;

/** "Ana <ana@x.es>" pasted from a mail client → "ana@x.es". */
const unwrap = (value: string) => {
  const trimmed = value.trim().replace(/^mailto:/i, '');
  const match = /<([^>]+)>\s*$/.exec(trimmed);
  return (match?.[1] ?? trimmed).trim();
};

interface Props extends Omit<TagsInputProps, 'value' | 'onChange' | 'error'> {
  value: string[];
  onChange: (value: string[]) => void;
  error?: ReactNode;
  /** Why an address cannot receive this mail (it opted out of commercial mail), or null: its chip says so. */
  flagged?: (address: string) => string | null;
}

/**
 * Recipients as chips: type or paste addresses (comma, semicolon, space or Enter separate them), or pick one
 * of the record's. Something that is not an address is not added; the field says why.
 */
export function RecipientsInput({ value, onChange, error, flagged, ...props }: Props) {
  const { t } = useTranslation('emails');
  const [refused, setRefused] = useState<string | null>(null);
  return (
    <TagsInput
      value={value}
      onChange={(next) => {
        const cleaned: string[] = [];
        let bad: string | null = null;
        for (const raw of next) {
          const address = unwrap(raw);
          if (!address) continue;
          if (!ADDRESS.test(address)) bad = address;
          else if (!cleaned.some((a) => a.toLowerCase() === address.toLowerCase())) cleaned.push(address);
        }
        setRefused(bad);
        onChange(cleaned);
      }}
      splitChars={[',', ';', ' ']}
      acceptValueOnBlur
      clearable
      maxTags={100}
      comboboxProps={{ withinPortal: true }}
      error={refused ? t('compose.not_an_address', { value: refused }) : error}
      inputMode="email"
      autoComplete="off"
      renderPill={({ value: address = '', onRemove, disabled }) => {
        const why = flagged?.(address) ?? null;
        const pill = (
          <Pill
            withRemoveButton={!disabled}
            onRemove={onRemove}
            style={
              why
                ? {
                    backgroundColor: 'var(--mantine-color-red-light)',
                    color: 'var(--mantine-color-red-light-color)',
                  }
                : undefined
            }
            data-opted-out={why ? true : undefined}
          >
            {why && <IconMailOff size={12} aria-hidden style={{ marginRight: 4, verticalAlign: -1 }} />}
            {address}
            {why && <VisuallyHidden>: {why}</VisuallyHidden>}
          </Pill>
        );
        return why ? (
          <Tooltip label={why} withArrow>
            {pill}
          </Tooltip>
        ) : (
          pill
        );
      }}
      {...props}
    />
  );
}
