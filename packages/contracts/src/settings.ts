import { z } from 'zod';
import { id, Labels, Version } from './common.ts';

/** The admin's pick lists. `entity_roles` lists the roles an entity can have (customer, supplier, ...). */
export const PICK_LISTS = ['source', 'sector', 'zone', 'entity_roles', 'action_outcomes'] as const;
export type PickListName = (typeof PICK_LISTS)[number];

const optionKey = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, { message: 'invalid_key' });

export const PickListOption = z.object({
  id,
  list: z.enum(PICK_LISTS),
  key: z.string().max(64),
  labels: z.record(z.string().max(8), z.string().max(200)),
  position: z.number().int(),
  active: z.boolean(),
  version: z.number().int(),
});
export type PickListOption = z.infer<typeof PickListOption>;
export const CreatePickListOptionRequest = z.strictObject({
  key: optionKey,
  labels: Labels,
  position: z.number().int().min(0).max(100_000).optional(),
});
export const UpdatePickListOptionRequest = z.strictObject({
  version: Version,
  labels: Labels.optional(),
  position: z.number().int().min(0).max(100_000).optional(),
  active: z.boolean().optional(),
});

/** `action`: a field of one action type (the definition's type_id names it). */
export const FIELD_OBJECTS = ['entity', 'contact', 'action', 'case'] as const;
export type FieldObject = (typeof FIELD_OBJECTS)[number];
export const FIELD_TYPES = [
  'text',
  'long_text',
  'number',
  'money',
  'date',
  'boolean',
  'select',
  'multiselect',
  'email',
  'phone',
  'url',
  'user',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** Extra checks on a value: text length and pattern, number range and decimals. */
export const FieldValidation = z.strictObject({
  min_length: z.number().int().min(0).max(10_000).optional(),
  max_length: z.number().int().min(1).max(10_000).optional(),
  pattern: z.string().max(200).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  decimals: z.number().int().min(0).max(4).optional(),
  currency: z.string().length(3).optional(),
});
export type FieldValidation = z.infer<typeof FieldValidation>;

export const FieldOption = z.strictObject({ key: optionKey, labels: Labels });

export const FieldDefinition = z.object({
  id,
  object: z.enum(FIELD_OBJECTS),
  key: z.string().max(64),
  labels: z.record(z.string().max(8), z.string().max(200)),
  type: z.enum(FIELD_TYPES),
  options: z
    .array(z.object({ key: z.string().max(64), labels: z.record(z.string().max(8), z.string().max(200)) }))
    .max(500),
  required: z.boolean(),
  validation: FieldValidation,
  position: z.number().int(),
  indexed: z.boolean(),
  /** For object `action`: the action type this field belongs to; null for entity and contact fields. */
  type_id: id.nullable(),
  version: z.number().int(),
});
export type FieldDefinition = z.infer<typeof FieldDefinition>;

export const CreateFieldRequest = z.strictObject({
  object: z.enum(FIELD_OBJECTS),
  key: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[a-z][a-z0-9_]*$/, { message: 'invalid_key' }),
  labels: Labels,
  type: z.enum(FIELD_TYPES),
  options: z.array(FieldOption).max(500).optional(),
  required: z.boolean().optional(),
  validation: FieldValidation.optional(),
  position: z.number().int().min(0).max(100_000).optional(),
  indexed: z.boolean().optional(),
  /** Required for object `action` (the action type the field belongs to); not allowed otherwise. */
  type_id: id.nullish(),
});
export const UpdateFieldRequest = z.strictObject({
  version: Version,
  labels: Labels.optional(),
  options: z.array(FieldOption).max(500).optional(),
  required: z.boolean().optional(),
  validation: FieldValidation.optional(),
  position: z.number().int().min(0).max(100_000).optional(),
  indexed: z.boolean().optional(),
});

export const CustomValues = z.record(z.string().max(64), z.unknown());
