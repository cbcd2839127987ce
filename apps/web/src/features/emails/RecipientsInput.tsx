import { TagsInput, type TagsInputProps } from '@mantine/core';
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
}

/**
 * Recipients as chips: type or paste addresses (comma, semicolon, space or Enter separate them), or pick one
 * of the record's. Something that is not an address is not added; the field says why.
 */
export function RecipientsInput({ value, onChange, error, ...props }: Props) {
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
      {...props}
    />
  );
}
