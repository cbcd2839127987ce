import { Button, Skeleton, Stack, Text, Timeline } from '@mantine/core';
import {
  IconArrowMerge,
  IconFile,
  IconNote,
  IconPencil,
  IconPlus,
  IconRestore,
  IconTrash,
  IconUser,
} from '@tabler/icons-react';
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import type { TimelineItem } from '@trato/contracts/records';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { Panel } from '../../ui/Panel';
import { RelativeTime } from '../../ui/RelativeTime';
import { useChangeFormatter } from './use-change-formatter';

type Subject = 'entity' | 'contact';

const timelineQuery = (subject: Subject, id: string) =>
  infiniteQueryOptions({
    queryKey: ['timeline', subject, id],
    queryFn: ({ pageParam }) =>
      api<{ data: TimelineItem[]; next_cursor: string | null }>(
        `/${subject === 'entity' ? 'entities' : 'contacts'}/${id}/timeline`,
        { query: { cursor: pageParam || undefined, limit: 30 } },
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });

const iconFor = (type: string) => {
  const [object, verb] = type.split('.');
  if (object === 'note') return IconNote;
  if (object === 'file') return IconFile;
  if (object === 'contact') return IconUser;
  if (verb?.startsWith('merged')) return IconArrowMerge;
  if (verb === 'created') return IconPlus;
  if (verb === 'deleted') return IconTrash;
  if (verb === 'restored') return IconRestore;
  return IconPencil;
};

const isChange = (value: unknown): value is [unknown, unknown] => Array.isArray(value) && value.length === 2;

/** For a creation, the new record's name ("Ana López"), so "Contact added" says who. */
const createdName = (item: TimelineItem): string | null => {
  if (!item.type.endsWith('.created')) return null;
  const after = (field: string) => {
    const value = item.changes[field];
    return isChange(value) && typeof value[1] === 'string' ? value[1] : '';
  };
  return after('name') || [after('first_name'), after('last_name')].filter(Boolean).join(' ') || null;
};

/** The record's history, newest first: who, when (exact time on hover), and each field from → to. */
export function TimelinePanel({ subject, id }: { subject: Subject; id: string }) {
  const { t } = useTranslation();
  const query = useInfiniteQuery(timelineQuery(subject, id));
  const formatChange = useChangeFormatter(subject);
  const items = query.data?.pages.flatMap((p) => p.data) ?? [];

  return (
    <Panel title={t('timeline.title')}>
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
          {items.map((item) => {
            const Icon = iconFor(item.type);
            const changes =
              item.type.endsWith('.updated') || item.type.endsWith('.merged')
                ? Object.entries(item.changes).filter(([, v]) => isChange(v))
                : [];
            return (
              <Timeline.Item
                key={item.id}
                bullet={<Icon size={14} aria-hidden />}
                title={
                  <Text size="sm" fw={600}>
                    {t(`timeline.types.${item.type.replace('.', '_')}`, { defaultValue: item.type })}
                  </Text>
                }
              >
                <Text size="xs" c="dimmed">
                  {item.actor?.name ?? t('timeline.system')} · <RelativeTime value={item.occurred_at} />
                </Text>
                {(item.summary ?? createdName(item)) && (
                  <Text size="sm" lineClamp={3}>
                    {item.summary ?? createdName(item)}
                  </Text>
                )}
                {changes.length > 0 && (
                  <Stack gap={2} mt={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                    {changes.map(([field, value]) => {
                      const [before, after] = value as [unknown, unknown];
                      return (
                        <Text key={field} size="sm" component="li" style={{ overflowWrap: 'anywhere' }}>
                          <Text span fw={500}>
                            {formatChange.label(field)}:
                          </Text>{' '}
                          <Text span c="dimmed" td="line-through">
                            {formatChange.value(field, before)}
                          </Text>{' '}
                          → {formatChange.value(field, after)}
                        </Text>
                      );
                    })}
                  </Stack>
                )}
              </Timeline.Item>
            );
          })}
        </Timeline>
      )}
      {query.hasNextPage && (
        <Button
          variant="subtle"
          mt="sm"
          onClick={() => void query.fetchNextPage()}
          loading={query.isFetchingNextPage}
        >
          {t('timeline.more')}
        </Button>
      )}
    </Panel>
  );
}
