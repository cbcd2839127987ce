import { Loader } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { Spotlight } from '@mantine/spotlight';
import {
  IconAddressBook,
  IconBuilding,
  IconKey,
  IconPlus,
  IconSearch,
  IconSettings,
  IconUser,
} from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useRouter } from '@tanstack/react-router';
import { normalizeSearchText } from '@trato/contracts/validation/text';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../auth/auth.api';
import { ADMIN_PATH } from '../shell/path-link';
import { searchQuery } from './search.api';

/** Ctrl/Cmd+K: entities and contacts from the server (accent- and typo-tolerant), plus commands. */
export function GlobalSearch() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const router = useRouter();
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query.trim(), 200);
  const results = useQuery(searchQuery(debounced));
  const hits = debounced.length >= 2 ? (results.data?.data ?? []) : [];

  const commands = [
    {
      id: 'new-entity',
      label: t('search.commands.new_entity'),
      icon: IconPlus,
      run: () => navigate({ to: '/entities/new' }),
    },
    {
      id: 'entities',
      label: t('search.commands.go_entities'),
      icon: IconBuilding,
      run: () => navigate({ to: '/entities' }),
    },
    {
      id: 'contacts',
      label: t('search.commands.go_contacts'),
      icon: IconAddressBook,
      run: () => navigate({ to: '/contacts' }),
    },
    {
      id: 'api-keys',
      label: t('apiKeys.title'),
      icon: IconKey,
      run: () => navigate({ to: '/settings/api-keys' }),
    },
    ...(me.role.permissions.configure
      ? [
          {
            id: 'admin',
            label: t('search.commands.admin'),
            icon: IconSettings,
            run: () => router.history.push(ADMIN_PATH),
          },
        ]
      : []),
  ].filter((c) => !query.trim() || normalizeSearchText(c.label).includes(normalizeSearchText(query)));

  const entities = hits.filter((h) => h.type === 'entity');
  const contacts = hits.filter((h) => h.type === 'contact');

  return (
    <Spotlight.Root
      query={query}
      onQueryChange={setQuery}
      shortcut={['mod + K']}
      scrollable
      maxHeight={520}
      onSpotlightClose={() => setQuery('')}
    >
      <Spotlight.Search
        placeholder={t('search.placeholder')}
        aria-label={t('search.label')}
        leftSection={<IconSearch size={18} aria-hidden />}
        rightSection={results.isFetching ? <Loader size="xs" /> : null}
      />
      <Spotlight.ActionsList>
        {entities.length > 0 && (
          <Spotlight.ActionsGroup label={t('nav.entities')}>
            {entities.map((hit) => (
              <Spotlight.Action
                key={hit.id}
                label={hit.title}
                description={hit.subtitle ?? undefined}
                leftSection={<IconBuilding size={18} aria-hidden />}
                onClick={() => void navigate({ to: '/entities/$id', params: { id: hit.id } })}
              />
            ))}
          </Spotlight.ActionsGroup>
        )}
        {contacts.length > 0 && (
          <Spotlight.ActionsGroup label={t('nav.contacts')}>
            {contacts.map((hit) => (
              <Spotlight.Action
                key={hit.id}
                label={hit.title}
                description={hit.subtitle ?? undefined}
                leftSection={<IconUser size={18} aria-hidden />}
                onClick={() => void navigate({ to: '/contacts/$id', params: { id: hit.id } })}
              />
            ))}
          </Spotlight.ActionsGroup>
        )}
        {commands.length > 0 && (
          <Spotlight.ActionsGroup label={t('search.commands.title')}>
            {commands.map((command) => (
              <Spotlight.Action
                key={command.id}
                label={command.label}
                leftSection={<command.icon size={18} aria-hidden />}
                onClick={() => void command.run()}
              />
            ))}
          </Spotlight.ActionsGroup>
        )}
        {hits.length === 0 && commands.length === 0 && (
          <Spotlight.Empty>
            {debounced.length >= 2 && !results.isFetching ? t('search.nothing') : t('search.type_more')}
          </Spotlight.Empty>
        )}
      </Spotlight.ActionsList>
    </Spotlight.Root>
  );
}
