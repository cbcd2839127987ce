import type { Team as TeamSchema } from '@trato/contracts/users';
import type { z } from 'zod';

// The contract exports the Team schema but no Team type (unlike User and Role).
export type Team = z.infer<typeof TeamSchema>;

export type TeamRecord = {
  id: string;
  name: string;
  version: number;
  member_ids: string[];
};

export function toTeam(row: TeamRecord): Team {
  return { id: row.id, name: row.name, member_ids: row.member_ids, version: row.version };
}
