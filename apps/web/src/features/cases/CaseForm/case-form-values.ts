import type { CaseType, CreateCaseRequest } from '../cases.api';
import { draftsToInput, type LineDraft } from '../line-drafts';

/** What the new-case form edits. Numbers stay exact texts; blank means "not given". */
export interface CaseFormValues {
  type_id: string;
  status_id: string | null;
  title: string;
  entity_id: string | null;
  contact_id: string | null;
  owner_id: string | null;
  team_id: string | null;
  priority: 'low' | 'normal' | 'high' | 'urgent';
  amount: string;
  currency: string;
  /** '' = the status's default probability. */
  probability: string;
  expected_close: string | null;
  referrer_id: string | null;
  description: string;
  custom: Record<string, unknown>;
  lines: LineDraft[];
}

/** Prefilled values the caller may give (the board column, the entity page…). */
export interface CaseFormDefaults {
  type_id?: string;
  status_id?: string;
  entity_id?: string;
  /** The preset entity's name, shown before any search. */
  entity_name?: string;
  contact_id?: string;
}

export function emptyCaseValues(defaults: CaseFormDefaults, me: { id: string }): CaseFormValues {
  return {
    type_id: defaults.type_id ?? '',
    status_id: defaults.status_id ?? null,
    title: '',
    entity_id: defaults.entity_id ?? null,
    contact_id: defaults.contact_id ?? null,
    owner_id: me.id,
    team_id: null,
    priority: 'normal',
    amount: '',
    currency: 'EUR',
    probability: '',
    expected_close: null,
    referrer_id: null,
    description: '',
    custom: {},
    lines: [],
  };
}

/** The create request: lines for a type with lines (the amount is theirs), else the amount. */
export function valuesToCreate(
  values: CaseFormValues,
  type: CaseType | undefined,
  customKeys: string[],
): CreateCaseRequest {
  const custom = Object.fromEntries(
    customKeys.flatMap((key) => {
      const value = values.custom[key];
      return value === undefined || value === null || value === '' ? [] : [[key, value]];
    }),
  );
  return {
    type_id: values.type_id,
    ...(values.status_id ? { status_id: values.status_id } : {}),
    title: values.title.trim(),
    entity_id: values.entity_id ?? '',
    contact_id: values.contact_id,
    owner_id: values.owner_id,
    team_id: values.team_id,
    priority: values.priority,
    currency: values.currency,
    probability: values.probability === '' ? null : Number(values.probability),
    expected_close: values.expected_close,
    referrer_id: values.referrer_id,
    description: values.description,
    ...(Object.keys(custom).length > 0 ? { custom } : {}),
    ...(type?.has_lines
      ? { lines: draftsToInput(values.lines) }
      : { amount: values.amount === '' ? null : values.amount }),
  };
}

/** Server field paths → form paths; line errors (`lines.2.quantity`) go to the lines editor as `2.quantity`. */
export function serverErrorsToCaseForm(errors: { field: string; message: string }[]) {
  const form: Record<string, string> = {};
  const lines: Record<string, string> = {};
  for (const { field, message } of errors) {
    const line = /^lines\.(\d+)\.(.+)$/.exec(field);
    if (line) lines[`${line[1]}.${line[2]}`] = message;
    else form[field] = form[field] ? `${form[field]} · ${message}` : message;
  }
  return { form, lines };
}
