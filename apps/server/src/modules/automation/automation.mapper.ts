import type { AutomationRule, AutomationRun, RunOutcome } from '@trato/contracts/automation';
import type { Selectable } from 'kysely';
import type { AutomationRunsTable } from '../../db/schema.ts';
import { toCachedRule } from './engine.ts';

export interface RuleRow {
  id: string;
  name: string;
  description: string;
  trigger_type: string;
  object: string;
  trigger_config: unknown;
  conditions: unknown;
  actions: unknown;
  active: boolean;
  runs_total: number;
  last_run_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  created_by: string | null;
  author_name: string | null;
}

export function toRule(row: RuleRow): AutomationRule {
  const rule = toCachedRule(row);
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    trigger: rule.trigger,
    conditions: rule.conditions,
    actions: rule.actions,
    active: row.active,
    runs_total: row.runs_total,
    last_run_at: row.last_run_at?.toISOString() ?? null,
    version: row.version,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    created_by: row.created_by ? { id: row.created_by, name: row.author_name ?? '' } : null,
  };
}

export function toRun(
  row: Selectable<AutomationRunsTable>,
  label: { label: string; entityId: string | null } | undefined,
): AutomationRun {
  return {
    id: row.id,
    rule_id: row.rule_id,
    event_id: row.event_id,
    trigger_key: row.trigger_key,
    object: row.object as AutomationRun['object'],
    object_id: row.object_id,
    object_label: label?.label ?? null,
    entity_id: label?.entityId ?? null,
    status: row.status,
    // A skipped run keeps why in `error` ('loop', 'conditions').
    reason: row.status === 'skipped' ? row.error : null,
    outcome: (row.outcome ?? []) as RunOutcome[],
    error: row.status === 'failed' ? row.error : null,
    depth: row.depth,
    started_at: row.started_at.toISOString(),
    finished_at: row.finished_at.toISOString(),
  };
}
