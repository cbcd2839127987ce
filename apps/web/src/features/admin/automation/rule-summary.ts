import type { AutomationRule, RuleField } from '@trato/contracts/automation';
import type { TFunction } from 'i18next';
import type { RuleOptions } from './use-rule-options';

/** A field's name as people read it: built-in ones from the catalogue here, custom ones as the admin wrote. */
export function fieldLabel(t: TFunction, key: string, fields?: readonly RuleField[]): string {
  const custom = fields?.find((f) => f.key === key);
  if (key.startsWith('custom.')) return custom?.label ?? key.slice('custom.'.length);
  if (key.startsWith('entity.'))
    return t('automation:entity_field', {
      field: t(`automation:fields.${key.slice('entity.'.length)}`, { defaultValue: key }),
    });
  return t(`automation:fields.${key}`, { defaultValue: custom?.label ?? key });
}

/** "When a case is created · Opportunity, if 2 conditions hold". */
export function triggerSummary(
  t: TFunction,
  rule: Pick<AutomationRule, 'trigger' | 'conditions'>,
  options: RuleOptions,
): string {
  const { trigger } = rule;
  const config = trigger.config as Record<string, unknown>;
  const object = t(`automation:object_a.${trigger.object}`);
  let text: string;
  switch (trigger.type) {
    case 'record_changed': {
      const fields = (config.fields as string[] | undefined) ?? [];
      text = fields.length
        ? t('automation:summary.record_changed_fields', {
            object,
            fields: fields.map((f) => fieldLabel(t, f)).join(', '),
          })
        : t('automation:summary.record_changed', { object });
      break;
    }
    case 'status_changed': {
      const to = (config.to_status_ids as string[] | undefined) ?? [];
      text = to.length
        ? t('automation:summary.status_changed_to', { statuses: to.map(options.statusName).join(', ') })
        : t('automation:summary.status_changed');
      break;
    }
    case 'days_before_close':
      text = t('automation:summary.days_before_close', { count: Number(config.days ?? 0) });
      break;
    case 'days_without_activity':
      text = t('automation:summary.days_without_activity', { count: Number(config.days ?? 0), object });
      break;
    case 'sla_due_soon':
      text = t('automation:summary.sla_due_soon', { count: Number(config.hours ?? 0) });
      break;
    default:
      text = t(`automation:summary.${trigger.type}`, { object });
  }
  const filters: string[] = [];
  if (typeof config.case_type_id === 'string') filters.push(options.caseTypeName(config.case_type_id));
  if (typeof config.action_type_id === 'string') filters.push(options.actionTypeName(config.action_type_id));
  if (typeof config.account_id === 'string') filters.push(options.accountName(config.account_id));
  if (filters.length) text = `${text} · ${filters.join(' · ')}`;
  if (rule.conditions.length)
    text = `${text}, ${t('automation:summary.conditions', { count: rule.conditions.length })}`;
  return text;
}
