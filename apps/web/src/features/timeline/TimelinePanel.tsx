import { Button, Skeleton, Stack, Text, Timeline } from '@mantine/core';
import {
  IconAlarm,
  IconArrowMerge,
  IconBriefcase,
  IconFile,
  IconMailCheck,
  IconMailOff,
  IconNote,
  IconPencil,
  IconPlus,
  IconRestore,
  IconRoute,
  IconTrash,
  IconUser,
} from '@tabler/icons-react';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import type { TimelineItem } from '@trato/contracts/records';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notifyError } from '../../ui/notify';
import { Panel } from '../../ui/Panel';
import { RelativeTime } from '../../ui/RelativeTime';
import { ActionFormModal } from '../actions/ActionFormModal';
import { actionIconOf } from '../actions/ActionTypeIcon';
import { type Action, actionQuery, useActionTypes } from '../actions/actions.api';
import { useDialogItem } from '../actions/use-dialog-item';
import { useCaseChangeFormatter } from '../cases/use-case-change-formatter';
import { EmailDrawer } from '../emails/EmailDrawer';
import {
  EmailBullet,
  EmailEventBody,
  EmailEventTitle,
  emailActor,
  isFilingEvent,
  useRecordEmails,
} from '../emails/EmailEvent';
import { ActionEventBody, ActionEventTitle } from './ActionEvent';
import { ChangeList, isChange } from './ChangeList';
import { TimelineFilters } from './TimelineFilters';
import { FILTERS_OF, type TimelineFilter, type TimelineSubject, timelineQuery } from './timeline.api';
import { useChangeFormatter } from './use-change-formatter';

const iconFor = (type: string) => {
  const [object, verb] = type.split('.');
  if (verb === 'email_opted_out') return IconMailOff;
  if (verb === 'email_opted_in') return IconMailCheck;
  if (object === 'note') return IconNote;
  if (object === 'file') return IconFile;
  if (object === 'contact') return IconUser;
  if (object === 'sequence_run') return IconRoute;
  if (object === 'case')
    return verb === 'sla_breached' ? IconAlarm : verb === 'created' ? IconBriefcase : IconPencil;
  if (verb?.startsWith('merged')) return IconArrowMerge;
  if (verb === 'created') return IconPlus;
  if (verb === 'deleted') return IconTrash;
  if (verb === 'restored') return IconRestore;
  return IconPencil;
};

/** For a creation, the new record's name ("Ana López"), so "Contact added" says who. */
const createdName = (item: TimelineItem): string | null => {
  if (!item.type.endsWith('.created')) return null;
  const after = (field: string) => {
    const value = item.changes[field];
    return isChange(value) && typeof value[1] === 'string' ? value[1] : '';
  };
  return after('name') || [after('first_name'), after('last_name')].filter(Boolean).join(' ') || null;
};

/**
 * The record's history, newest first: changes, notes, files and actions ("Llamada · hecha · No contesta"),
 * who and when (exact time on hover), each field from → to; chips filter it by kind and action type.
 */
