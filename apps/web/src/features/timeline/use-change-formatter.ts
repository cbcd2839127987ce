import { useTranslation } from 'react-i18next';
import { formatDate, formatMoney, formatNumber } from '../../ui/format';
import { localLabel } from '../../ui/labels';
import { useCustomFields } from '../fields/fields.api';
import { usePickLists } from '../pick-lists/pick-lists.api';
import { useUsers } from '../users/users.api';

const PICK_FIELDS = { source: 'source', sector: 'sector', zone: 'zone', roles: 'entity_roles' } as const;

/** Field labels and values of a change ("Sector: Retail → Industry") in the user's language. */
export function useChangeFormatter(subject: 'entity' | 'contact') {
  const { t, i18n } = useTranslation();
  const pick = usePickLists();
  const users = useUsers();
  const custom = useCustomFields(subject);
  const empty = '—';

  const label = (field: string) => {
    if (field.startsWith('custom.')) {
      const def = custom.find((d) => d.key === field.slice(7));
      return def ? localLabel(def.labels, i18n.language, def.key) : field.slice(7);
    }
    return t(`${subject}.fields.${field}`, { defaultValue: field });
  };

  const value = (field: string, raw: unknown): string => {
    if (raw === null || raw === undefined || raw === '' || (Array.isArray(raw) && raw.length === 0))
      return empty;
    if (field in PICK_FIELDS) {
      const list = PICK_FIELDS[field as keyof typeof PICK_FIELDS];
      return (Array.isArray(raw) ? raw : [raw]).map((k) => pick.label(list, String(k))).join(', ');
    }
    if (field === 'owner_id') return users.name(String(raw)) || t('timeline.someone');
    if (field === 'kind') return t(`entity.kind.${String(raw)}`, { defaultValue: String(raw) });
    if (field.startsWith('custom.')) {
      const def = custom.find((d) => d.key === field.slice(7));
      const option = (k: unknown) =>
        localLabel(def?.options.find((o) => o.key === k)?.labels, i18n.language, String(k));
      switch (def?.type) {
        case 'money':
          return formatMoney(raw as string, def.validation.currency ?? 'EUR');
        case 'number':
          return formatNumber(raw as number);
        case 'date':
          return formatDate(String(raw));
        case 'boolean':
          return t(raw ? 'common.yes' : 'common.no');
        case 'select':
          return option(raw);
        case 'multiselect':
          return (raw as unknown[]).map(option).join(', ');
        case 'user':
          return users.name(String(raw)) || t('timeline.someone');
      }
    }
    if (typeof raw === 'boolean') return t(raw ? 'common.yes' : 'common.no');
    if (Array.isArray(raw)) return raw.join(', ');
    if (typeof raw === 'object') return JSON.stringify(raw);
    return String(raw);
  };

  return { label, value };
}
