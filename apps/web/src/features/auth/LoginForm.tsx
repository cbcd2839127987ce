import {
  Alert,
  Button,
  Center,
  Paper,
  PasswordInput,
  SegmentedControl,
  Stack,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertCircle } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage } from '../../i18n';
import { errorMessage } from '../../ui/notify';
import { usePageTitle } from '../../ui/use-page-title';
import { login, meQuery } from './auth.api';
import classes from './LoginForm.module.css';

/** Email and password; the server's message on failure; back to where the user was on success. */
export function LoginForm({ redirectTo }: { redirectTo: string }) {
  const { t, i18n } = useTranslation();
  usePageTitle(t('auth.sign_in'));
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { email: '', password: '' },
    validate: {
      email: (v) => (v.trim() ? null : t('errors.required')),
      password: (v) => (v ? null : t('errors.required')),
    },
  });

  const submit = form.onSubmit(async ({ email, password }) => {
    setError(null);
    try {
      const me = await login(email.trim(), password);
      queryClient.setQueryData(meQuery.queryKey, me);
      await navigate({ href: redirectTo, replace: true });
    } catch (e) {
      setError(errorMessage(e));
    }
  });

  return (
    <Center component="main" className={classes.page}>
      <Paper withBorder shadow="sm" p="xl" radius="lg" className={classes.card}>
        <form onSubmit={submit} noValidate>
          <Stack>
            <Title order={1} ta="center" className={classes.brand}>
              Trato
            </Title>
            <Title order={2} size="h4" ta="center" fw={500}>
              {t('auth.sign_in_title')}
            </Title>
            {error && (
              <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
                {error}
              </Alert>
            )}
            <TextInput
              label={t('auth.email')}
              type="email"
              autoComplete="username"
              required
              data-autofocus
              {...form.getInputProps('email')}
            />
            <PasswordInput
              label={t('auth.password')}
              autoComplete="current-password"
              required
              {...form.getInputProps('password')}
            />
            <Button type="submit" size="md" loading={form.submitting} fullWidth>
              {t('auth.sign_in')}
            </Button>
            <SegmentedControl
              aria-label={t('user.language')}
              size="xs"
              value={i18n.language}
              onChange={(lng) => void setLanguage(lng)}
              data={LANGUAGES.map((lng) => ({ value: lng, label: t(`languages.${lng}`) }))}
            />
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
