import { ActionIcon, Alert, Button, Group, Menu, Paper, Stack, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconDots, IconRestore, IconTrash } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../ui/format';
import { AnchorLink } from '../../ui/links';
import { notifyError, notifySuccess, notifyWithUndo } from '../../ui/notify';
import { RelativeTime } from '../../ui/RelativeTime';
import { usePhone } from '../../ui/use-phone';
import { SendEmailButton } from '../emails/SendEmailButton';
import { CaseStatusSteps } from './CaseStatusSteps';
import { ColorBadge } from './ColorBadge';
import {
  type Case,
  type CaseStatus,
  type CaseType,
  caseChanged,
  deleteCase,
  restoreCase,
  useCaseTypes,
} from './cases.api';
import classes from './cases.module.css';
import { SlaBadge } from './SlaBadge';

interface Props {
  item: Case;
  type: CaseType;
  onMove: (status: CaseStatus) => void;
  moving: boolean;
}

/** Number, type, title, entity and owner; the pipeline steps with "Mover a…"; amount, probability, SLA. */
export function CaseHeader({ item, type, onMove, moving }: Props) {
  const { t } = useTranslation('cases');
  const types = useCaseTypes();
  const phone = usePhone();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const deleted = Boolean(item.deleted_at);

  const restore = async () => {
    try {
      caseChanged(queryClient, await restoreCase(item.id));
      notifySuccess(t('restored', { number: item.number }));
    } catch (error) {
      notifyError(error);
    }
  };
  const remove = () =>
    modals.openConfirmModal({
      title: t('delete_title', { number: item.number }),
      children: <Text size="sm">{t('delete_body')}</Text>,
      labels: { confirm: t('translation:common.delete'), cancel: t('translation:common.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: async () => {
        try {
          await deleteCase(item);
          caseChanged(queryClient);
          notifyWithUndo(t('deleted', { number: item.number }), restore);
          void navigate({ to: '/cases', search: { type: type.key } });
        } catch (error) {
          notifyError(error);
        }
      },
    });

  return (
    <Stack gap="sm">
      {deleted && (
        <Alert color="orange" icon={<IconTrash size={18} />} title={t('deleted_banner')}>
          <Group justify="space-between" gap="sm">
            <Text size="sm">
              <RelativeTime value={item.deleted_at!} />
            </Text>
            <Button size="compact-md" leftSection={<IconRestore size={16} />} onClick={() => void restore()}>
              {t('translation:common.restore')}
            </Button>
          </Group>
        </Alert>
      )}
      <Group justify="space-between" align="flex-start" gap="sm" wrap="nowrap">
        <Stack gap={4} style={{ minWidth: 0, flex: 1 }}>
          <Group gap={6}>
            <Text size="sm" c="dimmed" ff="monospace" className={classes.number}>
              {item.number}
            </Text>
            <ColorBadge color={type.color}>{types.label(type)}</ColorBadge>
            {(item.priority === 'high' || item.priority === 'urgent') && (
              <ColorBadge color={item.priority === 'urgent' ? 'red' : 'orange'}>
                {t(`priority.${item.priority}`)}
              </ColorBadge>
            )}
            {type.kind === 'service' && <SlaBadge sla={item.sla} openedAt={item.created_at} />}
          </Group>
          <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
            {item.title}
          </Title>
          <Group gap={6}>
            <AnchorLink to="/entities/$id" params={{ id: item.entity.id }} size="sm" fw={600}>
              {item.entity.name}
            </AnchorLink>
            {item.contact && (
              <Text size="sm" c="dimmed">
                · {item.contact.name}
              </Text>
            )}
            {item.owner && (
              <Text size="sm" c="dimmed">
                · {t('owned_by', { name: item.owner.name })}
              </Text>
            )}
          </Group>
        </Stack>
        {!deleted && (
          <Group gap="xs" wrap="nowrap">
            <SendEmailButton
              refs={{ entityId: item.entity.id, contactId: item.contact?.id, caseId: item.id }}
            />
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <ActionIcon
                  size={phone ? 44 : 36}
                  variant="default"
                  aria-label={t('translation:common.more_actions')}
                >
                  <IconDots size={18} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={remove}>
                  {t('translation:common.delete')}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        )}
      </Group>
      <CaseStatusSteps item={item} type={type} onMove={onMove} disabled={deleted || moving} />
      <Paper withBorder radius="md" px="md" py="xs">
        <Group gap="xl" wrap="wrap" aria-label={t('amounts')} role="group">
          <Figure
            label={t('fields.amount')}
            value={item.amount !== null ? formatMoney(item.amount, item.currency) : '—'}
          />
          {item.tax_amount !== null && type.has_lines && (
            <Figure label={t('lines.total_tax')} value={formatMoney(item.tax_amount, item.currency)} />
          )}
          {type.kind === 'sale' && (
            <>
              <Figure
                label={t('fields.probability')}
                value={t('card.percent', { value: item.probability })}
                hint={item.probability_overridden ? t('probability_own') : t('probability_from_status')}
              />
              <Figure
                label={t('weighted')}
                value={item.weighted_amount !== null ? formatMoney(item.weighted_amount, item.currency) : '—'}
              />
            </>
          )}
          {item.next_action && (
            <Figure
              label={t('next_action.label')}
              value={item.next_action.subject}
              hint={<RelativeTime value={item.next_action.due_at} />}
            />
          )}
        </Group>
      </Paper>
    </Stack>
  );
}

function Figure({ label, value, hint }: { label: string; value: string; hint?: ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={650} className={classes.number} data-figure={label}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Stack>
  );
}
