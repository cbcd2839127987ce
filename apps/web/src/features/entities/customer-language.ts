import { CUSTOMER_LANGUAGES, type CustomerLanguage } from '@trato/contracts/entities';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';

export type { CustomerLanguage };

/** The languages a customer can be written to, each named in itself: Español, Català, English. */
export const customerLanguageOptions = (t: TFunction) =>
  CUSTOMER_LANGUAGES.map((value) => ({ value, label: t(`customer_language.${value}`) }));

export const customerLanguageLabel = (t: TFunction, value: string | null | undefined): string | null =>
  value ? t(`customer_language.${value}`, { defaultValue: value }) : null;

export function useCustomerLanguages() {
  const { t } = useTranslation();
  return {
    options: customerLanguageOptions(t),
    label: (value: string | null | undefined) => customerLanguageLabel(t, value),
  };
}

/** A select's value as a language, or null. */
export const asCustomerLanguage = (value: string | null): CustomerLanguage | null =>
  (CUSTOMER_LANGUAGES as readonly string[]).includes(value ?? '') ? (value as CustomerLanguage) : null;
