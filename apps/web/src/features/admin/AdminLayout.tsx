import { Button, EmptyState, Stack, Title } from '@mantine/core';
import {
  IconBolt,
  IconBriefcase,
  IconBuilding,
  IconCalendarEvent,
  IconForms,
  IconList,
  IconLock,
  IconMail,
  IconMailCode,
  IconPackage,
  IconRoute,
  IconShieldCheck,
  IconUsers,
  IconUsersGroup,
  IconWebhook,
} from '@tabler/icons-react';
import { Link, useRouterState } from '@tanstack/react-router';
import { type ReactNode, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../../ui/use-page-title';
import { useMe } from '../auth/auth.api';
import classes from './admin.module.css';

const SECTIONS = [
  { to: '/admin/company', key: 'company', icon: IconBuilding },
  { to: '/admin/users', key: 'users', icon: IconUsers },
  { to: '/admin/teams', key: 'teams', icon: IconUsersGroup },
  { to: '/admin/roles', key: 'roles', icon: IconShieldCheck },
  { to: '/admin/pick-lists', key: 'pick_lists', icon: IconList },
  { to: '/admin/fields', key: 'fields', icon: IconForms },
  { to: '/admin/action-types', key: 'action_types', icon: IconCalendarEvent },
  { to: '/admin/sequences', key: 'sequences', icon: IconRoute },
  { to: '/admin/case-types', key: 'caseTypes', icon: IconBriefcase },
  { to: '/admin/products', key: 'products', icon: IconPackage },
  { to: '/admin/mail-accounts', key: 'mail_accounts', icon: IconMail },
  { to: '/admin/email-templates', key: 'email_templates', icon: IconMailCode },
  { to: '/admin/webhooks', key: 'webhooks', icon: IconWebhook },
  { to: '/admin/automation', key: 'automation', icon: IconBolt },
] as const;

/** Only users whose role may configure Trato see the admin; others get a clear "not allowed". */
export function useCanConfigure(): boolean {
  return useMe().role.permissions.configure;
}

/** The admin's frame: heading, the sections as links (tab-like), then the section itself. */
export function AdminLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation('admin');
  const allowed = useCanConfigure();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const navRef = useRef<HTMLElement>(null);
  // On a phone the strip scrolls sideways: keep the current section in view.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the section changes
  useEffect(() => {
    navRef.current
      ?.querySelector('[aria-current="page"]')
      ?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [pathname]);
  if (!allowed) return <NotAllowed />;
  return (
    <Stack gap="md" className={`${classes.layout} ${classes.touch}`}>
      <Title order={1} size="h2">
        {t('title')}
      </Title>
      <nav ref={navRef} aria-label={t('sections_label')} className={classes.sections}>
        {SECTIONS.map((section) => {
          const current = pathname === section.to || pathname.startsWith(`${section.to}/`);
          return (
            <Link
              key={section.to}
              to={section.to}
              className={classes.section}
              aria-current={current ? 'page' : undefined}
            >
              <section.icon size={18} stroke={1.6} aria-hidden />
              {t(`${section.key}.title`)}
            </Link>
          );
        })}
      </nav>
      {children}
    </Stack>
  );
}

function NotAllowed() {
  const { t } = useTranslation('admin');
  usePageTitle(t('title'));
  return (
    <EmptyState
      icon={<IconLock size={32} />}
      variant="light"
      color="gray"
      title={t('not_allowed.title')}
      description={t('not_allowed.description')}
      py="xl"
      className={classes.touch}
    >
      <EmptyState.Actions>
        <Button component={Link} to="/entities">
          {t('not_allowed.back')}
        </Button>
      </EmptyState.Actions>
    </EmptyState>
  );
}
