import type { EmailOptOut } from '@trato/contracts/mail';
import type { Database } from '../../db/connection.ts';
import type { EmailOptOutsTable } from '../../db/schema.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { AppError } from '../../platform/errors.ts';
import { type DomainEvent, type Executor, recordEvents } from '../../platform/events.ts';
import { isUuid } from '../../platform/ids.ts';
import { publicUrl } from '../../platform/mail.ts';
import { hasValidTag, signedTag } from '../../platform/secrets.ts';
import { matchAddresses } from '../mailboxes/match-records.ts';

// Who asked for no more commercial mail, per address (migration 0013). A mail sent with a commercial template
// carries a link of its own, /api/v1/unsubscribe/<mail id>.<tag>: the tag is an HMAC of the mail id with the
// secret key, so a link cannot be made up for another mail, and the address is never in the URL. Opting out
// (or back in) is written with an event on every contact and entity that has the address, so their timelines
// say when and how.

const PURPOSE = 'unsubscribe';

export const normaliseAddress = (address: string): string => address.trim().toLowerCase();

/** The link in a commercial mail (and its List-Unsubscribe header). */
export function unsubscribeUrl(emailId: string): string {
  return `${publicUrl()}/api/v1/unsubscribe/${emailId}.${signedTag(PURPOSE, emailId)}`;
}

/** The mail id a link was made for, or null when the token was not made by this installation. */
export function emailIdOfToken(token: string): string | null {
  const [emailId = '', tag = '', ...rest] = token.split('.');
  if (rest.length > 0 || !isUuid(emailId) || !hasValidTag(PURPOSE, emailId, tag)) return null;
  return emailId.toLowerCase();
}

const distinctAddresses = (addresses: readonly string[]) =>
  [...new Set(addresses.map(normaliseAddress))].filter(Boolean);

/** Which of these addresses opted out (lowercased). */
export async function optedOutAmong(db: Executor, addresses: readonly string[]): Promise<Set<string>> {
  const wanted = distinctAddresses(addresses);
  if (wanted.length === 0) return new Set();
  const rows = await db
    .selectFrom('email_opt_outs')
    .select('address')
    .where('address', 'in', wanted)
    .execute();
  return new Set(rows.map((r) => r.address));
}

interface OptOutRow {
  address: string;
  source: EmailOptOutsTable['source'];
  email_id: string | null;
  created_by: string | null;
  created_at: Date;
  creator_name: string | null;
}

const toOptOut = (row: OptOutRow): EmailOptOut => ({
  address: row.address,
  source: row.source,
  email_id: row.email_id,
  created_by: row.created_by ? { id: row.created_by, name: row.creator_name ?? '' } : null,
  created_at: row.created_at.toISOString(),
});

function selectOptOuts(db: Executor) {
  return db
    .selectFrom('email_opt_outs as o')
    .leftJoin('users as u', 'u.id', 'o.created_by')
    .select([
      'o.address',
      'o.source',
      'o.email_id',
      'o.created_by',
      'o.created_at',
      'u.name as creator_name',
    ]);
}

/** The opt-outs among the addresses asked for. */
export async function listOptOuts(db: Executor, addresses: readonly string[]): Promise<EmailOptOut[]> {
  const wanted = distinctAddresses(addresses);
  if (wanted.length === 0) return [];
  const rows = await selectOptOuts(db).where('o.address', 'in', wanted).orderBy('o.address').execute();
  return rows.map(toOptOut);
}

/** Events on every contact and entity holding the address (its timeline shows the opt-out). */
async function eventsFor(
  db: Executor,
  address: string,
  type: 'email_opted_out' | 'email_opted_in',
  actorId: string | null,
  changes: Record<string, unknown>,
): Promise<DomainEvent[]> {
  const holders = await matchAddresses(db, [address]);
  const event = (object: 'contact' | 'entity', objectId: string, entityId: string): DomainEvent => ({
    type: `${object}.${type}`,
    object,
    objectId,
    entityId,
    actorId,
    changes: { address, summary: address, ...changes },
  });
  return [
    ...holders.contacts.map((c) => event('contact', c.id, c.entity_id)),
    ...holders.entities.map((e) => event('entity', e.id, e.id)),
  ];
}

/**
 * Records that the address wants no commercial mail, with events, in the caller's transaction. False when it
 * had already opted out (nothing is written again).
 */
export async function recordOptOut(
  trx: Executor,
  input: {
    address: string;
    source: EmailOptOutsTable['source'];
    emailId: string | null;
    actorId: string | null;
  },
): Promise<boolean> {
  const address = normaliseAddress(input.address);
  const inserted = await trx
    .insertInto('email_opt_outs')
    .values({
      address,
      source: input.source,
      email_id: input.emailId,
      created_by: input.actorId,
      created_at: new Date(),
    })
    .onConflict((oc) => oc.column('address').doNothing())
    .returning('address')
    .executeTakeFirst();
  if (!inserted) return false;
  await recordEvents(
    trx,
    await eventsFor(trx, address, 'email_opted_out', input.actorId, {
      source: input.source,
      email_id: input.emailId,
    }),
  );
  return true;
}

/** PUT /email-opt-outs: a user records an opt-out (the person said so on the phone, by mail...). */
export async function optOutByUser(db: Database, auth: AuthContext, address: string): Promise<EmailOptOut> {
  const normalised = normaliseAddress(address);
  await db
    .transaction()
    .execute((trx) =>
      recordOptOut(trx, { address: normalised, source: 'user', emailId: null, actorId: auth.userId }),
    );
  const [optOut] = await listOptOuts(db, [normalised]);
  if (!optOut) throw new AppError('not_found');
  return optOut;
}

/** DELETE /email-opt-outs/{address}: the person asked to receive commercial mail again. */
export async function optBackIn(db: Database, auth: AuthContext, address: string): Promise<void> {
  const normalised = normaliseAddress(address);
  await db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom('email_opt_outs')
      .where('address', '=', normalised)
      .returning('address')
      .executeTakeFirst();
    if (!removed) throw new AppError('not_found');
    await recordEvents(trx, await eventsFor(trx, normalised, 'email_opted_in', auth.userId, {}));
  });
}

/** The mail a link belongs to: its recipients, language and sender, or null when it is gone. */
export async function mailOfLink(db: Executor, emailId: string) {
  const row = await db
    .selectFrom('emails')
    .select(['id', 'to_recipients', 'language', 'from_name'])
    .where('id', '=', emailId)
    .where('direction', '=', 'out')
    .executeTakeFirst();
  if (!row) return null;
  const to = (row.to_recipients as unknown as { address: string }[]).map((r) => normaliseAddress(r.address));
  return { id: row.id, to, language: row.language, fromName: row.from_name };
}

/** Opts out every "to" address of the mail whose link was used. */
export async function unsubscribeByLink(
  db: Database,
  emailId: string,
  source: 'link' | 'one_click',
): Promise<string[]> {
  const mail = await mailOfLink(db, emailId);
  if (!mail) return [];
  await db.transaction().execute(async (trx) => {
    for (const address of mail.to) await recordOptOut(trx, { address, source, emailId, actorId: null });
  });
  return mail.to;
}
