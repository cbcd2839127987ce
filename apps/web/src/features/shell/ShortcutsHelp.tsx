import { Group, Kbd, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure, useWindowEvent } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';

const SHORTCUTS: [string[], string][] = [
  [['Ctrl', 'K'], 'shortcuts.search'],
  [['/'], 'shortcuts.focus_search'],
  [['Q'], 'shortcuts.quick_add'],
  [['A'], 'shortcuts.new_action'],
  [['N'], 'shortcuts.new'],
  [['J'], 'shortcuts.down'],
  [['K'], 'shortcuts.up'],
  [['Enter'], 'shortcuts.open'],
  [['E'], 'shortcuts.edit'],
  [['Esc'], 'shortcuts.cancel'],
  [['?'], 'shortcuts.help'],
];

const typing = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));

/** `?` lists the keyboard shortcuts. */
export function ShortcutsHelp() {
  const { t } = useTranslation();
  const [opened, { open, close }] = useDisclosure(false);
  useWindowEvent('keydown', (event) => {
    if (event.key === '?' && !typing(event.target) && !event.ctrlKey && !event.metaKey) open();
  });
  return (
    <Modal opened={opened} onClose={close} title={t('shortcuts.title')}>
      <Stack gap="xs">
        {SHORTCUTS.map(([keys, label]) => (
          <Group key={label} justify="space-between">
            <Text size="sm">{t(label)}</Text>
            <Group gap={4}>
              {keys.map((k) => (
                <Kbd key={k}>{k}</Kbd>
              ))}
            </Group>
          </Group>
        ))}
      </Stack>
    </Modal>
  );
}
