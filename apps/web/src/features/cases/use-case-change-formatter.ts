import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatDate, formatNumber } from '../../ui/format';
import { localLabel } from '../../ui/labels';
import { teamsQuery } from '../admin/admin.api';
import { useCustomFields } from '../fields/fields.api';
import { useUsers } from '../users/users.api';
import { useCaseTypes } from './cases.api';

const FIELD_LABEL: Record<string, string> = {
  status_id: 'status',
  owner_id: 'owner',
  entity_id: 'entity',
  contact_id: 'contact',
  team_id: 'team',
  referrer_id: 'referrer',
  campaign_id: 'campaign',
};

/** Field labels and values of a case event ("Estado: Nueva → Cualificada") in the user's language. */
export function useCaseChangeFormatter() {
  const { t, i18n } = useTranslation('cases');
  const types = useCaseTypes();
  const users = useUsers();
  const teams = useQuery(teamsQuery).data?.data ?? [];
  const custom = useCustomFields('case');
  const empty = '—';

  const label = (field: string) => {
    if (field.startsWith('custom.')) {
      const def = custom.find((d) => d.key === field.slice(7));
      return def ? localLabel(def.labels, i18n.language, def.key) : field.slice(7);
    }
    return t(`fields.${FIELD_LABEL[field] ?? field}`, { defaultValue: field });
  };

  const value = (field: string, raw: unknown): string => {
    if (raw === null || raw === undefined || raw === '') return empty;
    switch (field) {
      case 'status_id': {
        for (const type of types.all) {
          const status = type.statuses.find((s) => s.id === raw);
          if (status) return types.label(status);
        }
        return t('timeline.other_status');
      }
      case 'owner_id':
        return users.name(String(raw)) || t('timeline.someone');
      case 'team_id':
        return teams.find((x) => x.id === raw)?.name ?? t('timeline.other_record');
      case 'entity_id':
      case 'contact_id':
      case 'referrer_id':
      case 'campaign_id':
        return t('timeline.other_record');
      case 'priority':
        return t(`priority.${String(raw)}`, { defaultValue: String(raw) });
      case 'amount':
      case 'tax_amount':
        return formatNumber(String(raw), 2);
      case 'probability':
        return t('card.percent', { value: raw });
      case 'expected_close':
        return formatDate(String(raw));
    }
    if (field.startsWith('custom.')) {
      const def = custom.find((d) => d.key === field.slice(7));
      if (def && (def.type === 'select' || def.type === 'multiselect')) {
        const option = (k: unknown) =>
          localLabel(def.options.find((o) => o.key === k)?.labels, i18n.language, String(k));
        return Array.isArray(raw) ? raw.map(option).join(', ') : option(raw);
      }
      if (def?.type === 'boolean') return t(raw ? 'translation:common.yes' : 'translation:common.no');
      if (def?.type === 'date') return formatDate(String(raw));
    }
    if (typeof raw === 'boolean') return t(raw ? 'translation:common.yes' : 'translation:common.no');
    if (Array.isArray(raw)) return raw.join(', ');
    if (typeof raw === 'object') return JSON.stringify(raw);
    return String(raw);
  };

  return { label, value };
}
