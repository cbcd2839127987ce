import {
  Badge,
  Button,
  Code,
  Group,
  Popover,
  ScrollArea,
  Stack,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { IconBraces, IconSearch } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { localLabel } from '../../../ui/labels';
import { mergeFieldsQuery } from './email-templates.api';
import classes from './email-templates.module.css';

const normalize = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/** "Insertar campo": the merge fields by object, searchable; picking one inserts its Liquid at the cursor. */
export function InsertFieldButton({
  target,
  onInsert,
}: {
  /** The input the field goes into (the last one focused), as people read it. */
  target: string;
  onInsert: (snippet: string) => void;
}) {
  const { t, i18n } = useTranslation('email-templates');
  const label = (labels: Record<string, string>) => localLabel(labels, i18n.language, '');
  const [opened, setOpened] = useState(false);
  const [search, setSearch] = useState('');
  const catalogue = useQuery({ ...mergeFieldsQuery(), enabled: opened });
  const q = normalize(search.trim());
  const groups = (catalogue.data?.objects ?? [])
    .map((group) => ({
      ...group,
      fields: group.fields.filter(
        (f) => !q || normalize(label(f.labels)).includes(q) || f.path.toLowerCase().includes(q),
      ),
    }))
    .filter((group) => group.fields.length > 0);

  return (
    <Popover
      opened={opened}
      onChange={setOpened}
      position="bottom-end"
      width={340}
      shadow="md"
      withinPortal
      trapFocus
      returnFocus={false}
    >
      <Popover.Target>
        <Button
          variant="light"
          size="compact-sm"
          leftSection={<IconBraces size={16} aria-hidden />}
          onClick={() => setOpened((o) => !o)}
          aria-expanded={opened}
          // Keep the caret where it is in the field being edited.
          onMouseDown={(event) => event.preventDefault()}
        >
          {t('insert.button')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown p="xs">
        <Stack gap="xs">
          <TextInput
            size="sm"
            placeholder={t('insert.search')}
            aria-label={t('insert.search')}
            leftSection={<IconSearch size={14} aria-hidden />}
            value={search}
            onChange={(event) => setSearch(event.currentTarget.value)}
            data-autofocus
          />
          <Text size="xs" c="dimmed">
            {t('insert.target', { part: target })}
          </Text>
          <ScrollArea.Autosize mah={340} type="auto" offsetScrollbars>
            {groups.length === 0 && catalogue.isSuccess && (
              <Text size="sm" c="dimmed" py="xs">
                {t('insert.nothing')}
              </Text>
            )}
            <Stack gap={6}>
              {groups.map((group) => (
                <fieldset key={group.key} className={classes.fieldGroup}>
                  <legend className={classes.fieldLegend}>{label(group.labels)}</legend>
                  {group.fields.map((field) => (
                    <UnstyledButton
                      key={field.path}
                      className={classes.fieldOption}
                      onClick={() => {
                        onInsert(field.snippet);
                        setOpened(false);
                        setSearch('');
                      }}
                    >
                      <Group justify="space-between" wrap="nowrap" gap="xs">
                        <Text size="sm" truncate>
                          {label(field.labels)}
                        </Text>
                        {field.custom && (
                          <Badge size="xs" variant="light" color="gray" tt="none">
                            {t('insert.custom')}
                          </Badge>
                        )}
                      </Group>
                      <Code fz="xs" bg="transparent" p={0} c="dimmed">
                        {field.snippet}
                      </Code>
                    </UnstyledButton>
                  ))}
                </fieldset>
              ))}
            </Stack>
          </ScrollArea.Autosize>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
