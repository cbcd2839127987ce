import { z } from 'zod';
import { id, isoDateTime, LOCALES, text } from './common.ts';

export const PERMISSION_OBJECTS = ['entities', 'contacts', 'actions', 'cases'] as const;
export type PermissionObject = (typeof PERMISSION_OBJECTS)[number];
export const PERMISSION_ACTIONS = ['read', 'create', 'edit', 'delete', 'export'] as const;
export type PermissionAction = (typeof PERMISSION_ACTIONS)[number];
export const SCOPES = ['own', 'team', 'all'] as const;
export type Scope = (typeof SCOPES)[number];

/** What a role may do on each object, and on which records (own, its teams' or all), plus admin configuration. */
export const ObjectPermission = z.strictObject({
  actions: z.array(z.enum(PERMISSION_ACTIONS)).max(PERMISSION_ACTIONS.length),
  scope: z.enum(SCOPES),
});
export const Permissions = z.strictObject({
  objects: z.strictObject({
    entities: ObjectPermission,
    contacts: ObjectPermission,
    /** Optional on input so clients written before actions existed still work: no rights on actions. */
    actions: ObjectPermission.default({ actions: [], scope: 'own' }),
    /** Optional on input likewise: no rights on cases. */
    cases: ObjectPermission.default({ actions: [], scope: 'own' }),
  }),
  configure: z.boolean(),
});
export type Permissions = z.infer<typeof Permissions>;

export const LoginRequest = z.strictObject({
  email: z.string().max(254),
  password: z.string().max(1000),
});

export const Me = z.object({
  id,
  email: z.string().max(254),
  name: z.string().max(200),
  locale: z.enum(LOCALES).nullable(),
  time_zone: z.string().max(64),
  role: z.object({ id, key: z.string().max(64), permissions: Permissions }),
  teams: z.array(z.object({ id, name: z.string().max(200) })).max(100),
  /** Send it back in the X-CSRF-Token header on every write made with the session cookie. */
  csrf_token: z.string().max(100),
});
export type Me = z.infer<typeof Me>;

export const UpdateMeRequest = z.strictObject({
  name: text(200).pipe(z.string().min(1)).optional(),
  locale: z.enum(LOCALES).nullable().optional(),
  time_zone: text(64).optional(),
});

export const ChangePasswordRequest = z.strictObject({
  current_password: z.string().max(1000),
  new_password: z.string().min(10).max(200),
});

export const ApiKey = z.object({
  id,
  name: z.string().max(200),
  prefix: z.string().max(20),
  created_at: isoDateTime,
  last_used_at: isoDateTime.nullable(),
  expires_at: isoDateTime.nullable(),
  revoked_at: isoDateTime.nullable(),
});
export const CreateApiKeyRequest = z.strictObject({
  name: text(200).pipe(z.string().min(1)),
  expires_at: isoDateTime.nullable().optional(),
});
/** The key itself is shown once, in this response; Trato keeps only its hash. */
export const CreatedApiKey = ApiKey.extend({ key: z.string().max(200) });