export function TimelinePanel({ subject, id }: { subject: TimelineSubject; id: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [filter, setFilter] = useState<TimelineFilter>('all');
  const [actionTypes, setActionTypes] = useState<string[]>([]);
  const query = useInfiniteQuery(timelineQuery(subject, id, filter, actionTypes));
  const formatChange = useChangeFormatter(subject === 'case' ? 'entity' : subject);
  const formatCaseChange = useCaseChangeFormatter();
  const types = useActionTypes();
  const opened = useDialogItem<Action>();
  const emails = useRecordEmails(subject, id);
  const [openedEmail, setOpenedEmail] = useState<string | null>(null);
  // A mail has an event per step (queued, sent…): it shows once, at its newest, with its current status.
  // Filing it under a record (by hand) is shown on its own, by who did it.
  const shownEmails = new Set<string>();
  const items = (query.data?.pages.flatMap((p) => p.data) ?? []).filter((item) => {
    if (item.object !== 'email' || isFilingEvent(item)) return true;
    if (shownEmails.has(item.object_id)) return false;
    shownEmails.add(item.object_id);
    return true;
  });

  const openAction = async (actionId: string) => {
    try {
      opened.open(await queryClient.fetchQuery(actionQuery(actionId)));
    } catch (error) {
      notifyError(error);
    }
  };

  const bulletOf = (item: TimelineItem) => {
    if (item.object === 'email') return <EmailBullet item={item} email={emails.get(item.object_id)} />;
    if (item.object === 'action') {
      const type = types.all.find((x) => x.key === item.changes.type_key);
      const Glyph = actionIconOf(type?.icon);
      return <Glyph size={14} aria-hidden />;
    }
    const Icon = iconFor(item.type);
    return <Icon size={14} aria-hidden />;
  };

  const titleOf = (item: TimelineItem) =>
    item.object === 'email' ? (
      <EmailEventTitle item={item} email={emails.get(item.object_id)} />
    ) : item.object === 'action' ? (
      <ActionEventTitle item={item} />
    ) : (
      <Text size="sm" fw={600}>
        {t(`timeline.types.${item.type.replace('.', '_')}`, {
          defaultValue: t(`timeline:types.${item.type.replace('.', '_')}`, { defaultValue: item.type }),
        })}
      </Text>
    );

  const bodyOf = (item: TimelineItem) => {
    if (item.object === 'email')
      return <EmailEventBody item={item} email={emails.get(item.object_id)} onOpen={setOpenedEmail} />;
    if (item.object === 'action')
      return <ActionEventBody item={item} onOpen={(actionId) => void openAction(actionId)} />;
    const changes =
      item.type.endsWith('.updated') || item.type.endsWith('.merged') || item.type === 'case.status_changed'
        ? (Object.entries(item.changes).filter(([, v]) => isChange(v)) as [string, [unknown, unknown]][])
        : [];
    const summary = item.summary ?? createdName(item);
    const format = item.object === 'case' ? formatCaseChange : formatChange;
    return (
      <>
        {summary && (
          <Text size="sm" lineClamp={3}>
            {summary}
          </Text>
        )}
        <OptOutSource item={item} />
        <ChangeList changes={changes} label={format.label} value={format.value} />
      </>
    );
  };

  return (
    <Panel title={t('timeline.title')}>
      <Stack gap="sm">
        <div>
          <TimelineFilters
            filter={filter}
            onFilterChange={setFilter}
            actionTypes={actionTypes}
            onActionTypesChange={setActionTypes}
            filters={FILTERS_OF[subject]}
          />
        </div>
        {query.isPending ? (
          <Stack gap="xs">
            <Skeleton height={40} />
            <Skeleton height={40} />
          </Stack>
        ) : items.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('timeline.none')}
          </Text>
        ) : (
          <Timeline bulletSize={26} lineWidth={2}>
            {items.map((item) => (
              <Timeline.Item key={item.id} bullet={bulletOf(item)} title={titleOf(item)}>
                <Text size="xs" c="dimmed">
                  {(item.object === 'email'
                    ? emailActor(item, emails.get(item.object_id))
                    : item.actor?.name) ?? t('timeline.system')}{' '}
                  {ruleOf(item) && <>· {t('timeline.by_rule', { name: ruleOf(item) })} </>}·{' '}
                  <RelativeTime value={item.occurred_at} />
                </Text>
                {bodyOf(item)}
              </Timeline.Item>
            ))}
          </Timeline>
        )}
        {query.hasNextPage && (
          <Button
            variant="subtle"
            onClick={() => void query.fetchNextPage()}
            loading={query.isFetchingNextPage}
            w="fit-content"
          >
            {t('timeline.more')}
          </Button>
        )}
      </Stack>
      <ActionFormModal opened={opened.opened} onClose={opened.close} action={opened.item ?? undefined} />
      <EmailDrawer emailId={openedEmail} onClose={() => setOpenedEmail(null)} />
    </Panel>
  );
}

/** How an address opted out when the person did it themselves (a user's doing shows as its actor). */
function OptOutSource({ item }: { item: TimelineItem }) {
  const { t } = useTranslation('timeline');
  const source = item.changes.source;
  if (!item.type.endsWith('.email_opted_out') || (source !== 'link' && source !== 'one_click')) return null;
  return (
    <Text size="xs" c="dimmed">
      {t(`opt_out_source.${source}`)}
    </Text>
  );
}

/** The automation rule that made this change, when one did (the engine tags the events its runs write). */
function ruleOf(item: TimelineItem): string | null {
  const automation = item.changes.automation;
  if (!automation || typeof automation !== 'object') return null;
  const name = (automation as { rule_name?: unknown }).rule_name;
  return typeof name === 'string' && name ? name : null;
}
