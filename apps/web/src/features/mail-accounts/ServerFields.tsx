import {
  Anchor,
  Fieldset,
  Group,
  NumberInput,
  PasswordInput,
  Select,
  SimpleGrid,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { MAIL_SECURITY } from '@trato/contracts/mail';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_PORTS, type MailAccountValues, type Security } from './mail-account-form';

interface Props {
  form: UseFormReturnType<MailAccountValues>;
  side: 'smtp' | 'imap';
  /** Whether a password is stored for this side (the API never sends it back). */
  passwordSet: boolean;
  children?: ReactNode;
}

/**
 * One server's settings (SMTP to send, IMAP to receive): the switch that turns the side on, then host, port,
 * security, user and password. Changing the security moves the port to that mode's usual one when the port
 * was still the previous mode's usual one.
 */
export function ServerFields({ form, side, passwordSet, children }: Props) {
  const { t } = useTranslation('mail-accounts');
  const enabledKey = side === 'smtp' ? 'send_enabled' : 'receive_enabled';
  const enabled = form.getValues()[enabledKey];
  const password = form.getValues()[`${side}_password`];
  const id = `mail-account-${side}`;

  const onSecurity = (value: string | null) => {
    if (!value) return;
    const before = form.getValues()[`${side}_security`];
    const port = form.getValues()[`${side}_port`];
    form.setFieldValue(`${side}_security`, value as Security);
    if (port === '' || port === DEFAULT_PORTS[side][before])
      form.setFieldValue(`${side}_port`, DEFAULT_PORTS[side][value as Security]);
  };

  const passwordDescription = password.clear
    ? t('password.cleared')
    : passwordSet && !password.typed
      ? t('password.saved')
      : undefined;

  return (
    <Fieldset legend={t(`${side}.legend`)} aria-describedby={`${id}-hint`}>
      <Text size="xs" c="dimmed" id={`${id}-hint`} mb="sm">
        {t(`${side}.hint`)}
      </Text>
      <Switch
        label={t(`${side}.enabled`)}
        mb="sm"
        {...form.getInputProps(enabledKey, { type: 'checkbox' })}
      />
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        <TextInput
          label={t('server.host')}
          placeholder={side === 'smtp' ? 'smtp.example.com' : 'imap.example.com'}
          required={enabled}
          maxLength={253}
          autoComplete="off"
          spellCheck={false}
          style={{ gridColumn: 'span 1' }}
          {...form.getInputProps(`${side}_host`)}
        />
        <Select
          label={t('server.security')}
          data={MAIL_SECURITY.map((s) => ({ value: s, label: t(`security.${s}`) }))}
          allowDeselect={false}
          {...form.getInputProps(`${side}_security`)}
          onChange={onSecurity}
        />
        <NumberInput
          label={t('server.port')}
          min={1}
          max={65535}
          allowDecimal={false}
          allowNegative={false}
          hideControls
          required={enabled}
          {...form.getInputProps(`${side}_port`)}
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" mt="sm">
        <TextInput
          label={t('server.user')}
          maxLength={320}
          autoComplete="off"
          spellCheck={false}
          {...form.getInputProps(`${side}_user`)}
        />
        <PasswordInput
          label={t('server.password')}
          placeholder={passwordSet && !password.clear ? t('password.placeholder_saved') : undefined}
          description={passwordDescription}
          inputWrapperOrder={['label', 'input', 'description', 'error']}
          maxLength={1000}
          autoComplete="new-password"
          value={password.typed}
          error={form.errors[`${side}_password`]}
          onChange={(event) =>
            form.setFieldValue(`${side}_password`, { typed: event.currentTarget.value, clear: false })
          }
        />
      </SimpleGrid>
      {passwordSet && !password.typed && (
        <Group justify="flex-end" mt={4}>
          <Anchor
            component="button"
            type="button"
            size="xs"
            onClick={() => form.setFieldValue(`${side}_password`, { typed: '', clear: !password.clear })}
          >
            {password.clear ? t('password.keep') : t('password.remove')}
          </Anchor>
        </Group>
      )}
      {children}
    </Fieldset>
  );
}
