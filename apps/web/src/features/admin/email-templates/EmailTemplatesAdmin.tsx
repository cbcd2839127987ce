import { Badge, Button, Group, Stack, Switch, Text } from '@mantine/core';
import { IconCopy, IconMailCode, IconPlus } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { notifySuccess } from '../../../ui/notify';
import { RelativeTime } from '../../../ui/RelativeTime';
import { usePageTitle } from '../../../ui/use-page-title';
import { notifyWriteError } from '../server-errors';
import {
  AdminEmpty,
  AdminList,
  type Column,
  classes,
  confirmDanger,
  RowMenu,
  SectionHeader,
  useRowItems,
} from '../ui';
import {
  createTemplate,
  deleteTemplate,
  type EmailTemplateSummary,
  invalidateTemplates,
  templateQuery,
  templatesQuery,
  updateTemplate,
} from './email-templates.api';

/** Email templates: the list, each opening its editor; switch on or off, duplicate, delete. */
export function EmailTemplatesAdmin() {
  const { t } = useTranslation('email-templates');
  const rowItems = useRowItems();
  usePageTitle(t('title'));
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const query = useQuery(templatesQuery());
  const chain = useRef<Promise<unknown>>(Promise.resolve());
  const reload = () => invalidateTemplates(queryClient);

  const open = (id: string) => void navigate({ to: '/admin/email-templates/$id', params: { id } });

  const setActive = (template: EmailTemplateSummary, active: boolean) => {
    queryClient.setQueryData<EmailTemplateSummary[]>(templatesQuery().queryKey, (old) =>
      old?.map((x) => (x.id === template.id ? { ...x, active } : x)),
    );
    chain.current = chain.current.then(async () => {
      try {
        const current = await queryClient.fetchQuery({ ...templateQuery(template.id), staleTime: 0 });
        await updateTemplate(template.id, { version: current.version, active });
        notifySuccess(t(active ? 'activated' : 'deactivated', { name: template.name }));
      } catch (error) {
        notifyWriteError(error, reload);
      }
      await reload();
    });
  };

  const duplicate = async (template: EmailTemplateSummary) => {
    try {
      const full = await queryClient.fetchQuery({ ...templateQuery(template.id), staleTime: 0 });
      const names = new Set((query.data ?? []).map((x) => x.name.toLowerCase()));
      let name = t('copy_name', { name: full.name });
      for (let n = 2; names.has(name.toLowerCase()); n++)
        name = `${t('copy_name', { name: full.name })} ${n}`;
      const created = await createTemplate({
        name: name.slice(0, 200),
        description: full.description,
        content: full.content,
        default_language: full.default_language,
        active: false,
        commercial: full.commercial,
      });
      await reload();
      notifySuccess(t('duplicated', { name: created.name }));
      open(created.id);
    } catch (error) {
      notifyWriteError(error, reload);
    }
  };

  const remove = (template: EmailTemplateSummary) =>
    confirmDanger({
      title: t('delete_title', { name: template.name }),
      message: t('delete_message'),
      confirm: t('admin:delete'),
      onConfirm: async () => {
        try {
          await deleteTemplate(template.id);
          await reload();
          notifySuccess(t('deleted'));
        } catch (error) {
          notifyWriteError(error, reload);
        }
      },
    });

  const name = (x: EmailTemplateSummary) => (
    <Stack gap={0} style={{ minWidth: 0 }}>
      <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
        <Link
          to="/admin/email-templates/$id"
          params={{ id: x.id }}
          className={classes.cellButton}
          style={{ overflowWrap: 'anywhere', minWidth: 0, textDecoration: 'none' }}
        >
          {x.name}
        </Link>
        {x.commercial && (
          <Badge size="sm" variant="light" color="blue" tt="none" fw={500} style={{ flexShrink: 0 }}>
            {t('commercial_badge')}
          </Badge>
        )}
        {!x.active && (
          <Badge size="sm" variant="default" tt="none" fw={500} style={{ flexShrink: 0 }}>
            {t('inactive')}
          </Badge>
        )}
      </Group>
      {x.description && (
        <Text size="xs" c="dimmed" lineClamp={1}>
          {x.description}
        </Text>
      )}
    </Stack>
  );
  const subject = (x: EmailTemplateSummary) => (
    <Text size="sm" c="dimmed" lineClamp={2} ff="monospace" style={{ overflowWrap: 'anywhere' }}>
      {x.subject}
    </Text>
  );
  const languages = (x: EmailTemplateSummary) => (
    <Group gap={4}>
      {x.languages.map((l) => (
        <Badge
          key={l}
          size="sm"
          variant={l === x.default_language ? 'filled' : 'light'}
          color="gray"
          title={t(`lang.${l}`)}
          aria-label={t(`lang.${l}`)}
        >
          {t(`lang_short.${l}`)}
        </Badge>
      ))}
    </Group>
  );
  const activeSwitch = (x: EmailTemplateSummary) => (
    <Switch
      checked={x.active}
      onChange={(event) => setActive(x, event.currentTarget.checked)}
      aria-label={t('active_label', { name: x.name })}
    />
  );
  const columns: Column<EmailTemplateSummary>[] = [
    { key: 'name', header: t('name'), cell: name },
    { key: 'subject', header: t('subject_col'), cell: subject, width: '34%' },
    { key: 'languages', header: t('languages'), cell: languages, width: 120 },
    {
      key: 'updated',
      header: t('updated'),
      cell: (x) => (
        <Text size="sm" c="dimmed">
          <RelativeTime value={x.updated_at} />
        </Text>
      ),
      width: 120,
    },
    { key: 'active', header: t('active'), cell: activeSwitch, width: 80 },
  ];
  const newButton = (
    <Button
      leftSection={<IconPlus size={16} aria-hidden />}
      onClick={() => void navigate({ to: '/admin/email-templates/$id', params: { id: 'new' } })}
    >
      {t('new')}
    </Button>
  );

  return (
    <Stack gap="md">
      <SectionHeader title={t('title')} description={t('description')} action={newButton} />
      <AdminList
        label={t('title')}
        rows={query.data}
        loading={query.isPending}
        error={query.error}
        onRetry={() => void query.refetch()}
        columns={columns}
        minWidth={760}
        empty={
          <AdminEmpty
            icon={<IconMailCode size={32} />}
            title={t('empty')}
            description={t('empty_hint')}
            action={newButton}
          />
        }
        card={(x) => (
          <Stack gap={6}>
            {name(x)}
            {subject(x)}
            <Group justify="space-between" gap="xs">
              {languages(x)}
              {activeSwitch(x)}
            </Group>
          </Stack>
        )}
        actions={(x) => (
          <RowMenu
            name={x.name}
            items={[
              rowItems.edit(() => open(x.id)),
              {
                label: t('duplicate'),
                icon: <IconCopy size={16} aria-hidden />,
                onClick: () => void duplicate(x),
              },
              rowItems.remove(() => remove(x)),
            ]}
          />
        )}
      />
    </Stack>
  );
}
