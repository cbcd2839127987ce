import {
  Button,
  Divider,
  Group,
  MultiSelect,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notifySuccess } from '../../../ui/notify';
import { type SequenceData, sequencesQuery, useActionTypes } from '../../actions/actions.api';
import { usePickLists } from '../../pick-lists/pick-lists.api';
import { useUsers } from '../../users/users.api';
import { teamsQuery } from '../admin.api';
import {
  applyServerErrors,
  type FormProblem,
  FormProblemAlert,
  focusFirstError,
  NO_PROBLEM,
} from '../server-errors';
import { AdminModal } from '../ui';
import { SequenceStepCard } from './SequenceStepCard';
import { newStep, type SequenceValues, stepBody, TIME_OF_DAY, valuesOf } from './sequence-form';
import { createSequence, updateSequence } from './sequences.api';

interface Props {
  sequence: SequenceData | undefined;
  opened: boolean;
  onClose: () => void;
}

export function SequenceFormModal({ sequence, opened, onClose }: Props) {
  const { t } = useTranslation('admin');
  return (
    <AdminModal
      opened={opened}
      onClose={onClose}
      size="xl"
      title={sequence ? t('sequences.edit_title', { name: sequence.name }) : t('sequences.new')}
    >
      <SequenceForm sequence={sequence} onDone={onClose} />
    </AdminModal>
  );
}

