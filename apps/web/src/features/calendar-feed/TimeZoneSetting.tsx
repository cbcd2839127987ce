import { Paper, Select, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { notifyError, notifySuccess } from '../../ui/notify';
import { meQuery, useMe } from '../auth/auth.api';

let zones: string[] | undefined;
const timeZones = () => {
  zones ??= Intl.supportedValuesOf('timeZone');
  return zones;
};

/** The user's time zone: the agenda, the panel and the feed place actions on this clock. */
export function TimeZoneSetting() {
  const { t, i18n } = useTranslation('calendar-feed');
  const me = useMe();
  const queryClient = useQueryClient();
  const [saving, setSaving] = useState(false);
  const data = useMemo(() => {
    const list = timeZones();
    return list.includes(me.time_zone) ? list : [me.time_zone, ...list];
  }, [me.time_zone]);
  const now = new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-GB' : `${i18n.language}-ES`, {
    timeStyle: 'short',
    timeZone: me.time_zone,
  }).format(new Date());

  const change = async (zone: string | null) => {
    if (!zone || zone === me.time_zone) return;
    setSaving(true);
    try {
      await api('/auth/me', { method: 'PATCH', body: { time_zone: zone } });
      // The user (and with it the zone every date is shown in) and everything placed on the clock.
      await queryClient.invalidateQueries({ queryKey: meQuery.queryKey });
      void queryClient.invalidateQueries({ queryKey: ['actions'] });
      notifySuccess(t('time_zone.saved', { zone }));
    } catch (error) {
      notifyError(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="time-zone-title">
      <Title order={2} size="h4" id="time-zone-title">
        {t('time_zone.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('time_zone.intro')}
      </Text>
      <Select
        label={t('time_zone.label')}
        description={t('time_zone.now', { time: now, zone: me.time_zone })}
        data={data}
        value={me.time_zone}
        onChange={(zone) => void change(zone)}
        searchable
        allowDeselect={false}
        limit={100}
        maxDropdownHeight={300}
        nothingFoundMessage={t('time_zone.none')}
        disabled={saving}
        maw={420}
      />
    </Paper>
  );
}
