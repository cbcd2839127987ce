import { NumberInput, type NumberInputProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** "1234.5000" → "1234.5" for editing (the server answers with four decimals). */
export const trimDecimal = (value: string | null | undefined) =>
  value ? value.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '') : '';

interface Props extends Omit<NumberInputProps, 'value' | 'onChange'> {
  value: string;
  onChange: (value: string) => void;
}

/**
 * A decimal typed with the user's separators (1.234,5 in es/ca), kept as exact text ("1234.5") for the API:
 * money is never a float.
 */
export function DecimalInput({ value, onChange, ...rest }: Props) {
  const { i18n } = useTranslation();
  const english = i18n.language === 'en';
  return (
    <NumberInput
      decimalScale={4}
      decimalSeparator={english ? '.' : ','}
      thousandSeparator={english ? ',' : '.'}
      hideControls
      allowNegative={false}
      // The value is "1234.5" whatever the separators shown.
      valueIsNumericString
      {...rest}
      value={value}
      onChange={(v) => onChange(v === '' ? '' : typeof v === 'number' ? String(v) : v)}
    />
  );
}
