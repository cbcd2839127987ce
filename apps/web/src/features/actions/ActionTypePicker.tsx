import { Group, Input, Radio, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ActionTypeIcon } from './ActionTypeIcon';
import { useActionTypes } from './actions.api';
import classes from './actions.module.css';

interface Props {
  value: string;
  onChange: (typeId: string) => void;
  error?: string | undefined;
  disabled?: boolean;
}

/** The action types as big icon buttons (radio group): one tap picks "call", "visit"… */
export function ActionTypePicker({ value, onChange, error, disabled }: Props) {
  const { t } = useTranslation('actions');
  const types = useActionTypes();
  const shown = types.all.filter((type) => type.active || type.id === value);
  return (
    <Radio.Group value={value} onChange={onChange} label={t('fields.type')} error={error} required>
      <Group gap={6} mt={4} className={classes.typePicker}>
        {shown.map((type) => (
          <Radio.Card
            key={type.id}
            value={type.id}
            className={classes.typeCard}
            radius="md"
            disabled={disabled}
          >
            <Group gap={6} wrap="nowrap">
              <ActionTypeIcon icon={type.icon} color={type.color} size="sm" />
              <Text size="sm" fw={500}>
                {types.label(type)}
              </Text>
            </Group>
          </Radio.Card>
        ))}
      </Group>
      {shown.length === 0 && <Input.Description>{t('fields.no_types')}</Input.Description>}
    </Radio.Group>
  );
}
