import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCompany, createTestApp, createUser, type TestContext, type TestUser } from '../../test/builders.ts';
import { type Dovecot, dovecotMissing, startDovecot } from '../../test/dovecot.ts';
import { closedPort, startSilentServer, startTestSmtp, type TestSmtp } from '../emails/test-smtp-server.ts';
import { testMailAccount } from './mail-transport.ts';

// Mail accounts: who may manage which, what is checked, passwords encrypted and never answered, and the "test
// connection" button against real servers on loopback (smtp-server, dovecot).

let ctx: TestContext;
let admin: TestUser;
let agent: TestUser;
let otherAgent: TestUser;
let smtp: TestSmtp;
let dovecot: Dovecot | null = null;

beforeAll(async () => {
  ctx = await createTestApp();
  admin = await createUser(ctx, { role: 'admin' });
  agent = await createUser(ctx, { role: 'agent', name: 'Laia Vidal' });
  otherAgent = await createUser(ctx, { role: 'agent' });
  smtp = await startTestSmtp({ user: 'ventas', password: 'smtp-secret-1' });
  if (!dovecotMissing()) {
    dovecot = await startDovecot();
    await dovecot.addUser('soporte', 'imap-secret-1');
  }
});

afterAll(async () => {
  await smtp.close();
  await dovecot?.stop();
  await ctx.close();
});

const post = (user: TestUser, url: string, payload?: object) =>
  ctx.app.inject({ method: 'POST', url, headers: user.headers, ...(payload !== undefined && { payload }) });
const patch = (user: TestUser, url: string, payload: object) =>
  ctx.app.inject({ method: 'PATCH', url, headers: user.headers, payload });
const get = (user: TestUser, url: string) => ctx.app.inject({ method: 'GET', url, headers: user.headers });

let addressCount = 0;
const sharedAccount = (overrides: Record<string, unknown> = {}) => ({
  kind: 'shared',
  name: 'Ventas',
  address: `ventas${++addressCount}@example.com`,
  display_name: 'Ventas Garrotxa',
  smtp_host: '127.0.0.1',
  smtp_port: smtp.port,
  smtp_security: 'none',
  smtp_user: 'ventas',
  smtp_password: 'smtp-secret-1',
  send_enabled: true,
  ...overrides,
});

