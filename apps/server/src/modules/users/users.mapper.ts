import type { Locale } from '@trato/contracts/common';
import type { User } from '@trato/contracts/users';

/** A user as the repository reads it: never the password hash. */
export type UserRecord = {
  id: string;
  email: string;
  name: string;
  role_id: string;
  locale: string | null;
  time_zone: string;
  active: boolean;
  last_login_at: Date | null;
  version: number;
  created_at: Date;
  team_ids: string[];
};

export function toUser(row: UserRecord): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role_id: row.role_id,
    locale: row.locale as Locale | null,
    time_zone: row.time_zone,
    active: row.active,
    team_ids: row.team_ids,
    last_login_at: row.last_login_at?.toISOString() ?? null,
    version: row.version,
    created_at: row.created_at.toISOString(),
  };
}
