import type { ReactNode } from 'react';
import i18n from '../../i18n';
import type { CreateMailAccountBody, MailAccount, UpdateMailAccountBody } from './mail-accounts.api';

export type Security = MailAccount['smtp_security'];

/** A password input's state: the stored one kept (nothing sent), a new one typed, or the stored one removed. */
export interface PasswordValue {
  typed: string;
  clear: boolean;
}

export interface MailAccountValues {
  name: string;
  address: string;
  display_name: string;
  kind: MailAccount['kind'];
  user_id: string | null;
  active: boolean;
  is_default: boolean;
  send_enabled: boolean;
  smtp_host: string;
  smtp_port: number | string;
  smtp_security: Security;
  smtp_user: string;
  smtp_password: PasswordValue;
  receive_enabled: boolean;
  imap_host: string;
  imap_port: number | string;
  imap_security: Security;
  imap_user: string;
  imap_password: PasswordValue;
  imap_folder: string;
  unknown_sender: MailAccount['unknown_sender'];
  open_case_type_id: string | null;
}

/** The port each security mode usually listens on. */
export const DEFAULT_PORTS = {
  smtp: { tls: 465, starttls: 587, none: 25 },
  imap: { tls: 993, starttls: 143, none: 143 },
} as const satisfies Record<'smtp' | 'imap', Record<Security, number>>;

const noPassword = (): PasswordValue => ({ typed: '', clear: false });

export const valuesOf = (account: MailAccount | undefined): MailAccountValues => ({
  name: account?.name ?? '',
  address: account?.address ?? '',
  display_name: account?.display_name ?? '',
  kind: account?.kind ?? 'shared',
  user_id: account?.user?.id ?? null,
  active: account?.active ?? true,
  is_default: account?.is_default ?? false,
  send_enabled: account?.send_enabled ?? true,
  smtp_host: account?.smtp_host ?? '',
  smtp_port: account?.smtp_port ?? DEFAULT_PORTS.smtp.starttls,
  smtp_security: account?.smtp_security ?? 'starttls',
  smtp_user: account?.smtp_user ?? '',
  smtp_password: noPassword(),
  receive_enabled: account?.receive_enabled ?? false,
  imap_host: account?.imap_host ?? '',
  imap_port: account?.imap_port ?? DEFAULT_PORTS.imap.tls,
  imap_security: account?.imap_security ?? 'tls',
  imap_user: account?.imap_user ?? '',
  imap_password: noPassword(),
  imap_folder: account?.imap_folder ?? 'INBOX',
  unknown_sender: account?.unknown_sender ?? 'ignore',
  open_case_type_id: account?.open_case_type_id ?? null,
});

const HOST = /^[a-z0-9.-]+$/i;
const ADDRESS = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const portOk = (port: number | string) => typeof port === 'number' && port >= 1 && port <= 65535;

/** What the browser can tell before asking the server: the server has the last word on each field. */
export function validate(v: MailAccountValues): Record<string, ReactNode> {
  const t = (key: string) => i18n.t(`mail-accounts:validation.${key}`);
  const errors: Record<string, ReactNode> = {};
  if (!v.name.trim()) errors.name = t('name_required');
  if (!ADDRESS.test(v.address.trim())) errors.address = t('address_invalid');
  if (v.kind === 'personal' && !v.user_id) errors.user_id = t('user_required');
  for (const side of ['smtp', 'imap'] as const) {
    const enabled = side === 'smtp' ? v.send_enabled : v.receive_enabled;
    const host = v[`${side}_host`].trim();
    if (host && !HOST.test(host)) errors[`${side}_host`] = t('host_invalid');
    else if (enabled && !host) errors[`${side}_host`] = t('host_required');
    if ((enabled || host) && !portOk(v[`${side}_port`])) errors[`${side}_port`] = t('port_invalid');
  }
  if (v.receive_enabled && !v.imap_folder.trim()) errors.imap_folder = t('folder_required');
  return errors;
}

const orNull = (value: string) => value.trim() || null;
const port = (value: number | string) => (typeof value === 'number' ? value : null);

/** The password as the API takes it: left out to keep the stored one, null to remove it. */
function password(value: PasswordValue): { password?: string | null } {
  if (value.typed) return { password: value.typed };
  if (value.clear) return { password: null };
  return {};
}

function withPassword(side: 'smtp' | 'imap', value: PasswordValue) {
  const p = password(value);
  return 'password' in p ? { [`${side}_password`]: p.password } : {};
}

export function bodyOf(v: MailAccountValues): CreateMailAccountBody {
  return {
    name: v.name.trim(),
    address: v.address.trim(),
    display_name: v.display_name.trim(),
    kind: v.kind,
    user_id: v.kind === 'personal' ? v.user_id : null,
    active: v.active,
    is_default: v.is_default,
    send_enabled: v.send_enabled,
    smtp_host: orNull(v.smtp_host),
    smtp_port: port(v.smtp_port),
    smtp_security: v.smtp_security,
    smtp_user: orNull(v.smtp_user),
    ...withPassword('smtp', v.smtp_password),
    receive_enabled: v.receive_enabled,
    imap_host: orNull(v.imap_host),
    imap_port: port(v.imap_port),
    imap_security: v.imap_security,
    imap_user: orNull(v.imap_user),
    ...withPassword('imap', v.imap_password),
    imap_folder: v.imap_folder.trim() || 'INBOX',
    unknown_sender: v.unknown_sender,
    open_case_type_id: v.open_case_type_id,
  };
}

/** An edit: the kind of an account is fixed once it exists (the API takes no kind on update). */
export function updateBodyOf(v: MailAccountValues, version: number): UpdateMailAccountBody {
  const { kind: _kind, user_id: _user, ...rest } = bodyOf(v);
  return { version, ...rest };
}
