import { Drawer, NavLink, SegmentedControl, Stack, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { spotlight } from '@mantine/spotlight';
import {
  IconAddressBook,
  IconBriefcase,
  IconBuilding,
  IconCalendar,
  IconCalendarWeek,
  IconChartBar,
  IconDots,
  IconKey,
  IconLayoutDashboard,
  IconLogout,
  IconMail,
  IconReportAnalytics,
  IconSearch,
  IconSettings,
} from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import type { Locale } from '@trato/contracts/common';
import { useTranslation } from 'react-i18next';
import { useMe } from '../auth/auth.api';
import { FailedMailBadge, FailedMailIndicator } from '../emails/FailedMailBadge';
import classes from './BottomNav.module.css';
import { ADMIN_PATH, usePathLink } from './path-link';
import { COLOR_SCHEMES, useAccountActions } from './use-account-actions';

/** Phones: Panel, Entities, Search and More at the thumb; "More" holds the rest (contacts, admin, account). */
export function BottomNav({ pathname }: { pathname: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const account = useAccountActions();
  const pathLink = usePathLink();
  const [more, { open, close }] = useDisclosure(false);
  return (
    <>
      <div className={classes.bar}>
        <Link to="/" className={classes.item} data-active={pathname === '/' || undefined}>
          <IconLayoutDashboard size={22} aria-hidden />
          <span>{t('nav.panel')}</span>
        </Link>
        <Link to="/agenda" className={classes.item} data-active={pathname.startsWith('/agenda') || undefined}>
          <IconCalendarWeek size={22} aria-hidden />
          <span>{t('nav.agenda')}</span>
        </Link>
        <Link
          to="/entities"
          className={classes.item}
          data-active={pathname.startsWith('/entities') || undefined}
        >
          <IconBuilding size={22} aria-hidden />
          <span>{t('nav.entities')}</span>
        </Link>
        <UnstyledButton className={classes.item} onClick={() => spotlight.open()}>
          <IconSearch size={22} aria-hidden />
          <span>{t('nav.search')}</span>
        </UnstyledButton>
        <UnstyledButton className={classes.item} onClick={open} aria-expanded={more} aria-haspopup="dialog">
          <FailedMailIndicator>
            <IconDots size={22} aria-hidden />
          </FailedMailIndicator>
          <span>{t('nav.more')}</span>
        </UnstyledButton>
      </div>
      <Drawer opened={more} onClose={close} position="bottom" size="auto" title={me.name}>
        <Stack gap="sm" pb="md">
          <NavLink
            component={Link}
            to="/contacts"
            label={t('nav.contacts')}
            leftSection={<IconAddressBook size={20} aria-hidden />}
            active={pathname.startsWith('/contacts')}
            onClick={close}
          />
          {me.role.permissions.objects.cases.actions.includes('read') && (
            <>
              <NavLink
                component={Link}
                to="/cases"
                label={t('nav.cases')}
                leftSection={<IconBriefcase size={20} aria-hidden />}
                active={pathname.startsWith('/cases')}
                onClick={close}
              />
              <NavLink
                component={Link}
                to="/forecast"
                label={t('nav.forecast')}
                leftSection={<IconChartBar size={20} aria-hidden />}
                active={pathname.startsWith('/forecast')}
                onClick={close}
              />
              <NavLink
                component={Link}
                to="/reports/open-cases"
                label={t('nav.reports')}
                leftSection={<IconReportAnalytics size={20} aria-hidden />}
                active={pathname.startsWith('/reports')}
                onClick={close}
              />
            </>
          )}
          <NavLink
            component={Link}
            to="/emails"
            label={t('nav.mail')}
            leftSection={<IconMail size={20} aria-hidden />}
            rightSection={<FailedMailBadge />}
            active={pathname.startsWith('/emails')}
            onClick={close}
          />
          {me.role.permissions.configure && (
            <NavLink
              {...pathLink(ADMIN_PATH)}
              label={t('nav.admin')}
              leftSection={<IconSettings size={20} aria-hidden />}
              onClickCapture={close}
            />
          )}
          <NavLink
            component={Link}
            to="/settings/calendar"
            label={t('nav.calendar')}
            leftSection={<IconCalendar size={20} aria-hidden />}
            onClick={close}
          />
          <NavLink
            component={Link}
            to="/settings/api-keys"
            label={t('apiKeys.title')}
            leftSection={<IconKey size={20} aria-hidden />}
            onClick={close}
          />
          <Text size="sm" fw={600}>
            {t('user.language')}
          </Text>
          <SegmentedControl
            fullWidth
            aria-label={t('user.language')}
            value={account.language}
            onChange={(lng) => void account.setLanguage(lng as Locale)}
            data={account.languages.map((lng) => ({ value: lng, label: t(`languages.${lng}`) }))}
          />
          <Text size="sm" fw={600}>
            {t('user.theme')}
          </Text>
          <SegmentedControl
            fullWidth
            aria-label={t('user.theme')}
            value={account.colorScheme}
            onChange={(v) => account.setColorScheme(v as (typeof COLOR_SCHEMES)[number])}
            data={COLOR_SCHEMES.map((s) => ({ value: s, label: t(`user.themes.${s}`) }))}
          />
          <NavLink
            component="button"
            label={t('user.sign_out')}
            leftSection={<IconLogout size={20} aria-hidden />}
            onClick={() => void account.signOut()}
          />
        </Stack>
      </Drawer>
    </>
  );
}
