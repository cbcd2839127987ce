import { ActionIcon, Button, Tooltip } from '@mantine/core';
import { IconMail } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { usePhone } from '../../ui/use-phone';
import { openCompose } from './open-compose';
import type { RecordRefs } from './use-recipients';

/** "Enviar email" in a record's header: writes a mail filed under the record (an icon on a phone). */
export function SendEmailButton({
  refs,
  variant = 'light',
}: {
  refs: RecordRefs;
  variant?: 'light' | 'default';
}) {
  const { t } = useTranslation('emails');
  const phone = usePhone();
  const open = () => openCompose(refs);
  if (phone)
    return (
      <Tooltip label={t('send_email')}>
        <ActionIcon size={44} variant={variant} aria-label={t('send_email')} onClick={open}>
          <IconMail size={20} aria-hidden />
        </ActionIcon>
      </Tooltip>
    );
  return (
    <Button variant={variant} leftSection={<IconMail size={16} aria-hidden />} onClick={open}>
      {t('send_email')}
    </Button>
  );
}
