import type { CaseCategory, CaseKind } from '@trato/contracts/cases';
import type { PaletteColor } from '@trato/contracts/common';
import i18n from '../../../i18n';
import { emptyLabels, LANGS, type Lang } from '../ui';
import type { CaseType, CreateCaseTypeBody } from './case-types.api';
import { type SlaValues, slaValuesOf } from './SlaTargets';

export interface CaseTypeValues {
  key: string;
  labels: Record<Lang, string>;
  kind: CaseKind;
  prefix: string;
  has_lines: boolean;
  color: PaletteColor;
  active: boolean;
  sla: SlaValues;
  /** Only when creating: 'basic' (a minimal pipeline) or the id of a type whose statuses are copied. */
  start_from: string;
}

export const caseTypeValuesOf = (type: CaseType | undefined): CaseTypeValues => ({
  key: type?.key ?? '',
  labels: { ...emptyLabels(), ...(type?.labels ?? {}) },
  kind: type?.kind ?? 'sale',
  prefix: type?.prefix ?? '',
  has_lines: type?.has_lines ?? false,
  color: type?.color ?? 'blue',
  active: type?.active ?? true,
  sla: slaValuesOf(type?.sla),
  start_from: 'basic',
});

/** `PRJ` from "Proyecto": the letters of the label, uppercase, up to 3 (the admin can change it). */
export const prefixFromLabel = (label: string) =>
  label
    .normalize('NFD')
    .replace(/[^A-Za-z0-9]/g, '')
    .toUpperCase()
    .slice(0, 3);

export const PREFIX_PATTERN = /^[A-Z0-9]{1,10}$/;

type StarterStatus = CreateCaseTypeBody['statuses'][number];

/** Labels of one starter status in every language (whatever the admin's own language is). */
const labelsOf = (status: string) =>
  Object.fromEntries(
    LANGS.map((lang) => [lang, i18n.getFixedT(lang, 'admin')(`caseTypes.starter.${status}`)]),
  ) as Record<Lang, string>;

const starter = (
  key: string,
  category: CaseCategory,
  probability: number,
  color: PaletteColor,
): StarterStatus => ({ key, labels: labelsOf(key), category, probability, color });

/** The pipeline a new type starts with when nothing is copied; the admin edits it afterwards. */
export function basicPipeline(kind: CaseKind): StarterStatus[] {
  return kind === 'sale'
    ? [
        starter('new', 'open', 10, 'gray'),
        starter('won', 'won', 100, 'green'),
        starter('lost', 'lost', 0, 'red'),
      ]
    : [
        starter('new', 'open', 0, 'gray'),
        starter('in_progress', 'open', 0, 'blue'),
        starter('resolved', 'closed', 0, 'green'),
      ];
}

/** The live statuses of another type, copied as the new type's pipeline. */
export const copiedPipeline = (type: CaseType): StarterStatus[] =>
  type.statuses
    .filter((s) => !s.retired)
    .sort((a, b) => a.position - b.position)
    .map((s) => ({
      key: s.key,
      labels: s.labels,
      category: s.category,
      probability: s.probability,
      color: s.color,
      next_action: s.next_action,
      next_action_type_id: s.next_action_type_id,
    }));