function SequenceForm({
  sequence: initial,
  onDone,
}: {
  sequence: SequenceData | undefined;
  onDone: () => void;
}) {
  const { t } = useTranslation('admin');
  const queryClient = useQueryClient();
  const types = useActionTypes();
  const users = useUsers();
  const teams = useQuery(teamsQuery);
  const pickLists = usePickLists();
  const [base, setBase] = useState(initial);
  const [problem, setProblem] = useState<FormProblem>(NO_PROBLEM);
  const [busy, setBusy] = useState(false);
  const listRef = useRef<HTMLDivElement>(null);
  const firstType = types.active[0]?.id ?? null;

  const form = useForm<SequenceValues>({
    initialValues: valuesOf(initial, firstType),
    validate: (values) => {
      const errors: Record<string, ReactNode> = {};
      if (!values.name.trim()) errors.name = t('validation.required');
      values.steps.forEach((step, i) => {
        const at = (field: string) => `steps.${i}.${field}`;
        if (!step.type_id) errors[at('type_id')] = t('validation.required');
        if (!step.subject.trim()) errors[at('subject')] = t('validation.required');
        if (step.offset_days === '' || Number(step.offset_days) > 365)
          errors[at('offset_days')] = t('sequences.offset_range');
        if (step.time_of_day && !TIME_OF_DAY.test(step.time_of_day.slice(0, 5)))
          errors[at('time_of_day')] = t('sequences.time_invalid');
        if (step.assignee_rule === 'user' && !step.assignee_user_id)
          errors[at('assignee_user_id')] = t('validation.required');
        if (step.assignee_rule === 'team' && !step.assignee_team_id)
          errors[at('assignee_team_id')] = t('validation.required');
      });
      return errors;
    },
  });
  const steps = form.getValues().steps;

  // The types may arrive after the form opened: a new step without a type takes the first one then.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the types arrive
  useEffect(() => {
    if (!firstType) return;
    form.getValues().steps.forEach((step, i) => {
      if (!step.type_id) form.setFieldValue(`steps.${i}.type_id`, firstType);
    });
  }, [firstType]);

  const typeOptions = useMemo(
    () =>
      types.all
        .filter((type) => type.active || steps.some((s) => s.type_id === type.id))
        .map((type) => ({ value: type.id, label: types.label(type) })),
    [types, steps],
  );
  const userOptions = users.options();
  const teamOptions = (teams.data?.data ?? []).map((team) => ({ value: team.id, label: team.name }));
  const outcomeOptions = pickLists.options('action_outcomes', form.getValues().goal_outcomes);

  const focusStep = (index: number) =>
    requestAnimationFrame(() =>
      listRef.current
        ?.querySelector<HTMLElement>(`[data-step="${index + 1}"] input:not([disabled])`)
        ?.focus(),
    );
  const addStep = () => {
    const current = form.getValues().steps;
    form.insertListItem('steps', newStep(current, current.at(-1)?.type_id ?? firstType));
    focusStep(current.length);
  };
  const move = (index: number, direction: -1 | 1) => {
    form.reorderListItem('steps', { from: index, to: index + direction });
    form.clearErrors();
  };
  const remove = (index: number) => {
    const removed = form.getValues().steps[index];
    form.removeListItem('steps', index);
    // A step that pointed at the removed one goes back to "the next in the list".
    form.getValues().steps.forEach((step, i) => {
      if (removed && step.next_key === removed.key) form.setFieldValue(`steps.${i}.next_key`, null);
    });
    form.clearErrors();
    focusStep(Math.max(0, index - 1));
  };

  const reload = async () => {
    setProblem(NO_PROBLEM);
    const fresh = (await queryClient.fetchQuery({ ...sequencesQuery, staleTime: 0 })).data.find(
      (x) => x.id === base?.id,
    );
    if (!fresh) return onDone();
    setBase(fresh);
    form.setValues(valuesOf(fresh, firstType));
    form.clearErrors();
  };

  const submit = async (values: SequenceValues) => {
    setBusy(true);
    setProblem(NO_PROBLEM);
    const body = {
      name: values.name.trim(),
      description: values.description.trim() || null,
      goal_outcomes: values.goal_outcomes,
      steps: values.steps.map((step) => stepBody(step, types.byId(step.type_id)?.timed ?? true)),
    };
    try {
      if (base) {
        await updateSequence(base.id, { version: base.version, ...body, active: values.active });
        notifySuccess(t('sequences.saved', { name: body.name }));
      } else {
        await createSequence(body);
        notifySuccess(t('sequences.created', { name: body.name }));
      }
      await queryClient.invalidateQueries({ queryKey: sequencesQuery.queryKey });
      onDone();
    } catch (error) {
      setProblem(applyServerErrors(form, error));
    } finally {
      setBusy(false);
    }
  };

  const stepsError = form.errors.steps;

  return (
    <form onSubmit={form.onSubmit(submit, (errors) => focusFirstError(form, errors))} noValidate>
      <Stack gap="md">
        <FormProblemAlert problem={problem} onReload={reload} />
        <TextInput
          label={t('sequences.name')}
          required
          maxLength={200}
          data-autofocus
          {...form.getInputProps('name')}
        />
        <Textarea
          label={t('sequences.description_label')}
          autosize
          minRows={2}
          maxRows={6}
          maxLength={5000}
          {...form.getInputProps('description')}
        />
        <MultiSelect
          label={t('sequences.goal_outcomes')}
          description={t('sequences.goal_outcomes_hint')}
          data={outcomeOptions}
          clearable
          hidePickedOptions
          {...form.getInputProps('goal_outcomes')}
        />
        {base && (
          <Switch
            label={t('sequences.active')}
            description={t('sequences.active_hint')}
            {...form.getInputProps('active', { type: 'checkbox' })}
          />
        )}
        <Divider />
        <div>
          <Title order={3} size="h4" id="sequence-steps">
            {t('sequences.steps')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('sequences.steps_hint')}
          </Text>
        </div>
        <Stack
          component="ol"
          gap="sm"
          ref={listRef}
          aria-labelledby="sequence-steps"
          style={{ listStyle: 'none', padding: 0, margin: 0 }}
        >
          {steps.map((step, index) => (
            <SequenceStepCard
              key={step.uid}
              form={form}
              index={index}
              count={steps.length}
              typeOptions={typeOptions}
              typeOf={(id) => types.byId(id)}
              userOptions={userOptions}
              teamOptions={teamOptions}
              onMove={move}
              onRemove={remove}
            />
          ))}
        </Stack>
        {stepsError && (
          <Text size="sm" c="red" role="alert">
            {stepsError}
          </Text>
        )}
        <Group>
          <Button
            variant="light"
            leftSection={<IconPlus size={16} aria-hidden />}
            onClick={addStep}
            disabled={steps.length >= 50}
          >
            {t('sequences.add_step')}
          </Button>
        </Group>
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onDone}>
            {t('cancel')}
          </Button>
          <Button type="submit" loading={busy}>
            {base ? t('save') : t('sequences.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
