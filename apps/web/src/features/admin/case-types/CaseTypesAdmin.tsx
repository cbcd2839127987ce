import {
  Badge,
  Button,
  Code,
  Group,
  Stack,
  Switch,
  Text,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import {
  IconBriefcase,
  IconCheck,
  IconClock,
  IconForms,
  IconListDetails,
  IconPlus,
} from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { localLabel } from '../../../ui/labels';
import { usePageTitle } from '../../../ui/use-page-title';
import { usePhone } from '../../../ui/use-phone';
import { swatch } from '../form-parts';
import {
  AdminEmpty,
  AdminList,
  type Column,
  classes,
  RowMenu,
  SectionHeader,
  useDialog,
  useRowItems,
} from '../ui';
import { WorkingHoursSetting } from '../working-hours/WorkingHoursSetting';
import { CaseTypeDetail, type DetailTab } from './CaseTypeDetail';
import { CaseTypeFormModal } from './CaseTypeFormModal';
import { KindBadge, MoveButtons } from './case-type-ui';
import { adminCaseTypesQuery, type CaseType, liveStatuses } from './case-types.api';
import { useCaseTypeWrites } from './use-case-type-writes';
import { useMoveFocus } from './use-move-focus';

/** Case types (opportunity, claim…): the list, each type's pipeline and fields, and the working hours. */
export function CaseTypesAdmin({
  typeId,
  tab,
  onSelect,
}: {
  /** The type whose statuses or fields are shown below the list (the first one when missing). */
  typeId: string | undefined;
  tab: DetailTab;
  onSelect: (typeId: string | undefined, tab: DetailTab) => void;
}) {
  const { t, i18n } = useTranslation('admin');
  const rowItems = useRowItems();
  usePageTitle(t('caseTypes.title'));
  const phone = usePhone();
  const _queryClient = useQueryClient();
  const query = useQuery(adminCaseTypesQuery);
  const types = query.data;
  const dialog = useDialog<CaseType>();
  const [announcement, setAnnouncement] = useState('');
  const rootRef = useRef<HTMLDivElement>(null);
  const detailRef = useRef<HTMLDivElement>(null);
  const focusMoved = useMoveFocus(rootRef, (id) => types?.findIndex((x) => x.id === id) ?? -1);
  const label = (type: CaseType) => localLabel(type.labels, i18n.language, type.key);

  const writes = useCaseTypeWrites(types, (type) => {
    if (typeId === type.id) onSelect(undefined, tab);
  });
  const move = (type: CaseType, direction: -1 | 1) => {
    const to = writes.move(type, direction);
    if (to === undefined || !types) return;
    setAnnouncement(t('caseTypes.moved', { label: label(type), position: to + 1, total: types.length }));
    focusMoved(type.id, direction, to);
  };

  const show = (type: CaseType, which: DetailTab) => {
    onSelect(type.id, which);
    requestAnimationFrame(() => {
      detailRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
      detailRef.current?.querySelector<HTMLElement>('[data-detail-heading]')?.focus();
    });
  };
  const showWorkingHours = () => {
    const section = document.getElementById('working-hours');
    section?.scrollIntoView({ behavior: 'smooth', block: 'start' });
    document.getElementById('working-hours-title')?.focus();
  };

  const moveButtons = (type: CaseType) => (
    <MoveButtons
      id={type.id}
      label={label(type)}
      index={types?.findIndex((x) => x.id === type.id) ?? 0}
      total={types?.length ?? 0}
      onMove={(direction) => move(type, direction)}
    />
  );
  const name = (type: CaseType) => (
    <Group gap="xs" wrap="nowrap">
      {swatch(type.color)}
      <UnstyledButton className={classes.cellButton} onClick={() => dialog.open(type)}>
        {label(type)}
      </UnstyledButton>
      {!type.active && (
        <Badge size="sm" variant="default" tt="none" fw={500}>
          {t('caseTypes.inactive')}
        </Badge>
      )}
    </Group>
  );
  const lines = (type: CaseType) =>
    type.has_lines ? (
      <>
        <IconCheck size={18} aria-hidden color="var(--mantine-color-teal-filled)" />
        <VisuallyHidden>{t('yes')}</VisuallyHidden>
      </>
    ) : (
      <>
        <Text span size="sm" c="dimmed" aria-hidden>
          —
        </Text>
        <VisuallyHidden>{t('no')}</VisuallyHidden>
      </>
    );
  const statusCount = (type: CaseType) => (
    <UnstyledButton className={classes.cellButton} fw={400} onClick={() => show(type, 'statuses')}>
      {t('caseTypes.status_count', { count: liveStatuses(type).length })}
    </UnstyledButton>
  );
  const activeSwitch = (type: CaseType) => (
    <Switch
      checked={type.active}
      onChange={(event) => writes.setActive(type, event.currentTarget.checked)}
      aria-label={t('caseTypes.active_label', { label: label(type) })}
    />
  );

  const columns: Column<CaseType>[] = [
    { key: 'order', header: t('pick_lists.order'), cell: moveButtons, width: 96 },
    { key: 'label', header: t('caseTypes.name'), cell: name },
    { key: 'kind', header: t('caseTypes.kind'), cell: (type) => <KindBadge kind={type.kind} /> },
    { key: 'prefix', header: t('caseTypes.prefix'), cell: (type) => <Code>{type.prefix}</Code> },
    { key: 'lines', header: t('caseTypes.lines_short'), cell: lines, width: 80 },
    { key: 'statuses', header: t('caseTypes.statuses'), cell: statusCount },
    { key: 'active', header: t('caseTypes.active'), cell: activeSwitch, width: 90 },
  ];
  const newButton = (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => dialog.open()}>
      {t('caseTypes.new')}
    </Button>
  );

  return (
    <Stack gap="lg" ref={rootRef}>
      <SectionHeader
        title={t('caseTypes.title')}
        description={t('caseTypes.description')}
        action={
          <Group gap="xs">
            <Button
              variant="default"
              leftSection={<IconClock size={16} aria-hidden />}
              onClick={showWorkingHours}
            >
              {t('workingHours.title')}
            </Button>
            {newButton}
          </Group>
        }
      />
      <VisuallyHidden role="status" aria-live="polite">
        {announcement}
      </VisuallyHidden>
      <AdminList
        label={t('caseTypes.title')}
        rows={types}
        loading={query.isPending}
        error={query.error}
        onRetry={() => void query.refetch()}
        columns={columns}
        minWidth={820}
        empty={
          <AdminEmpty
            icon={<IconBriefcase size={32} />}
            title={t('caseTypes.empty')}
            description={t('caseTypes.empty_hint')}
            action={newButton}
          />
        }
        card={(type) => (
          <Stack gap={6}>
            {name(type)}
            <Group gap={6}>
              <KindBadge kind={type.kind} />
              <Code>{type.prefix}</Code>
              {type.has_lines && (
                <Badge size="sm" variant="default" tt="none" fw={500}>
                  {t('caseTypes.with_lines')}
                </Badge>
              )}
            </Group>
            <Group gap="md">
              {statusCount(type)}
              {activeSwitch(type)}
            </Group>
          </Stack>
        )}
        actions={(type) => (
          <Group gap={0} wrap="nowrap">
            {phone && moveButtons(type)}
            <RowMenu
              name={label(type)}
              items={[
                rowItems.edit(() => dialog.open(type)),
                {
                  label: t('caseTypes.statuses'),
                  icon: <IconListDetails size={16} aria-hidden />,
                  onClick: () => show(type, 'statuses'),
                },
                {
                  label: t('caseTypes.fields'),
                  icon: <IconForms size={16} aria-hidden />,
                  onClick: () => show(type, 'fields'),
                },
                rowItems.remove(() => writes.remove(type)),
              ]}
            />
          </Group>
        )}
      />
      <div ref={detailRef}>
        {types && types.length > 0 && (
          <CaseTypeDetail types={types} typeId={typeId} tab={tab} onSelect={onSelect} />
        )}
      </div>
      <WorkingHoursSetting />
      <CaseTypeFormModal
        key={dialog.key}
        type={dialog.target}
        types={types ?? []}
        opened={dialog.opened}
        onClose={dialog.close}
        onCreated={(id) => onSelect(id, 'statuses')}
      />
    </Stack>
  );
}
