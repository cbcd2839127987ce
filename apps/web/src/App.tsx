import { MantineProvider } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { Notifications } from '@mantine/notifications';
import { type QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type AnyRouter, RouterProvider } from '@tanstack/react-router';
import 'dayjs/locale/ca';
import 'dayjs/locale/es';
import 'dayjs/locale/en-gb';
import { useTranslation } from 'react-i18next';
import { cssVariablesResolver, theme } from './ui/theme';

/** Providers: Mantine (theme follows the system's light/dark), dates, toasts, Query, Router. */
export function App({ router, queryClient }: { router: AnyRouter; queryClient: QueryClient }) {
  const { i18n } = useTranslation();
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto" cssVariablesResolver={cssVariablesResolver}>
      <DatesProvider
        settings={{ locale: i18n.language === 'en' ? 'en-gb' : i18n.language, firstDayOfWeek: 1 }}
      >
        <QueryClientProvider client={queryClient}>
          <Notifications position="bottom-right" limit={4} />
          <RouterProvider router={router} />
        </QueryClientProvider>
      </DatesProvider>
    </MantineProvider>
  );
}
