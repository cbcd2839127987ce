import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCompany, createTestApp, createUser, type TestContext, type TestUser } from '../../test/builders.ts';

// Every must_accept / must_reject row of the shared corpus, through the API an integrator would use.
const csv = readFileSync(
  new URL('../../../../../../shared/testdata/email/email_acceptance_tiers.csv', import.meta.url),
  'utf8',
);
const rows = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true }).data;
// The corpus contradicts itself on display names: "MyName <me@example.org>" is must_accept in pev-9/pev-10
// and must_reject in pev-109..113. An email field holds an address, not a display name: we reject both.
const DISPLAY_NAME_ROWS = new Set(['pev-9', 'pev-10']);
const accept = rows.filter((r) => r.tier === 'must_accept' && !DISPLAY_NAME_ROWS.has(r.case_id ?? ''));
const reject = rows.filter((r) => r.tier === 'must_reject');

let ctx: TestContext;
let admin: TestUser;
let entity: { id: string; version: number; emails: string[] };

beforeAll(async () => {
  ctx = await createTestApp();
  admin = await createUser(ctx, { role: 'admin' });
  entity = (
    await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/entities',
      payload: aCompany(),
      headers: admin.headers,
    })
  ).json();
});
afterAll(async () => ctx.close());

describe('email fields follow RFC 5321/3696 and the shared corpus', () => {
  it('has the corpus rows', () => {
    expect(accept.length).toBeGreaterThan(40);
    expect(reject.length).toBeGreaterThan(300);
  });

  it('accepts every must_accept address', async () => {
    const refused: string[] = [];
    for (const row of accept) {
      const address = JSON.parse(row.address_json ?? '""') as string;
      const res = await ctx.app.inject({
        method: 'PATCH',
        url: `/api/v1/entities/${entity.id}`,
        payload: { version: entity.version, emails: [address] },
        headers: admin.headers,
      });
      if (res.statusCode === 200) entity = res.json();
      else
        refused.push(
          `${row.case_id} ${JSON.stringify(address)} → ${res.statusCode} ${res.body.slice(0, 120)}`,
        );
    }
    expect(refused).toEqual([]);
  });

  it('rejects every must_reject address with a 4xx naming the field, and writes nothing', async () => {
    const before = entity;
    const accepted: string[] = [];
    for (const row of reject) {
      const address = JSON.parse(row.address_json ?? '""') as string;
      const res = await ctx.app.inject({
        method: 'PATCH',
        url: `/api/v1/entities/${entity.id}`,
        payload: { version: entity.version, emails: [address] },
        headers: admin.headers,
      });
      const field = res.statusCode === 422 ? res.json().errors?.[0]?.field : null;
      if (res.statusCode < 400 || res.statusCode >= 500 || !String(field).startsWith('emails')) {
        accepted.push(`${row.case_id} ${JSON.stringify(address)} → ${res.statusCode} ${field}`);
      }
    }
    expect(accepted).toEqual([]);
    const after = (
      await ctx.app.inject({ method: 'GET', url: `/api/v1/entities/${entity.id}`, headers: admin.headers })
    ).json();
    expect(after.version).toBe(before.version);
    expect(after.emails).toEqual(before.emails);
  });
});
