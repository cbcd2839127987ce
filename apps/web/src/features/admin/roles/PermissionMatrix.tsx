import { Checkbox, Fieldset, Select, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import {
  PERMISSION_ACTIONS,
  PERMISSION_OBJECTS,
  type PermissionAction,
  type PermissionObject,
  type Permissions,
  SCOPES,
} from '@trato/contracts/auth';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { usePhone } from '../../../ui/use-phone';
import { classes } from '../ui';

interface WithPermissions {
  permissions: Permissions;
}

/**
 * What a role may do: rows are objects (entities, contacts), columns are actions, plus on which records
 * (own, team, all). A table on a desktop; one group per object on a phone.
 */
export function PermissionMatrix<V extends WithPermissions>({ form }: { form: UseFormReturnType<V> }) {
  const { t } = useTranslation('admin');
  const phone = usePhone();
  const values = form.getValues().permissions;
  const errors = form.errors as Record<string, ReactNode>;
  const scopeData = SCOPES.map((scope) => ({ value: scope, label: t(`roles.scope.${scope}`) }));

  const has = (object: PermissionObject, action: PermissionAction) =>
    values.objects[object].actions.includes(action);
  const toggle = (object: PermissionObject, action: PermissionAction, on: boolean) => {
    const current = values.objects[object].actions;
    const next = on
      ? PERMISSION_ACTIONS.filter((a) => a === action || current.includes(a))
      : current.filter((a) => a !== action);
    form.setFieldValue(`permissions.objects.${object}.actions` as never, next as never);
    form.clearFieldError(`permissions.objects.${object}.actions`);
  };
  const scopeProps = (object: PermissionObject) => form.getInputProps(`permissions.objects.${object}.scope`);
  const rowError = (object: PermissionObject) =>
    errors[`permissions.objects.${object}.actions`] ?? errors[`permissions.objects.${object}`];

  const help = (
    <Text size="xs" c="dimmed" id="scope-help">
      {t('roles.scope_help')}
    </Text>
  );

  if (phone)
    return (
      <Stack gap="sm">
        {PERMISSION_OBJECTS.map((object) => (
          <Fieldset key={object} legend={t(`roles.objects.${object}`)} p="sm">
            <SimpleGrid cols={2} spacing={0}>
              {PERMISSION_ACTIONS.map((action) => (
                <Checkbox
                  key={action}
                  label={t(`roles.actions.${action}`)}
                  checked={has(object, action)}
                  onChange={(e) => toggle(object, action, e.currentTarget.checked)}
                />
              ))}
            </SimpleGrid>
            {rowError(object) && (
              <Text size="sm" c="red" role="alert">
                {rowError(object)}
              </Text>
            )}
            <Select
              label={t('roles.scope_label')}
              data={scopeData}
              allowDeselect={false}
              aria-describedby="scope-help"
              mt="xs"
              {...scopeProps(object)}
            />
          </Fieldset>
        ))}
        {help}
      </Stack>
    );

  return (
    <Stack gap={4}>
      <Table.ScrollContainer minWidth={640} type="native">
        <Table className={classes.matrix} withTableBorder verticalSpacing={4}>
          <Table.Caption style={{ captionSide: 'top', textAlign: 'left' }}>
            {t('roles.matrix_caption')}
          </Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('roles.object')}</Table.Th>
              {PERMISSION_ACTIONS.map((action) => (
                <Table.Th key={action} scope="col">
                  {t(`roles.actions.${action}`)}
                </Table.Th>
              ))}
              <Table.Th scope="col" style={{ minWidth: 150 }}>
                {t('roles.scope_label')}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {PERMISSION_OBJECTS.map((object) => (
              <Table.Tr key={object}>
                <Table.Th scope="row">
                  {t(`roles.objects.${object}`)}
                  {rowError(object) && (
                    <Text size="xs" c="red" role="alert" fw={400}>
                      {rowError(object)}
                    </Text>
                  )}
                </Table.Th>
                {PERMISSION_ACTIONS.map((action) => (
                  <Table.Td key={action}>
                    {/* biome-ignore lint/a11y/noLabelWithoutControl: the Checkbox inside is the control */}
                    <label className={classes.tapCell}>
                      <Checkbox
                        aria-label={t('roles.action_on', {
                          action: t(`roles.actions.${action}`),
                          object: t(`roles.objects.${object}`),
                        })}
                        checked={has(object, action)}
                        onChange={(e) => toggle(object, action, e.currentTarget.checked)}
                      />
                    </label>
                  </Table.Td>
                ))}
                <Table.Td>
                  <Select
                    aria-label={t('roles.scope_of', { object: t(`roles.objects.${object}`) })}
                    aria-describedby="scope-help"
                    data={scopeData}
                    allowDeselect={false}
                    {...scopeProps(object)}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {help}
    </Stack>
  );
}
