import {
  Alert,
  Button,
  Checkbox,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { errorMessage } from '../../ui/notify';
import { useMe } from '../auth/auth.api';
import { CustomFieldInput } from '../fields/CustomFieldInput';
import { usePickLists } from '../pick-lists/pick-lists.api';
import { ActionLinkFields } from './ActionLinkFields';
import { ActionTypePicker } from './ActionTypePicker';
import { ActionWhenFields } from './ActionWhenFields';
import {
  type ActionFormValues,
  actionToValues,
  emptyActionValues,
  FORM_PATHS,
  serverErrorsToActionForm,
  valuesToCreate,
  valuesToUpdate,
} from './action-form-values';
import { addMinutes } from './action-time';
import {
  type Action,
  actionsChanged,
  type CreateActionRequest,
  createAction,
  updateAction,
  useActionFields,
  useActionTypes,
} from './actions.api';

interface Props {
  action?: Action | undefined;
  defaults?: Partial<CreateActionRequest> | undefined;
  /** A closed action the admin does not let anyone edit: every input disabled, no save. */
  readOnly: boolean;
  onSaved: (action: Action) => void;
  onCancel: () => void;
  /** Buttons at the start of the footer (mark done, cancel the action…). */
  footerStart?: ReactNode;
}

/** Create or edit an action: type, subject, when, links, assignee, attendees, the type's own fields. */
export function ActionForm({ action, defaults = {}, readOnly, onSaved, onCancel, footerStart }: Props) {
  const { t } = useTranslation('actions');
  const me = useMe();
  const queryClient = useQueryClient();
  const types = useActionTypes();
  const pick = usePickLists();
  const zone = me.time_zone;
  const [formError, setFormError] = useState<string | null>(null);
  const [initial] = useState<ActionFormValues>(() =>
    action
      ? actionToValues(action, zone)
      : emptyActionValues(defaults, types.byId(defaults.type_id) ?? types.active[0], me, zone),
  );
  const form = useForm<ActionFormValues>({
    initialValues: initial,
    validate: {
      type_id: (v) => (v ? null : t('translation:errors.required')),
      subject: (v) => (v.trim() ? null : t('translation:errors.required')),
      date: (v) => (v ? null : t('translation:errors.required')),
      assignee_user_id: (v, values) => (v || values.assignee_team_id ? null : t('errors.assignee_required')),
    },
  });
  const v = form.values;
  const type = types.byId(v.type_id);
  // Opened before the types arrived: start with the first one once they do.
  const firstType = types.active[0];
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the types first arrive
  useEffect(() => {
    if (!form.values.type_id && firstType) form.setFieldValue('type_id', firstType.id);
  }, [firstType?.id]);
  const customFields = useActionFields(v.type_id);
  const isDone = action ? action.status === 'done' : v.done;

  const pickType = (typeId: string) => {
    const next = types.byId(typeId);
    // The subject still says the previous type's name (or nothing): follow the new type.
    if (!v.subject.trim() || v.subject === types.label(type))
      form.setFieldValue('subject', types.label(next));
    if (next?.timed && v.start_time)
      form.setFieldValue('end_time', addMinutes(v.start_time, next.default_duration_minutes || 30).time);
    form.setFieldValue('type_id', typeId);
  };

  const formRef = useRef<HTMLFormElement>(null);
  const focusFirstError = () =>
    requestAnimationFrame(() =>
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
    );

  const submit = form.onSubmit(async (values) => {
    setFormError(null);
    const keys = customFields.map((f) => f.key);
    try {
      const saved = action
        ? await updateAction(action.id, valuesToUpdate(values, initial, action, type, keys, zone))
        : await createAction(valuesToCreate(values, type, keys, zone));
      actionsChanged(queryClient, saved);
      onSaved(saved);
    } catch (error) {
      if (isApiError(error) && error.errors.length > 0) {
        const errors = serverErrorsToActionForm(error.errors);
        form.setErrors(errors);
        const placed = Object.keys(errors).every((k) => FORM_PATHS.has(k) || k.startsWith('custom.'));
        if (placed) focusFirstError();
      }
      setFormError(errorMessage(error));
    }
  }, focusFirstError);

  return (
    <form ref={formRef} onSubmit={submit} noValidate>
      <Stack gap="md">
        <ActionTypePicker
          value={v.type_id}
          onChange={pickType}
          error={form.errors.type_id as string | undefined}
          disabled={readOnly}
        />
        <TextInput
          label={t('fields.subject')}
          required
          disabled={readOnly}
          maxLength={300}
          data-autofocus
          {...form.getInputProps('subject')}
        />
        <ActionWhenFields form={form} type={type} disabled={readOnly} />
        <ActionLinkFields
          form={form}
          action={action}
          initialEntityId={initial.entity_id}
          readOnly={readOnly}
        />
        <TextInput label={t('fields.location')} disabled={readOnly} {...form.getInputProps('location')} />
        <Textarea
          label={t('fields.notes')}
          autosize
          minRows={2}
          maxRows={10}
          disabled={readOnly}
          {...form.getInputProps('notes')}
        />
        {type?.timed !== false && (
          <TagsInput
            label={t('fields.attendees')}
            description={t('fields.attendees_hint')}
            splitChars={[',', ' ', ';']}
            clearable
            disabled={readOnly}
            {...form.getInputProps('attendees')}
          />
        )}
        {customFields.length > 0 && (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {customFields.map((field) => (
              <CustomFieldInput
                key={field.id}
                field={field}
                value={v.custom[field.key]}
                error={form.errors[`custom.${field.key}`] as string | undefined}
                onChange={(value) => form.setFieldValue(`custom.${field.key}`, value)}
              />
            ))}
          </SimpleGrid>
        )}
        <Switch
          label={t('fields.private')}
          description={t('fields.private_hint')}
          disabled={readOnly}
          {...form.getInputProps('private', { type: 'checkbox' })}
        />
        {!action && (
          <Checkbox label={t('fields.already_done')} {...form.getInputProps('done', { type: 'checkbox' })} />
        )}
        {isDone && (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label={t('fields.outcome')}
              data={pick.options('action_outcomes', v.outcome)}
              clearable
              disabled={readOnly}
              {...form.getInputProps('outcome')}
            />
            <Textarea
              label={t('fields.outcome_notes')}
              autosize
              minRows={1}
              disabled={readOnly}
              {...form.getInputProps('outcome_notes')}
            />
          </SimpleGrid>
        )}
        {formError && (
          <Alert color="red" role="alert">
            {formError}
          </Alert>
        )}
        <Group justify="space-between" gap="sm">
          <Group gap="xs">{footerStart}</Group>
          <Group gap="sm" ml="auto">
            <Button variant="default" onClick={onCancel}>
              {readOnly ? t('translation:common.close') : t('translation:common.cancel')}
            </Button>
            {!readOnly && (
              <Button type="submit" loading={form.submitting}>
                {action ? t('translation:common.save') : t('form.create')}
              </Button>
            )}
          </Group>
        </Group>
      </Stack>
    </form>
  );
}
