import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../../i18n';
import { localLabel } from '../../../ui/labels';
import { actionTypesQuery, sequencesQuery } from '../../actions/actions.api';
import { caseTypesQuery } from '../../cases/cases.api';
import { mailAccountsQuery } from '../../mail-accounts/mail-accounts.api';
import { usersQuery } from '../../users/users.api';
import { teamsQuery } from '../admin.api';
import { emailTemplatesQuery } from './automation.api';

export interface Option {
  value: string;
  label: string;
}
export interface OptionGroup {
  group: string;
  items: Option[];
}

/** Everything the builder's pickers offer, labelled in the user's language. */
export function useRuleOptions() {
  const { i18n } = useTranslation();
  const actionTypes = useQuery(actionTypesQuery);
  const caseTypes = useQuery(caseTypesQuery);
  const users = useQuery(usersQuery);
  const teams = useQuery(teamsQuery);
  const sequences = useQuery(sequencesQuery);
  const templates = useQuery(emailTemplatesQuery);
  const accounts = useQuery(mailAccountsQuery());
  // biome-ignore lint/correctness/useExhaustiveDependencies: relabels when the language changes
  return useMemo(() => {
    const lang = currentLanguage();
    const caseTypeList = caseTypes.data ?? [];
    const statusGroups = (typeId?: string | null): OptionGroup[] =>
      caseTypeList
        .filter((type) => !typeId || type.id === typeId)
        .map((type) => ({
          group: localLabel(type.labels, lang, type.key),
          items: type.statuses
            .filter((s) => !s.retired)
            .map((s) => ({ value: s.id, label: localLabel(s.labels, lang, s.key) })),
        }));
    const statusName = new Map(
      caseTypeList.flatMap((type) =>
        type.statuses.map((s) => [s.id, localLabel(s.labels, lang, s.key)] as const),
      ),
    );
    const actionTypeList = actionTypes.data ?? [];
    return {
      loading: actionTypes.isPending || caseTypes.isPending || users.isPending || teams.isPending,
      actionTypes: actionTypeList
        .filter((type) => type.active)
        .map((type) => ({ value: type.id, label: localLabel(type.labels, lang, type.key) })),
      isTimed: (id: unknown) => actionTypeList.find((type) => type.id === id)?.timed ?? false,
      caseTypes: caseTypeList
        .filter((type) => type.active)
        .map((type) => ({ value: type.id, label: localLabel(type.labels, lang, type.key) })),
      statusGroups,
      statusName: (id: string) => statusName.get(id) ?? id,
      users: (users.data?.data ?? [])
        .filter((u) => u.active)
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((u) => ({ value: u.id, label: u.name })),
      userName: (id: string) => users.data?.data.find((u) => u.id === id)?.name ?? id,
      teams: (teams.data?.data ?? []).map((team) => ({ value: team.id, label: team.name })),
      teamName: (id: string) => teams.data?.data.find((t) => t.id === id)?.name ?? id,
      sequences: (sequences.data?.data ?? [])
        .filter((s) => s.active)
        .map((s) => ({ value: s.id, label: s.name })),
      templates: (templates.data ?? []).map((tpl) => ({ value: tpl.id, label: tpl.name })),
      accounts: (accounts.data ?? []).map((a) => ({ value: a.id, label: `${a.name} <${a.address}>` })),
      accountName: (id: string) => accounts.data?.find((a) => a.id === id)?.name ?? id,
      caseTypeName: (id: string) => {
        const type = caseTypeList.find((x) => x.id === id);
        return type ? localLabel(type.labels, lang, type.key) : id;
      },
      actionTypeName: (id: string) => {
        const type = actionTypeList.find((x) => x.id === id);
        return type ? localLabel(type.labels, lang, type.key) : id;
      },
    };
  }, [
    actionTypes.data,
    actionTypes.isPending,
    caseTypes.data,
    caseTypes.isPending,
    users.data,
    users.isPending,
    teams.data,
    teams.isPending,
    sequences.data,
    templates.data,
    accounts.data,
    i18n.language,
  ]);
}

export type RuleOptions = ReturnType<typeof useRuleOptions>;
