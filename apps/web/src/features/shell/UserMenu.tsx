import { Avatar, Menu, Text, UnstyledButton } from '@mantine/core';
import { IconCalendar, IconCheck, IconKey, IconLogout } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useMe } from '../auth/auth.api';
import { COLOR_SCHEMES, useAccountActions } from './use-account-actions';

export const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase())
    .join('');

/** The avatar in the header: language, theme, API keys, sign out. */
export function UserMenu() {
  const { t } = useTranslation();
  const me = useMe();
  const account = useAccountActions();
  const check = (on: boolean) => (on ? <IconCheck size={16} aria-hidden /> : <span style={{ width: 16 }} />);
  return (
    <Menu position="bottom-end" width={240} withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label={t('user.menu', { name: me.name })} style={{ borderRadius: '50%' }}>
          <Avatar color="teal" radius="xl" size={40}>
            {initials(me.name)}
          </Avatar>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Text size="sm" fw={600} c="var(--mantine-color-text)" truncate>
            {me.name}
          </Text>
          <Text size="xs" c="dimmed" truncate>
            {me.email}
          </Text>
        </Menu.Label>
        <Menu.Divider />
        <Menu.Label>{t('user.language')}</Menu.Label>
        {account.languages.map((lng) => (
          <Menu.Item
            key={lng}
            leftSection={check(account.language === lng)}
            onClick={() => void account.setLanguage(lng)}
            lang={lng}
          >
            {t(`languages.${lng}`)}
          </Menu.Item>
        ))}
        <Menu.Divider />
        <Menu.Label>{t('user.theme')}</Menu.Label>
        {COLOR_SCHEMES.map((scheme) => (
          <Menu.Item
            key={scheme}
            leftSection={check(account.colorScheme === scheme)}
            onClick={() => account.setColorScheme(scheme)}
          >
            {t(`user.themes.${scheme}`)}
          </Menu.Item>
        ))}
        <Menu.Divider />
        <Menu.Item
          component={Link}
          to="/settings/calendar"
          leftSection={<IconCalendar size={16} aria-hidden />}
        >
          {t('nav.calendar')}
        </Menu.Item>
        <Menu.Item component={Link} to="/settings/api-keys" leftSection={<IconKey size={16} aria-hidden />}>
          {t('apiKeys.title')}
        </Menu.Item>
        <Menu.Item leftSection={<IconLogout size={16} aria-hidden />} onClick={() => void account.signOut()}>
          {t('user.sign_out')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
