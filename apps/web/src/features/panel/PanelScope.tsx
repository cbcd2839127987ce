import { Group, SegmentedControl, Select } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { teamsQuery } from '../admin/admin.api';
import { useMe } from '../auth/auth.api';
import { useUsers } from '../users/users.api';
import type { PanelSearch } from './panel-search';

interface Props {
  search: PanelSearch;
  onSearchChange: (search: PanelSearch) => void;
}

/**
 * Whose actions: mine or my team's (for roles that see their team's actions or all). Managers, who see every
 * action, can also look at any one team or person.
 */
export function PanelScope({ search, onSearchChange }: Props) {
  const { t } = useTranslation('panel');
  const me = useMe();
  const users = useUsers();
  const manager = me.role.permissions.objects.actions.scope === 'all';
  const teams = useQuery({ ...teamsQuery, enabled: manager }).data?.data ?? [];
  if (me.role.permissions.objects.actions.scope === 'own') return null;
  const team = Boolean(search.scope || search.user || search.team);
  const picked = search.user ? `user:${search.user}` : search.team ? `team:${search.team}` : null;
  return (
    <Group gap="xs" wrap="wrap">
      <SegmentedControl
        aria-label={t('scope.label')}
        // Phones make each label 44 px tall: keep the text in the middle.
        styles={{ label: { display: 'flex', alignItems: 'center', justifyContent: 'center' } }}
        value={team ? 'team' : 'mine'}
        onChange={(value) => onSearchChange(value === 'team' ? { scope: 'team' } : {})}
        data={[
          { value: 'mine', label: t('scope.mine') },
          { value: 'team', label: t('scope.team') },
        ]}
      />
      {manager && team && (
        <Select
          aria-label={t('scope.member')}
          placeholder={t('scope.my_teams')}
          data={[
            {
              group: t('scope.teams'),
              items: teams.map((x) => ({ value: `team:${x.id}`, label: x.name })),
            },
            {
              group: t('scope.people'),
              items: users
                .options(search.user)
                .filter((o) => o.value !== me.id)
                .map((o) => ({ value: `user:${o.value}`, label: o.label })),
            },
          ].filter((g) => g.items.length > 0)}
          value={picked}
          onChange={(value) => {
            const [kind, id] = value?.split(':') ?? [];
            onSearchChange(
              kind === 'user' && id
                ? { scope: 'team', user: id }
                : kind === 'team' && id
                  ? { scope: 'team', team: id }
                  : { scope: 'team' },
            );
          }}
          searchable
          clearable
          w={220}
        />
      )}
    </Group>
  );
}
