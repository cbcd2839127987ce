import { z } from 'zod';
import { Permissions } from './auth.ts';
import { id, isoDateTime, Labels, LOCALES, text, Version } from './common.ts';
import { emailSchema } from './validation/email.ts';

export const User = z.object({
  id,
  email: z.string().max(254),
  name: z.string().max(200),
  role_id: id,
  locale: z.enum(LOCALES).nullable(),
  time_zone: z.string().max(64),
  active: z.boolean(),
  team_ids: z.array(id).max(100),
  last_login_at: isoDateTime.nullable(),
  version: z.number().int(),
  created_at: isoDateTime,
});
export type User = z.infer<typeof User>;

export const CreateUserRequest = z.strictObject({
  email: emailSchema,
  name: text(200).pipe(z.string().min(1)),
  password: z.string().min(10).max(200),
  role_id: id,
  locale: z.enum(LOCALES).nullable().optional(),
  time_zone: text(64).optional(),
  team_ids: z.array(id).max(100).optional(),
});
export const UpdateUserRequest = z.strictObject({
  version: Version,
  email: emailSchema.optional(),
  name: text(200).pipe(z.string().min(1)).optional(),
  password: z.string().min(10).max(200).optional(),
  role_id: id.optional(),
  locale: z.enum(LOCALES).nullable().optional(),
  time_zone: text(64).optional(),
  active: z.boolean().optional(),
  team_ids: z.array(id).max(100).optional(),
});

export const Team = z.object({
  id,
  name: z.string().max(200),
  member_ids: z.array(id).max(1000),
  version: z.number().int(),
});
export const CreateTeamRequest = z.strictObject({
  name: text(200).pipe(z.string().min(1)),
  member_ids: z.array(id).max(1000).optional(),
});
export const UpdateTeamRequest = CreateTeamRequest.partial().extend({ version: Version });

export const Role = z.object({
  id,
  key: z.string().max(64),
  labels: z.record(z.string().max(8), z.string().max(200)),
  permissions: Permissions,
  system: z.boolean(),
  version: z.number().int(),
});
export type Role = z.infer<typeof Role>;
export const CreateRoleRequest = z.strictObject({
  key: z
    .string()
    .min(2)
    .max(64)
    .regex(/^[a-z][a-z0-9_]*$/, { message: 'invalid_key' }),
  labels: Labels,
  permissions: Permissions,
});
export const UpdateRoleRequest = z.strictObject({
  version: Version,
  labels: Labels.optional(),
  permissions: Permissions.optional(),
});
