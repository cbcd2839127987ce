import {
  Anchor,
  Button,
  Group,
  Loader,
  Paper,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconArrowLeft } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notifySuccess } from '../../../ui/notify';
import { usePageTitle } from '../../../ui/use-page-title';
import { applyServerErrors, type FormProblem, FormProblemAlert, NO_PROBLEM } from '../server-errors';
import { AdminEmpty, classes } from '../ui';
import { ActionsSection } from './ActionsSection';
import {
  type AutomationRule,
  createRule,
  invalidateRules,
  ruleFieldsQuery,
  ruleQuery,
  type SavedAutomationRule,
  updateRule,
} from './automation.api';
import { ConditionsSection } from './ConditionsSection';
import { RuleRunList } from './RuleRuns';
import { RuleTestPanel } from './RuleTestPanel';
import { bodyOf, type RuleValues, valuesOf } from './rule-form';
import { TriggerSection } from './TriggerSection';
import { useRuleOptions } from './use-rule-options';
import { WebhookSecretsModal } from './WebhookSecretsModal';

/** One block of the builder: "Cuando…", "Si…", "Entonces…". */
function Block({ title, hint, children }: { title: string; hint: string; children: ReactNode }) {
  return (
    <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }} component="section" aria-label={title}>
      <Stack gap="sm">
        <div>
          <Title order={2} size="h4">
            {title}
          </Title>
          <Text size="sm" c="dimmed">
            {hint}
          </Text>
        </div>
        {children}
      </Stack>
    </Paper>
  );
}

/** The rule builder page: /admin/automation/new or /admin/automation/<id>. */
export function RuleEditorPage({ ruleId }: { ruleId: string }) {
  const { t } = useTranslation('automation');
  const creating = ruleId === 'new';
  const query = useQuery({ ...ruleQuery(ruleId), enabled: !creating });
  if (!creating && query.isPending) return <Loader aria-label={t('editor.loading')} />;
  if (!creating && !query.data)
    return (
      <AdminEmpty
        icon={<IconArrowLeft size={32} />}
        title={t('editor.not_found')}
        description=""
        action={<BackLink />}
      />
    );
  return <RuleEditor key={query.data?.version ?? 'new'} rule={query.data} />;
}

function BackLink() {
  const { t } = useTranslation('automation');
  return (
    <Anchor component={Link} to="/admin/automation" size="sm">
      <Group gap={4}>
        <IconArrowLeft size={16} aria-hidden />
        {t('back')}
      </Group>
    </Anchor>
  );
}

function RuleEditor({ rule }: { rule: AutomationRule | undefined }) {
  const { t } = useTranslation('automation');
  usePageTitle(rule?.name ?? t('editor.new_title'));
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const options = useRuleOptions();
  const [problem, setProblem] = useState<FormProblem>(NO_PROBLEM);
  const [busy, setBusy] = useState(false);
  const [secrets, setSecrets] = useState<SavedAutomationRule['webhook_secrets']>([]);
  const [saved, setSaved] = useState<SavedAutomationRule>();
  const form = useForm<RuleValues>({
    initialValues: valuesOf(rule),
    validate: {
      name: (value) => (value.trim() ? null : t('editor.name_required')),
      actions: (value) => (value.length ? null : t('editor.actions_required')),
    },
  });
  const { trigger } = form.values;
  const typeId =
    trigger.object === 'case'
      ? trigger.config.case_type_id
      : trigger.object === 'action'
        ? trigger.config.action_type_id
        : null;
  const fields =
    useQuery(ruleFieldsQuery(trigger.object, typeof typeId === 'string' ? typeId : null)).data ?? [];

  const afterSave = (result: SavedAutomationRule) => {
    void invalidateRules(queryClient);
    notifySuccess(t(rule ? 'editor.saved' : 'editor.created'));
    if (result.webhook_secrets.length > 0) {
      setSaved(result);
      setSecrets(result.webhook_secrets);
    } else void navigate({ to: '/admin/automation' });
  };
  const submit = form.onSubmit(async (values) => {
    setBusy(true);
    setProblem(NO_PROBLEM);
    try {
      const body = bodyOf(values);
      afterSave(
        rule ? await updateRule(rule.id, { ...body, version: rule.version }) : await createRule(body),
      );
    } catch (error) {
      setProblem(applyServerErrors(form, error));
    } finally {
      setBusy(false);
    }
  });

  return (
    <Stack gap="md" className={classes.touch}>
      <BackLink />
      <Title order={2} size="h3">
        {rule?.name ?? t('editor.new_title')}
      </Title>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <FormProblemAlert
            problem={problem}
            onReload={() => void queryClient.invalidateQueries({ queryKey: ['automation'] })}
          />
          <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }}>
            <Stack gap="sm">
              <TextInput
                label={t('name')}
                placeholder={t('editor.name_placeholder')}
                required
                {...form.getInputProps('name')}
              />
              <Textarea
                label={t('editor.description')}
                placeholder={t('editor.description_placeholder')}
                autosize
                minRows={1}
                maxRows={4}
                {...form.getInputProps('description')}
              />
              <Switch
                label={t('active')}
                description={t('editor.active_hint')}
                {...form.getInputProps('active', { type: 'checkbox' })}
              />
            </Stack>
          </Paper>
          <Block title={t('editor.when')} hint={t('editor.when_hint')}>
            <TriggerSection form={form} fields={fields} options={options} />
          </Block>
          <Block title={t('editor.if')} hint={t('editor.if_hint')}>
            <ConditionsSection form={form} fields={fields} options={options} />
          </Block>
          <Block title={t('editor.then')} hint={t('editor.then_hint')}>
            <ActionsSection form={form} fields={fields} options={options} />
            {typeof form.errors.actions === 'string' && (
              <Text size="sm" c="red.8" role="alert">
                {form.errors.actions}
              </Text>
            )}
          </Block>
          <Group justify="flex-end">
            <Button component={Link} to="/admin/automation" variant="default">
              {t('admin:cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {rule ? t('editor.save') : t('editor.create')}
            </Button>
          </Group>
        </Stack>
      </form>
      {rule && (
        <>
          <Block title={t('editor.test')} hint="">
            <RuleTestPanel ruleId={rule.id} object={rule.trigger.object} />
          </Block>
          <Block title={t('run.title')} hint="">
            <RuleRunList ruleId={rule.id} />
          </Block>
        </>
      )}
      <WebhookSecretsModal
        secrets={secrets}
        onClose={() => {
          setSecrets([]);
          if (saved && !rule)
            void navigate({ to: '/admin/automation/$ruleId', params: { ruleId: saved.id } });
        }}
      />
    </Stack>
  );
}
