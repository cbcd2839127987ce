import { Chip, Group, MultiSelect, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { ACTION_STATUSES, type ActionStatus } from '@trato/contracts/actions';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionTypeIcon } from '../actions/ActionTypeIcon';
import { useActionTypes } from '../actions/actions.api';
import { teamsQuery } from '../admin/admin.api';
import { useMe } from '../auth/auth.api';
import { useOwnerOptions } from '../users/use-owner-options';
import { type AgendaSearch, DEFAULT_STATUSES } from './agenda-search';

export type FilterPatch = Pick<AgendaSearch, 'users' | 'team' | 'types' | 'status'>;

const TEAM = 'team:';
const USER = 'user:';

/** Whose agenda (people or one team), which types, which states. */
export function AgendaFilters({
  search,
  onChange,
  stacked,
}: {
  search: AgendaSearch;
  onChange: (patch: FilterPatch) => void;
  /** One control per line (the phone's filter drawer). */
  stacked?: boolean;
}) {
  const { t } = useTranslation('agenda');
  const me = useMe();
  const people = useOwnerOptions();
  const teams = useQuery(teamsQuery);
  const types = useActionTypes();

  // Whose agendas the role may see: everyone's ("all"), its teams' and their members' ("team"), or only
  // the user's own ("own": no picker at all).
  const scope = me.role.permissions.objects.actions.scope;
  const whoData = useMemo(() => {
    const myTeams = new Set(me.teams.map((team) => team.id));
    const teamList = (teams.data?.data ?? me.teams).filter((team) => scope === 'all' || myTeams.has(team.id));
    const mates = new Set(
      (teams.data?.data ?? []).filter((team) => myTeams.has(team.id)).flatMap((team) => team.member_ids),
    );
    return [
      {
        group: t('filters.teams'),
        items: teamList.map((team) => ({ value: `${TEAM}${team.id}`, label: team.name })),
      },
      {
        group: t('filters.people'),
        items: people
          .filter((p) => scope === 'all' || p.value === me.id || mates.has(p.value))
          .map((p) => ({
            value: `${USER}${p.value}`,
            label: p.value === me.id ? t('filters.me', { name: p.label }) : p.label,
          })),
      },
    ].filter((group) => group.items.length > 0);
  }, [teams.data, me.teams, me.id, people, scope, t]);
  const whoValue = search.team ? [`${TEAM}${search.team}`] : (search.users ?? []).map((id) => `${USER}${id}`);

  const changeWho = (values: string[]) => {
    // A team is a whole agenda of its own: picking one replaces the people, picking a person drops the team.
    const added = values.find((v) => !whoValue.includes(v));
    if (added?.startsWith(TEAM)) return onChange({ team: added.slice(TEAM.length), users: undefined });
    const users = values.filter((v) => v.startsWith(USER)).map((v) => v.slice(USER.length));
    onChange({ team: undefined, users: users.length > 0 ? users : undefined });
  };

  const typeData = types.all
    .filter((type) => type.active || search.types?.includes(type.id))
    .map((type) => ({ value: type.id, label: types.label(type) }));
  const status = search.status ?? DEFAULT_STATUSES;

  const statusChips = (
    <Group gap="xs" wrap="wrap" role="group" aria-labelledby="agenda-status-label">
      <Text
        size="sm"
        fw="var(--mantine-font-weight-medium)"
        id="agenda-status-label"
        w={stacked ? '100%' : undefined}
      >
        {t('filters.status')}
      </Text>
      <Chip.Group
        multiple
        value={status}
        onChange={(values) => {
          // At least one state stays on: an agenda that can show nothing only confuses.
          if (values.length > 0) onChange({ status: values as ActionStatus[] });
        }}
      >
        {ACTION_STATUSES.map((value) => (
          <Chip key={value} value={value} size={stacked ? 'md' : 'sm'} variant="outline">
            {t(`filters.statuses.${value}`)}
          </Chip>
        ))}
      </Chip.Group>
    </Group>
  );

  return (
    <Group
      gap="sm"
      align="flex-end"
      wrap="wrap"
      component="section"
      aria-label={t('filters.title')}
      style={stacked ? { flexDirection: 'column', alignItems: 'stretch' } : undefined}
    >
      {scope !== 'own' && (
        <MultiSelect
          label={t('filters.who')}
          placeholder={whoValue.length === 0 ? t('filters.my_agenda') : undefined}
          data={whoData}
          value={whoValue}
          onChange={changeWho}
          searchable
          clearable
          hidePickedOptions
          nothingFoundMessage={t('filters.nobody')}
          maxDropdownHeight={320}
          w={stacked ? '100%' : 320}
        />
      )}
      <MultiSelect
        label={t('filters.types')}
        placeholder={(search.types ?? []).length === 0 ? t('filters.all_types') : undefined}
        data={typeData}
        value={search.types ?? []}
        onChange={(values) => onChange({ types: values.length > 0 ? values : undefined })}
        clearable
        hidePickedOptions
        renderOption={({ option }) => {
          const type = types.byId(option.value);
          return (
            <Group gap="xs" wrap="nowrap">
              <ActionTypeIcon icon={type?.icon} color={type?.color} size="xs" />
              {option.label}
            </Group>
          );
        }}
        w={stacked ? '100%' : 280}
      />
      {statusChips}
    </Group>
  );
}
