import { type MantineColorScheme, useMantineColorScheme } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import type { Locale } from '@trato/contracts/common';
import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../../i18n';
import { notifyError } from '../../ui/notify';
import { logout, useUpdateLocale } from '../auth/auth.api';

export const COLOR_SCHEMES: MantineColorScheme[] = ['auto', 'light', 'dark'];

/** What the user menu and the phone's "More" sheet both offer: language, theme, sign out. */
export function useAccountActions() {
  const { i18n } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const updateLocale = useUpdateLocale();
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  return {
    languages: LANGUAGES,
    language: i18n.language,
    setLanguage: async (lng: Locale) => {
      try {
        await updateLocale(lng);
      } catch (error) {
        notifyError(error);
      }
    },
    colorScheme,
    setColorScheme,
    signOut: async () => {
      try {
        await logout();
      } finally {
        queryClient.clear();
        await navigate({ to: '/login' });
      }
    },
  };
}
