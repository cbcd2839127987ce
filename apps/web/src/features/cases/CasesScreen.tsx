import {
  ActionIcon,
  Alert,
  Center,
  Group,
  Loader,
  SegmentedControl,
  Select,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { IconFileImport, IconLayoutKanban, IconList } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { usePhone } from '../../ui/use-phone';
import { useMe } from '../auth/auth.api';
import { CaseBoard } from './CaseBoard';
import { CaseList } from './CaseList';
import { type CaseType, useCaseTypes } from './cases.api';
import { boardFiltersOf, type CaseMode, type CasesSearch, listSearchOf } from './cases-search';

interface Props {
  search: CasesSearch;
  onSearchChange: (search: CasesSearch) => void;
}

/** /cases: one case type at a time, as its pipeline board or as a list (both kept in the URL). */
export function CasesScreen({ search, onSearchChange }: Props) {
  const { t } = useTranslation('cases');
  const types = useCaseTypes();
  const type = types.byKey(search.type) ?? types.active[0];
  const mode: CaseMode = search.mode ?? 'board';
  const title = t('title');

  if (!types.loaded)
    return (
      <Center py="xl">
        <Loader aria-label={t('loading')} />
      </Center>
    );
  if (!type)
    return (
      <Alert color="gray" title={t('no_types_title')}>
        {t('no_types')}
      </Alert>
    );

  const header = (
    <CasesHeader
      type={type}
      mode={mode}
      onType={(next) => onSearchChange({ type: next.key, mode })}
      onMode={(next) => onSearchChange({ ...search, type: type.key, mode: next })}
    />
  );

  if (mode === 'list')
    return (
      <CaseList
        key={type.id}
        type={type}
        title={title}
        header={header}
        search={listSearchOf(search)}
        onSearchChange={(list) => onSearchChange({ type: type.key, mode, ...list })}
      />
    );

  return (
    <CaseBoard
      key={type.id}
      title={title}
      header={header}
      type={type}
      filters={boardFiltersOf(search)}
      onFiltersChange={(filters) =>
        onSearchChange({
          type: type.key,
          mode,
          ...filters,
          ...(search.status ? { status: search.status } : {}),
        })
      }
      phoneStatus={search.status}
      onPhoneStatusChange={(status) => onSearchChange({ ...search, type: type.key, status })}
    />
  );
}

function CasesHeader({
  type,
  mode,
  onType,
  onMode,
}: {
  type: CaseType;
  mode: CaseMode;
  onType: (type: CaseType) => void;
  onMode: (mode: CaseMode) => void;
}) {
  const { t } = useTranslation('cases');
  const types = useCaseTypes();
  const phone = usePhone();
  const me = useMe();
  const canImport = me.role.permissions.objects.cases.actions.includes('create');
  const choices = types.all
    .filter((x) => x.active || x.id === type.id)
    .map((x) => ({ value: x.id, label: types.label(x) }));
  const pick = (id: string | null) => {
    const next = types.byId(id);
    if (next && next.id !== type.id) onType(next);
  };
  const modes = [
    { value: 'board', label: t('mode.board'), icon: IconLayoutKanban },
    { value: 'list', label: t('mode.list'), icon: IconList },
  ].map((m) => ({
    value: m.value,
    label: (
      <Group gap={6} wrap="nowrap" justify="center">
        <m.icon size={16} aria-hidden />
        {phone ? <VisuallyHidden>{m.label}</VisuallyHidden> : <span>{m.label}</span>}
      </Group>
    ),
  }));
  return (
    <Group justify="space-between" gap="xs" wrap="nowrap">
      {phone || choices.length > 5 ? (
        <Select
          aria-label={t('type_switcher')}
          data={choices}
          value={type.id}
          onChange={pick}
          allowDeselect={false}
          style={{ flex: 1, minWidth: 0 }}
        />
      ) : (
        <SegmentedControl aria-label={t('type_switcher')} data={choices} value={type.id} onChange={pick} />
      )}
      <Group gap="xs" wrap="nowrap">
        <SegmentedControl
          aria-label={t('mode.label')}
          data={modes}
          value={mode}
          onChange={(value) => onMode(value as CaseMode)}
        />
        {canImport && (
          <Tooltip label={t('import')}>
            <ActionIcon
              component={Link}
              to="/cases/import"
              variant="default"
              size="lg"
              aria-label={t('import')}
            >
              <IconFileImport size={18} aria-hidden />
            </ActionIcon>
          </Tooltip>
        )}
      </Group>
    </Group>
  );
}
