import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime } from '../../ui/format';
import { useActionTypes } from '../actions/actions.api';
import { teamsQuery } from '../admin/admin.api';
import { usePickLists } from '../pick-lists/pick-lists.api';
import { useUsers } from '../users/users.api';

/** Action fields a timeline lists when they change (ids of other records and the raw custom object are left out). */
export const ACTION_CHANGE_FIELDS = [
  'type_id',
  'subject',
  'starts_at',
  'ends_at',
  'due_date',
  'status',
  'outcome',
  'outcome_notes',
  'assignee_user_id',
  'assignee_team_id',
  'location',
  'notes',
  'private',
  'attendees',
] as const;

/** "Responsable: Ana → Luis", "Inicio: 24 nov 10:00 → 25 nov 9:00" in the user's language. */
export function useActionChangeFormatter() {
  const { t } = useTranslation('actions');
  const types = useActionTypes();
  const pick = usePickLists();
  const users = useUsers();
  const teams = useQuery(teamsQuery).data?.data ?? [];

  const label = (field: string) => t(`fields.${field}`, { defaultValue: field });

  const value = (field: string, raw: unknown): string => {
    if (raw === null || raw === undefined || raw === '' || (Array.isArray(raw) && raw.length === 0))
      return '—';
    switch (field) {
      case 'type_id':
        return types.label(types.byId(String(raw))) || '—';
      case 'starts_at':
      case 'ends_at':
        return formatDateTime(String(raw));
      case 'due_date':
        return formatDate(String(raw));
      case 'status':
        return t(`status.${String(raw)}`, { defaultValue: String(raw) });
      case 'outcome':
        return pick.label('action_outcomes', String(raw));
      case 'assignee_user_id':
        return users.name(String(raw)) || t('translation:timeline.someone');
      case 'assignee_team_id':
        return teams.find((team) => team.id === raw)?.name ?? '—';
      case 'private':
        return t(raw ? 'translation:common.yes' : 'translation:common.no');
      case 'attendees':
        return (raw as { email?: string }[]).map((a) => a.email ?? '').join(', ');
      default:
        return typeof raw === 'object' ? JSON.stringify(raw) : String(raw);
    }
  };

  return { label, value };
}
