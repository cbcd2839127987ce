import { AppShell, Group, NavLink, Stack, Text, UnstyledButton } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { spotlight } from '@mantine/spotlight';
import {
  IconAddressBook,
  IconBriefcase,
  IconBuilding,
  IconCalendarWeek,
  IconChartBar,
  IconLayoutDashboard,
  IconMail,
  IconReportAnalytics,
  IconSearch,
  IconSettings,
} from '@tabler/icons-react';
import { Link, useRouterState } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { usePhone } from '../../ui/use-phone';
import { useMe } from '../auth/auth.api';
import { FailedMailBadge } from '../emails/FailedMailBadge';
import { GlobalSearch } from '../search/GlobalSearch';
import classes from './AppLayout.module.css';
import { BottomNav } from './BottomNav';
import { ADMIN_PATH, usePathLink } from './path-link';
import { ShortcutsHelp } from './ShortcutsHelp';
import { UserMenu } from './UserMenu';

/** The frame of every signed-in screen: header with search and user menu, sidebar (bottom bar on phones). */
export function AppLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const me = useMe();
  const phone = usePhone();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const pathLinkProps = usePathLink();

  // `/` focuses the list's own search box when the screen has one, else opens the global search.
  useHotkeys([
    [
      '/',
      () => {
        const box = document.querySelector<HTMLInputElement>('[data-list-search]');
        if (box) box.focus();
        else spotlight.open();
      },
    ],
  ]);

  const nav = [
    { to: '/', label: t('nav.panel'), icon: IconLayoutDashboard },
    { to: '/agenda', label: t('nav.agenda'), icon: IconCalendarWeek },
    { to: '/entities', label: t('nav.entities'), icon: IconBuilding },
    { to: '/contacts', label: t('nav.contacts'), icon: IconAddressBook },
    ...(me.role.permissions.objects.cases.actions.includes('read')
      ? ([
          { to: '/cases', label: t('nav.cases'), icon: IconBriefcase },
          { to: '/forecast', label: t('nav.forecast'), icon: IconChartBar },
          { to: '/reports/open-cases', label: t('nav.reports'), icon: IconReportAnalytics },
        ] as const)
      : []),
  ] as const;

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 200, breakpoint: 'sm', collapsed: { mobile: true, desktop: false } }}
      footer={{ height: 64, collapsed: !phone }}
      padding="md"
    >
      <a href="#main" className={classes.skip}>
        {t('nav.skip_to_content')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="sm">
          <Text component={Link} to="/" fw={700} size="xl" className={classes.brand}>
            Trato
          </Text>
          {!phone && (
            <UnstyledButton className={classes.searchBox} onClick={() => spotlight.open()}>
              <IconSearch size={16} aria-hidden />
              <Text size="sm" c="dimmed" style={{ flex: 1 }} truncate>
                {t('search.placeholder')}
              </Text>
              <Text size="xs" c="dimmed" className={classes.kbd}>
                Ctrl K
              </Text>
            </UnstyledButton>
          )}
          <UserMenu />
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label={t('nav.main')}>
        <Stack gap={4}>
          {nav.map((item) => (
            <NavLink
              key={item.to}
              component={Link}
              to={item.to}
              label={item.label}
              leftSection={<item.icon size={20} stroke={1.6} aria-hidden />}
              active={item.to === '/' ? pathname === '/' : pathname.startsWith(item.to)}
              className={classes.navLink}
            />
          ))}
          <NavLink
            component={Link}
            to="/emails"
            label={t('nav.mail')}
            leftSection={<IconMail size={20} stroke={1.6} aria-hidden />}
            rightSection={<FailedMailBadge />}
            active={pathname.startsWith('/emails')}
            className={classes.navLink}
          />
          {me.role.permissions.configure && (
            <NavLink
              {...pathLinkProps(ADMIN_PATH)}
              label={t('nav.admin')}
              leftSection={<IconSettings size={20} stroke={1.6} aria-hidden />}
              active={pathname.startsWith(ADMIN_PATH)}
              className={classes.navLink}
            />
          )}
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1} className={classes.main}>
        {children}
      </AppShell.Main>
      {phone && (
        <AppShell.Footer component="nav" aria-label={t('nav.main')}>
          <BottomNav pathname={pathname} />
        </AppShell.Footer>
      )}
      <GlobalSearch />
      <ShortcutsHelp />
    </AppShell>
  );
}
