import { ActionIcon, Anchor, Badge, Box, Group, Menu, Stack, Text, Tooltip } from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconDots, IconMailCheck, IconMailOff } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import type { MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../ui/format';
import { notifyError, notifySuccess } from '../../ui/notify';
import { usePhone } from '../../ui/use-phone';
import { useMe } from '../auth/auth.api';
import { type EmailOptOut, optOutsChanged, recordOptOut, removeOptOut, useOptOuts } from './use-opt-outs';

// The list sits inside an InlineEdit, whose value starts editing on a click: the badge and the menu (whose
// items render in a portal, but bubble through the React tree) keep their clicks to themselves.
const keepClick = (event: MouseEvent) => event.stopPropagation();

/** "Since 24 Nov 2026, through the link in the email", for the badge's tooltip and the menu. */
export function useOptOutDescription() {
  const { t } = useTranslation('emails');
  return (optOut: EmailOptOut) =>
    t(`opt_out.since_${optOut.source}`, {
      date: formatDate(optOut.created_at),
      name: optOut.created_by?.name ?? t('opt_out.someone'),
    });
}

/**
 * A record's email addresses as mailto links, each with a "Baja comercial" badge when it opted out of
 * commercial mail, and a small menu to record an opt-out (or, for administrators, to undo one).
 */
export function EmailAddresses({ addresses, readOnly }: { addresses: string[]; readOnly?: boolean }) {
  const { t } = useTranslation('emails');
  const queryClient = useQueryClient();
  const phone = usePhone();
  const me = useMe();
  const optOuts = useOptOuts(addresses);
  const describe = useOptOutDescription();
  const canRecord = me.role.permissions.objects.entities.actions.includes('edit');
  const canUndo = me.role.permissions.configure;
  if (addresses.length === 0) return null;

  const confirm = (options: {
    title: string;
    message: string;
    confirm: string;
    danger?: boolean;
    run: () => Promise<unknown>;
    done: string;
  }) =>
    modals.openConfirmModal({
      title: options.title,
      centered: true,
      children: <Text size="sm">{options.message}</Text>,
      labels: { confirm: options.confirm, cancel: t('opt_out.cancel') },
      confirmProps: { color: options.danger ? 'red' : 'orange', ...(phone && { h: 44 }) },
      cancelProps: phone ? { h: 44 } : {},
      onConfirm: async () => {
        try {
          await options.run();
          notifySuccess(options.done);
        } catch (error) {
          notifyError(error);
        }
        await optOutsChanged(queryClient);
      },
    });

  const markOptOut = (address: string) =>
    confirm({
      title: t('opt_out.mark_title', { address }),
      message: t('opt_out.mark_message'),
      confirm: t('opt_out.mark_confirm'),
      run: () => recordOptOut(address),
      done: t('opt_out.marked', { address }),
    });
  const undoOptOut = (address: string) =>
    confirm({
      title: t('opt_out.undo_title', { address }),
      message: t('opt_out.undo_message'),
      confirm: t('opt_out.undo_confirm'),
      danger: true,
      run: () => removeOptOut(address),
      done: t('opt_out.undone', { address }),
    });

  const badge = (optOut: EmailOptOut) => (
    <Box component="span" onClick={keepClick} style={{ display: 'inline-flex', maxWidth: '100%' }}>
      <Tooltip
        label={describe(optOut)}
        multiline
        maw={280}
        withArrow
        events={{ hover: true, focus: true, touch: true }}
      >
        <Badge
          size="sm"
          color="red"
          variant="light"
          tt="none"
          leftSection={<IconMailOff size={12} aria-hidden />}
          tabIndex={0}
          aria-label={`${t('opt_out.badge')}: ${describe(optOut)}`}
          style={{ flexShrink: 0 }}
        >
          {t('opt_out.badge')}
        </Badge>
      </Tooltip>
    </Box>
  );

  const menu = (address: string, optOut: EmailOptOut | null) => (
    <Box component="span" onClick={keepClick} style={{ display: 'inline-flex', flexShrink: 0 }}>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon
            size={phone ? 44 : 28}
            variant="subtle"
            color="gray"
            aria-label={t('opt_out.menu', { address })}
          >
            <IconDots size={16} aria-hidden />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown maw={320}>
          {optOut ? (
            <>
              <Menu.Label>{describe(optOut)}</Menu.Label>
              <Menu.Item
                leftSection={<IconMailCheck size={16} aria-hidden />}
                onClick={() => undoOptOut(address)}
                mih={phone ? 44 : undefined}
              >
                {t('opt_out.undo')}
              </Menu.Item>
            </>
          ) : (
            <Menu.Item
              leftSection={<IconMailOff size={16} aria-hidden />}
              onClick={() => markOptOut(address)}
              mih={phone ? 44 : undefined}
            >
              {t('opt_out.mark')}
            </Menu.Item>
          )}
        </Menu.Dropdown>
      </Menu>
    </Box>
  );

  // The address may break after the @ rather than anywhere in its middle.
  const link = (address: string) => {
    const at = address.indexOf('@');
    return (
      <Anchor href={`mailto:${address}`} size="sm" style={{ overflowWrap: 'anywhere', minWidth: 0 }}>
        {at > 0 ? (
          <>
            {address.slice(0, at + 1)}
            <wbr />
            {address.slice(at + 1)}
          </>
        ) : (
          address
        )}
      </Anchor>
    );
  };

  return (
    <Stack gap={phone ? 6 : 2}>
      {addresses.map((address) => {
        const optOut = optOuts.of(address);
        const canAct = !readOnly && (optOut ? canUndo : canRecord);
        // A phone's value column is narrow: the address takes the whole line, badge and menu go below it.
        if (phone)
          return (
            <Stack key={address} gap={0}>
              {link(address)}
              {(optOut || canAct) && (
                <Group gap={4} wrap="wrap" align="center">
                  {optOut && badge(optOut)}
                  {canAct && menu(address, optOut)}
                </Group>
              )}
            </Stack>
          );
        return (
          <Group key={address} gap={4} wrap="nowrap" align="center">
            <Group gap={6} wrap="wrap" style={{ flex: 1, minWidth: 0 }}>
              {link(address)}
              {optOut && badge(optOut)}
            </Group>
            {canAct && menu(address, optOut)}
          </Group>
        );
      })}
    </Stack>
  );
}
