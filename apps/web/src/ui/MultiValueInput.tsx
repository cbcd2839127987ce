import { ActionIcon, Button, Fieldset, Group, Stack, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

interface Props {
  legend: string;
  /** Accessible name of one item, e.g. "Email 2". */
  itemLabel: (index: number) => string;
  values: string[];
  errors: Record<string, unknown>;
  /** The form path of the list, e.g. `emails`: item errors arrive as `emails.1`. */
  path: string;
  type?: 'email' | 'tel' | 'text';
  onChange: (values: string[]) => void;
}

/** Several values of one kind (emails, phones): one input each, add and remove. */
export function MultiValueInput({ legend, itemLabel, values, errors, path, type = 'text', onChange }: Props) {
  const { t } = useTranslation();
  const rows = values.length > 0 ? values : [''];
  const set = (index: number, value: string) => onChange(rows.map((v, i) => (i === index ? value : v)));
  const listError = errors[path];
  return (
    <Fieldset
      legend={legend}
      variant="unstyled"
      styles={{ legend: { fontSize: 'var(--mantine-font-size-sm)', fontWeight: 500, marginBottom: 4 } }}
    >
      <Stack gap="xs">
        {rows.map((value, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the position is the item's identity (errors use it)
          <Group key={index} gap="xs" wrap="nowrap" align="flex-start">
            <TextInput
              aria-label={itemLabel(index)}
              type={type}
              inputMode={type === 'tel' ? 'tel' : type === 'email' ? 'email' : undefined}
              autoComplete="off"
              value={value}
              error={
                (errors[`${path}.${index}`] as string | undefined) ??
                (index === 0 ? (listError as string) : undefined)
              }
              onChange={(e) => set(index, e.currentTarget.value)}
              style={{ flex: 1 }}
            />
            {rows.length > 1 && (
              <ActionIcon
                variant="subtle"
                color="gray"
                size={36}
                aria-label={t('common.remove_item', { item: itemLabel(index) })}
                onClick={() => onChange(rows.filter((_, i) => i !== index))}
              >
                <IconTrash size={16} />
              </ActionIcon>
            )}
          </Group>
        ))}
        <Button
          variant="subtle"
          size="compact-sm"
          leftSection={<IconPlus size={14} />}
          onClick={() => onChange([...rows, ''])}
          w="fit-content"
        >
          {t('common.add_another')}
        </Button>
      </Stack>
    </Fieldset>
  );
}
