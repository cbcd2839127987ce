import { z } from 'zod';

export const LOCALES = ['es', 'ca', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** Text without NUL characters (PostgreSQL refuses them), trimmed, with a stated maximum length. */
export const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !s.includes('\u0000'), { params: { code: 'nul_character' }, message: 'nul_character' })
    .transform((s) => s.trim());

/** Optional text: an empty string becomes null; a missing one stays missing (a PATCH leaves it alone). */
export const optionalText = (max: number) =>
  text(max)
    .nullish()
    .transform((s) => (s === undefined ? undefined : s ? s : null));

export const id = z.uuid();
export const isoDateTime = z.iso.datetime({ offset: true });
export const isoDate = z.iso.date();

/** Labels an admin writes per language: { es, ca, en }. At least one. */
export const Labels = z
  .strictObject({ es: text(200).optional(), ca: text(200).optional(), en: text(200).optional() })
  .refine((l) => Boolean(l.es || l.ca || l.en), {
    params: { code: 'label_required' },
    message: 'label_required',
  });
export type Labels = z.infer<typeof Labels>;

/** Mantine palette colours an admin can give a type or status. */
export const PALETTE_COLORS = [
  'gray',
  'red',
  'pink',
  'grape',
  'violet',
  'indigo',
  'blue',
  'cyan',
  'teal',
  'green',
  'lime',
  'yellow',
  'orange',
] as const;
export type PaletteColor = (typeof PALETTE_COLORS)[number];

export const Version = z.number().int().min(1).max(2_147_483_647);

/** RFC 9457 problem details, with the fields at fault. */
export const FieldError = z.object({
  field: z.string().max(200),
  code: z.string().max(64),
  message: z.string().max(1000),
});
export const Problem = z.object({
  type: z.string().max(200),
  title: z.string().max(500),
  status: z.number().int().min(400).max(599),
  detail: z.string().max(2000).optional(),
  code: z.string().max(64),
  errors: z.array(FieldError).max(500).optional(),
  request_id: z.string().max(100).optional(),
});
export type Problem = z.infer<typeof Problem>;

export const FILTER_OPS = [
  'eq',
  'ne',
  'in',
  'lt',
  'lte',
  'gt',
  'gte',
  'contains',
  'starts',
  'empty',
] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

/** Query string of every list: limit, cursor, sort, q, and filter[field][op]=value (parsed by the server). */
export const ListQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(1000).optional(),
    sort: z.string().max(200).optional(),
    q: text(200).optional(),
    include_deleted: z.enum(['true', 'false']).optional(),
    include_total: z.enum(['true', 'false']).optional(),
  })
  .catchall(z.union([z.string().max(2000), z.array(z.string().max(2000)).max(100)]));

export const listResponse = <T extends z.ZodType>(item: T) =>
  z.object({
    data: z.array(item).max(500),
    next_cursor: z.string().max(1000).nullable(),
    total: z.number().int().min(0).optional(),
  });

export const UserRef = z.object({ id, name: z.string().max(200) }).nullable();