describe('mail accounts', () => {
  it('stores passwords encrypted and never answers them', async () => {
    const res = await post(admin, '/api/v1/mail-accounts', sharedAccount());
    expect(res.statusCode).toBe(201);
    const account = res.json();
    expect(account).toMatchObject({
      kind: 'shared',
      smtp_password_set: true,
      imap_password_set: false,
      user: null,
    });
    expect(JSON.stringify(account)).not.toContain('smtp-secret-1');
    const row = await ctx.db
      .selectFrom('mail_accounts')
      .select('smtp_password')
      .where('id', '=', account.id)
      .executeTakeFirstOrThrow();
    expect(row.smtp_password).toMatch(/^v1:/);
    expect(row.smtp_password).not.toContain('smtp-secret-1');
    // The event log never holds it either.
    const events = await ctx.db
      .selectFrom('events')
      .select('changes')
      .where('object_id', '=', account.id)
      .execute();
    expect(JSON.stringify(events)).not.toContain('smtp-secret-1');
    expect(events[0]?.changes).toMatchObject({ smtp_password_changed: true });
  });

  it('keeps a password left out of a change and clears it with null', async () => {
    const created = (await post(admin, '/api/v1/mail-accounts', sharedAccount())).json();
    const renamed = await patch(admin, `/api/v1/mail-accounts/${created.id}`, {
      version: 1,
      name: 'Ventas norte',
    });
    expect(renamed.json()).toMatchObject({ name: 'Ventas norte', smtp_password_set: true, version: 2 });
    const cleared = await patch(admin, `/api/v1/mail-accounts/${created.id}`, {
      version: 2,
      smtp_password: null,
    });
    expect(cleared.json()).toMatchObject({ smtp_password_set: false });
    const stale = await patch(admin, `/api/v1/mail-accounts/${created.id}`, { version: 1, name: 'x' });
    expect(stale.statusCode).toBe(409);
  });

  it('requires the server settings of each side that is switched on', async () => {
    const res = await post(admin, '/api/v1/mail-accounts', {
      kind: 'shared',
      name: 'Soporte',
      address: 'soporte@example.com',
      send_enabled: true,
      receive_enabled: true,
      imap_host: 'imap.example.com',
    });
    expect(res.statusCode).toBe(422);
    const fields = res.json().errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`);
    expect(fields).toEqual(
      expect.arrayContaining([
        'smtp_host:required',
        'smtp_port:required',
        'imap_port:required',
        'imap_user:required',
        'imap_password:required',
      ]),
    );
    expect(fields).not.toContain('imap_host:required');
  });

  it('refuses an address already in use (409) and a case type that does not exist (422)', async () => {
    const first = sharedAccount();
    expect((await post(admin, '/api/v1/mail-accounts', first)).statusCode).toBe(201);
    const again = await post(admin, '/api/v1/mail-accounts', {
      ...sharedAccount(),
      address: first.address.toUpperCase(),
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().errors[0]).toMatchObject({ field: 'address', code: 'address_taken' });
    const caseType = await post(
      admin,
      '/api/v1/mail-accounts',
      sharedAccount({ open_case_type_id: '01900000-0000-7000-8000-000000000000' }),
    );
    expect(caseType.statusCode).toBe(422);
    expect(caseType.json().errors[0]).toMatchObject({
      field: 'open_case_type_id',
      code: 'unknown_case_type',
    });
  });

  it('keeps one default sender: choosing another unsets the first', async () => {
    const a = (await post(admin, '/api/v1/mail-accounts', sharedAccount({ is_default: true }))).json();
    const b = (await post(admin, '/api/v1/mail-accounts', sharedAccount({ is_default: true }))).json();
    expect(b.is_default).toBe(true);
    expect((await get(admin, `/api/v1/mail-accounts/${a.id}`)).json()).toMatchObject({
      is_default: false,
      version: 2,
    });
    const personal = await post(admin, '/api/v1/mail-accounts', {
      ...sharedAccount(),
      kind: 'personal',
      user_id: agent.id,
      is_default: true,
    });
    expect(personal.statusCode).toBe(422);
    expect(personal.json().errors[0]).toMatchObject({ field: 'is_default', code: 'default_must_be_shared' });
  });

  it('lets a user manage their own personal account, not shared ones nor anyone else’s', async () => {
    const shared = await post(agent, '/api/v1/mail-accounts', sharedAccount());
    expect(shared.statusCode).toBe(403);
    const mine = await post(agent, '/api/v1/mail-accounts', {
      ...sharedAccount({ display_name: '' }),
      kind: 'personal',
    });
    expect(mine.statusCode).toBe(201);
    expect(mine.json().user).toEqual({ id: agent.id, name: 'Laia Vidal' });
    const forSomeoneElse = await post(agent, '/api/v1/mail-accounts', {
      ...sharedAccount(),
      kind: 'personal',
      user_id: otherAgent.id,
    });
    expect(forSomeoneElse.statusCode).toBe(422);
    expect(forSomeoneElse.json().errors[0]).toMatchObject({ field: 'user_id', code: 'not_own_account' });

    expect((await get(otherAgent, `/api/v1/mail-accounts/${mine.json().id}`)).statusCode).toBe(404);
    expect(
      (await patch(otherAgent, `/api/v1/mail-accounts/${mine.json().id}`, { version: 1, name: 'x' }))
        .statusCode,
    ).toBe(404);
    const listed = (await get(otherAgent, '/api/v1/mail-accounts')).json().data;
    expect(listed.some((a: { id: string }) => a.id === mine.json().id)).toBe(false);
    expect(listed.every((a: { kind: string }) => a.kind === 'shared')).toBe(true);
    const own = (await get(agent, '/api/v1/mail-accounts')).json().data;
    expect(own.some((a: { id: string }) => a.id === mine.json().id)).toBe(true);
    // An admin sees every account, personal ones included.
    const all = (await get(admin, '/api/v1/mail-accounts')).json().data;
    expect(all.some((a: { id: string }) => a.id === mine.json().id)).toBe(true);
  });

  it('soft-deletes an account: gone from the list, its address free again', async () => {
    const created = (await post(admin, '/api/v1/mail-accounts', sharedAccount())).json();
    const res = await ctx.app.inject({
      method: 'DELETE',
      url: `/api/v1/mail-accounts/${created.id}`,
      headers: admin.headers,
    });
    expect(res.statusCode).toBe(204);
    expect((await get(admin, `/api/v1/mail-accounts/${created.id}`)).statusCode).toBe(404);
    expect(
      (await post(admin, '/api/v1/mail-accounts', { ...sharedAccount(), address: created.address }))
        .statusCode,
    ).toBe(201);
  });
});

describe('test connection', () => {
  it("reports the SMTP server's answer when it accepts the login", async () => {
    const account = (await post(admin, '/api/v1/mail-accounts', sharedAccount())).json();
    const res = await post(admin, `/api/v1/mail-accounts/${account.id}/test`);
    expect(res.statusCode).toBe(200);
    const result = res.json();
    expect(result.imap).toBeNull();
    expect(result.smtp.ok).toBe(true);
    expect(result.smtp.message).toMatch(/^220 /);
    expect(result.smtp.message).toMatch(/235/);
  });

  it('reports a refused login with the 535 the server said', async () => {
    const account = (
      await post(admin, '/api/v1/mail-accounts', sharedAccount({ smtp_password: 'wrong' }))
    ).json();
    const result = (await post(admin, `/api/v1/mail-accounts/${account.id}/test`)).json();
    expect(result.smtp.ok).toBe(false);
    expect(result.smtp.message).toMatch(/EAUTH/);
    expect(result.smtp.message).toMatch(/535/);
  });

  it('reports a refused connection (ECONNREFUSED)', async () => {
    const account = (
      await post(admin, '/api/v1/mail-accounts', sharedAccount({ smtp_port: await closedPort() }))
    ).json();
    const result = (await post(admin, `/api/v1/mail-accounts/${account.id}/test`)).json();
    expect(result.smtp).toMatchObject({ ok: false });
    expect(result.smtp.message).toMatch(/ECONNREFUSED/);
  });

  it('gives up on a server that accepts the connection and never greets', async () => {
    const silent = await startSilentServer();
    try {
      const account = (
        await post(admin, '/api/v1/mail-accounts', sharedAccount({ smtp_port: silent.port }))
      ).json();
      const adminAuth = await authOf(admin);
      const result = await testMailAccount(ctx.db, adminAuth, account.id, { timeoutMs: 300 });
      expect(result.smtp?.ok).toBe(false);
      expect(result.smtp?.message).toMatch(/ETIMEDOUT|timeout/i);
    } finally {
      await silent.close();
    }
  });

  it('says the password must be entered again when it cannot be decrypted (another key)', async () => {
    const account = (await post(admin, '/api/v1/mail-accounts', sharedAccount())).json();
    // Ciphertext made with some other key: authentication of the GCM tag fails.
    await ctx.db
      .updateTable('mail_accounts')
      .set({ smtp_password: 'v1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' })
      .where('id', '=', account.id)
      .execute();
    const res = await post(admin, `/api/v1/mail-accounts/${account.id}/test`);
    expect(res.statusCode).toBe(200);
    expect(res.json().smtp).toMatchObject({ ok: false });
    expect(res.json().smtp.message).toMatch(/cannot be decrypted.*password again/);
  });

  it.skipIf(dovecotMissing() !== null)('signs in to a real IMAP server and reports the folder', async () => {
    const imap = dovecot as Dovecot;
    await imap.append(
      'soporte',
      'From: a@example.com\r\nTo: soporte@example.com\r\nSubject: Hola\r\n\r\nHola\r\n',
    );
    const good = (
      await post(admin, '/api/v1/mail-accounts', {
        kind: 'shared',
        name: 'Soporte',
        address: 'soporte-imap@example.com',
        imap_host: imap.host,
        imap_port: imap.port,
        imap_security: 'none',
        imap_user: 'soporte',
        imap_password: 'imap-secret-1',
        receive_enabled: true,
      })
    ).json();
    const ok = (await post(admin, `/api/v1/mail-accounts/${good.id}/test`)).json();
    expect(ok.smtp).toBeNull();
    expect(ok.imap.ok).toBe(true);
    expect(ok.imap.message).toMatch(/INBOX 1 messages/);

    await patch(admin, `/api/v1/mail-accounts/${good.id}`, { version: 1, imap_password: 'nope-nope' });
    const bad = (await post(admin, `/api/v1/mail-accounts/${good.id}/test`)).json();
    expect(bad.imap.ok).toBe(false);
    expect(bad.imap.message).toMatch(/auth/i);
  });
});

/** The caller's auth context, as the routes build it. */
async function authOf(user: TestUser) {
  const { authenticate } = await import('../../platform/auth.ts');
  const token = decodeURIComponent(user.cookie.split('=')[1] ?? '');
  const auth = await authenticate(ctx.db, { sessionToken: token });
  if (!auth) throw new Error('not signed in');
  return auth;
}

describe('senders', () => {
  type Sender = { id: string; kind: string; address: string; is_default: boolean };
  const senders = async (user: TestUser) => {
    const res = await get(user, '/api/v1/mail-accounts/senders');
    expect(res.statusCode).toBe(200);
    return res.json() as { data: Sender[]; default_account_id: string | null; default_from: object };
  };

  it('offers the active shared senders and the caller’s own personal account, not another user’s', async () => {
    const seller = await createUser(ctx, { role: 'agent', name: 'Pau Serra' });
    const colleague = await createUser(ctx, { role: 'agent' });
    const ventas = (await post(admin, '/api/v1/mail-accounts', sharedAccount({ is_default: true }))).json();
    const soporte = (await post(admin, '/api/v1/mail-accounts', sharedAccount({ name: 'Soporte' }))).json();
    const off = (await post(admin, '/api/v1/mail-accounts', sharedAccount({ active: false }))).json();
    const receiveOnly = (
      await post(admin, '/api/v1/mail-accounts', sharedAccount({ send_enabled: false }))
    ).json();
    const own = (
      await post(seller, '/api/v1/mail-accounts', {
        ...sharedAccount({ display_name: '' }),
        kind: 'personal',
      })
    ).json();
    const theirs = (
      await post(colleague, '/api/v1/mail-accounts', { ...sharedAccount(), kind: 'personal' })
    ).json();
    const ownSilent = (
      await post(seller, '/api/v1/mail-accounts', {
        ...sharedAccount(),
        kind: 'personal',
        send_enabled: false,
      })
    ).json();

    const mine = await senders(seller);
    const ids = mine.data.map((s) => s.id);
    expect(ids).toEqual(expect.arrayContaining([ventas.id, soporte.id, own.id]));
    for (const hidden of [off.id, receiveOnly.id, theirs.id, ownSilent.id]) expect(ids).not.toContain(hidden);
    // Their own account comes first, and it is what their mail goes out through unless they choose another.
    expect(mine.data[0]).toEqual({
      id: own.id,
      name: 'Ventas',
      address: own.address,
      display_name: '',
      kind: 'personal',
      is_default: false,
    });
    expect(mine.default_account_id).toBe(own.id);
    expect(mine.default_from).toEqual({ name: 'Pau Serra', address: own.address });
    expect(mine.data.find((s) => s.id === ventas.id)).toMatchObject({ kind: 'shared', is_default: true });

    // Without a personal account of one's own, the company sender is the default.
    const bystander = await createUser(ctx, { role: 'agent' });
    const theirsNot = await senders(bystander);
    expect(theirsNot.default_account_id).toBe(ventas.id);
    expect(theirsNot.default_from).toEqual({ name: 'Ventas Garrotxa', address: ventas.address });
    expect(theirsNot.data.every((s) => s.kind === 'shared')).toBe(true);
    expect(theirsNot.data.map((s) => s.id)).not.toContain(theirs.id);
  });

  it('refuses to send from another user’s personal account (422 on account_id), accepts a shared one', async () => {
    const seller = await createUser(ctx, { role: 'agent' });
    const colleague = await createUser(ctx, { role: 'agent' });
    const theirs = (
      await post(colleague, '/api/v1/mail-accounts', { ...sharedAccount(), kind: 'personal' })
    ).json();
    const shared = (await post(admin, '/api/v1/mail-accounts', sharedAccount({ name: 'Comercial' }))).json();
    const entity = (
      await post(seller, '/api/v1/entities', aCompany({ emails: ['info@cliente.example.com'] }))
    ).json();
    const mail = { entity_id: entity.id, subject: 'Presupuesto', text_body: 'Adjunto el presupuesto.' };
    const refused = await post(seller, '/api/v1/emails', { ...mail, account_id: theirs.id });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0]).toMatchObject({ field: 'account_id', code: 'unknown_account' });
    const accepted = await post(seller, '/api/v1/emails', { ...mail, account_id: shared.id });
    expect(accepted.statusCode).toBe(202);
    expect(accepted.json()).toMatchObject({
      account_id: shared.id,
      from: { address: shared.address, name: 'Ventas Garrotxa' },
    });
  });
});
