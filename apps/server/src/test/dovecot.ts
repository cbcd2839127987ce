import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';

// A throwaway dovecot IMAP server for tests: its own configuration, users and maildirs in a temporary directory,
// listening on 127.0.0.1 at a free port, plain-text login (no TLS: loopback only). Started once per test file.
//
//   const imap = await startDovecot();           // skip the suite when dovecotMissing() says why
//   await imap.addUser('ventas', 'secret');
//   await imap.append('ventas', rawMessage);
//   ...
//   await imap.stop();
//
// As root, dovecot's own system users run its processes (the Debian package creates 'dovecot' and 'dovenull')
// and mail belongs to 'dovecot'; as anyone else, everything runs as the current user.

export const DOVECOT_BINARY = '/usr/sbin/dovecot';

/** Why the IMAP tests cannot run here, or null when they can. */
export function dovecotMissing(): string | null {
  return existsSync(DOVECOT_BINARY)
    ? null
    : `${DOVECOT_BINARY} is not installed (Debian: apt-get install dovecot-imapd); IMAP tests skipped`;
}

export interface Dovecot {
  host: string;
  port: number;
  /** Adds a mailbox user (the password is checked in clear: it is a test server). */
  addUser(user: string, password: string): Promise<void>;
  /** Puts a raw message into the user's INBOX (or another folder), as delivery would. Returns its UID. */
  append(user: string, raw: Buffer | string, options?: { folder?: string; date?: Date }): Promise<number>;
  /** An IMAP client logged in as the user (the caller logs out). */
  connect(user: string): Promise<ImapFlow>;
  /** Drops and recreates a folder: the same name with a new UIDVALIDITY. */
  recreateFolder(user: string, folder: string): Promise<void>;
  /** The server's log (useful when a test fails). */
  log(): Promise<string>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('data', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.setTimeout(5000, () => {
      socket.destroy();
      resolve(false);
    });
  });
}

async function systemIds(name: string): Promise<{ uid: number; gid: number } | null> {
  const passwd = await readFile('/etc/passwd', 'utf8').catch(() => '');
  const line = passwd.split('\n').find((l) => l.startsWith(`${name}:`));
  if (!line) return null;
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

export async function startDovecot(): Promise<Dovecot> {
  const missing = dovecotMissing();
  if (missing) throw new Error(missing);
  const dir = await mkdtemp(join(tmpdir(), 'trato-dovecot-'));
  await chmod(dir, 0o755);
  const port = await freePort();
  const me = userInfo();
  const root = me.uid === 0;
  const mailOwner = root ? await systemIds('dovecot') : { uid: me.uid, gid: me.gid };
  if (!mailOwner) throw new Error("dovecot runs as root only with its 'dovecot' system user (missing)");
  const internalUser = root ? 'dovecot' : me.username;
  const loginUser = root ? ((await systemIds('dovenull')) ? 'dovenull' : 'dovecot') : me.username;

  for (const sub of ['run', 'state', 'mail', 'home']) await mkdir(join(dir, sub), { recursive: true });
  for (const sub of ['mail', 'home']) await chown(join(dir, sub), mailOwner.uid, mailOwner.gid);
  // One passwd file per user: dovecot reloads a changed file only when it notices a new mtime (1 s resolution),
  // so users added in quick succession into one file could be refused for a moment.
  const usersDir = join(dir, 'users');
  await mkdir(usersDir, { recursive: true });

  const config = `
base_dir = ${dir}/run
state_dir = ${dir}/state
instance_name = trato-test-${port}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
log_path = ${dir}/dovecot.log
mail_location = maildir:${dir}/mail/%u
mail_fsync = never
first_valid_uid = ${Math.min(mailOwner.uid, 500)}
first_valid_gid = 0
default_internal_user = ${internalUser}
default_login_user = ${loginUser}
${root ? '' : `default_internal_group = ${me.gid}\n`}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${usersDir}/%u
}
userdb {
  driver = static
  args = uid=${mailOwner.uid} gid=${mailOwner.gid} home=${dir}/home/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
${root ? '' : '  chroot =\n  user = $default_internal_user\n'}}
${root ? '' : 'service anvil {\n  chroot =\n}\n'}
protocol imap {
  imap_idle_notify_interval = 1 secs
}
`;
  const configFile = join(dir, 'dovecot.conf');
  await writeFile(configFile, config);

  const child: ChildProcess = spawn(DOVECOT_BINARY, ['-F', '-c', configFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );

  // Ready when the port greets (a busy machine may take seconds); a config error ends the process instead.
  let ready = false;
  const deadline = Date.now() + 30_000;
  while (!ready && !exited && Date.now() < deadline) {
    ready = await accepting(port);
    if (!ready) await new Promise((r) => setTimeout(r, 100));
  }
  // A test process that dies without stop() must not leave a server behind.
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  const readLog = () => readFile(join(dir, 'dovecot.log'), 'utf8').catch(() => '');
  if (!ready || exited) {
    process.off('exit', killOnExit);
    child.kill('SIGKILL');
    const detail = `${output}\n${await readLog()}`.trim();
    await rm(dir, { recursive: true, force: true });
    throw new Error(`dovecot did not start: ${detail}`);
  }

  const passwords = new Map<string, string>();
  const connect = async (user: string) => {
    const client = new ImapFlow({
      host: '127.0.0.1',
      port,
      secure: false,
      doSTARTTLS: false,
      auth: { user, pass: passwords.get(user) ?? '' },
      logger: false,
    });
    client.on('error', () => {});
    await client.connect().catch(async (error: unknown) => {
      const e = error as { responseText?: string; response?: string };
      throw new Error(
        `IMAP login as ${user} failed: ${e.responseText ?? e.response ?? String(error)}\n${(await readLog()).slice(-3000)}`,
      );
    });
    return client;
  };

  return {
    host: '127.0.0.1',
    port,
    async addUser(user, password) {
      if (!/^[a-z0-9._-]+$/i.test(user)) throw new Error(`test IMAP user names are [a-z0-9._-]: ${user}`);
      passwords.set(user, password);
      await writeFile(join(usersDir, user), `${user}:{PLAIN}${password}\n`, { mode: 0o644 });
    },
    async append(user, raw, options = {}) {
      const client = await connect(user);
      try {
        const folder = options.folder ?? 'INBOX';
        if (folder !== 'INBOX') await client.mailboxCreate(folder).catch(() => undefined);
        const result = await client.append(folder, raw, [], options.date).catch(async (error: unknown) => {
          const e = error as { responseText?: string; response?: string };
          throw new Error(
            `APPEND to ${user}/${folder} failed: ${e.responseText ?? e.response ?? String(error)}\n${(await readLog()).slice(-3000)}`,
          );
        });
        const uid = result ? result.uid : undefined;
        if (!uid) throw new Error(`APPEND to ${folder} gave no UID`);
        return uid;
      } finally {
        await client.logout().catch(() => undefined);
      }
    },
    connect,
    async recreateFolder(user, folder) {
      const client = await connect(user);
      try {
        await client.mailboxDelete(folder).catch(() => undefined);
        await client.mailboxCreate(folder);
      } finally {
        await client.logout().catch(() => undefined);
      }
    },
    log: readLog,
    async stop() {
      process.off('exit', killOnExit);
      if (!exited) {
        child.kill('SIGTERM');
        await Promise.race([exit, new Promise((r) => setTimeout(r, 5000))]);
        if (!exited) child.kill('SIGKILL');
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
