import { Alert, Code, Stack, Text } from '@mantine/core';
import { IconCircleCheck, IconCircleMinus, IconCircleX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { MailConnectionTest } from './mail-accounts.api';

/**
 * What "Probar conexión" answered, one block per side: green with the server's greeting when it worked, red
 * with the server's own words when it did not, grey when that side is not configured.
 */
export function ConnectionTestResult({ result }: { result: MailConnectionTest }) {
  const { t } = useTranslation('mail-accounts');
  return (
    <Stack gap="sm" aria-live="polite">
      {(['smtp', 'imap'] as const).map((side) => {
        const answer = result[side];
        if (!answer)
          return (
            <Alert
              key={side}
              color="gray"
              variant="light"
              icon={<IconCircleMinus size={20} aria-hidden />}
              title={t(`test.${side}`)}
            >
              <Text size="sm">{t('test.not_configured')}</Text>
            </Alert>
          );
        return (
          <Alert
            key={side}
            color={answer.ok ? 'teal' : 'red'}
            variant="light"
            icon={
              answer.ok ? <IconCircleCheck size={20} aria-hidden /> : <IconCircleX size={20} aria-hidden />
            }
            title={`${t(`test.${side}`)}: ${answer.ok ? t('test.ok') : t('test.failed')}`}
            data-test-side={side}
            data-ok={answer.ok}
          >
            {answer.message && (
              <Code
                block
                c={answer.ok ? 'teal.9' : 'red.9'}
                bg="transparent"
                p={0}
                style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
              >
                {answer.message}
              </Code>
            )}
          </Alert>
        );
      })}
    </Stack>
  );
}
