import type { Database } from '../db/connection.ts';

export async function loadDemoData(
  _db: Database,
): Promise<{ entities: number; contacts: number; users: number } | null> {
  return null;
}
