import { useQuery } from '@tanstack/react-query';
import { CASE_PRIORITIES } from '@trato/contracts/cases';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { teamsQuery } from '../admin/admin.api';
import { type CaseType, liveStatuses, useCaseTypes } from './cases.api';

let currencyCache: { language: string; options: { value: string; label: string }[] } | null = null;

/** Every ISO 4217 currency with its name in the user's language ("EUR · euro"). */
function currencyOptions(language: string) {
  if (currencyCache?.language === language) return currencyCache.options;
  const names = new Intl.DisplayNames([language], { type: 'currency' });
  const options = Intl.supportedValuesOf('currency').map((code) => ({
    value: code,
    label: `${code} · ${names.of(code) ?? code}`,
  }));
  currencyCache = { language, options };
  return options;
}

/** Choices the case forms, filters and list offer: priorities, currencies, teams, a type's statuses. */
export function useCaseOptions() {
  const { t, i18n } = useTranslation('cases');
  const types = useCaseTypes();
  const teams = useQuery(teamsQuery).data?.data;
  const language = i18n.language;
  return useMemo(
    () => ({
      priorities: CASE_PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) })),
      currencies: currencyOptions(language),
      teams: (teams ?? []).map((team) => ({ value: team.id, label: team.name })),
      statuses: (type: CaseType | undefined, keep?: string | null) =>
        (type?.statuses ?? [])
          .filter((s) => !s.retired || s.id === keep)
          .sort((a, b) => a.position - b.position)
          .map((s) => ({ value: s.id, label: types.label(s) })),
      openStatuses: (type: CaseType | undefined) => liveStatuses(type).filter((s) => s.category === 'open'),
    }),
    [t, language, teams, types],
  );
}
