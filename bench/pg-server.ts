import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from './util.ts';

/*
 * A throwaway PostgreSQL cluster for the benchmark: initdb in a temporary directory, 127.0.0.1 on a free port,
 * durability off (fsync, synchronous_commit, full_page_writes) and memory sized for a million rows.
 * As root the server runs as the `postgres` system user (PostgreSQL refuses root).
 * BENCH_PG_DIR=<dir> keeps the cluster there between runs (seeding a million rows takes minutes).
 */

export interface PgServer {
  url: string;
  version: string;
  reused: boolean;
  stop(): void;
}

const DB_USER = 'trato';
const DB_NAME = 'trato_bench';

function binDir(): string {
  if (process.env.PG_BINDIR) return process.env.PG_BINDIR;
  for (const major of ['18', '17', '16', '15']) {
    const dir = `/usr/lib/postgresql/${major}/bin`;
    if (existsSync(join(dir, 'initdb'))) return dir;
  }
  throw new Error('initdb not found: install PostgreSQL (Debian: postgresql) or set PG_BINDIR');
}

function owner(): { name: string; uid: number; gid: number } | null {
  if (userInfo().uid !== 0) return null;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error('running as root needs a `postgres` system user to own the cluster');
  const [, , uid, gid] = line.split(':');
  return { name: 'postgres', uid: Number(uid), gid: Number(gid) };
}

function run(user: ReturnType<typeof owner>, command: string, args: string[]): string {
  const [file, argv] = user ? ['runuser', ['-u', user.name, '--', command, ...args]] : [command, args];
  return execFileSync(file, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function chownTree(path: string, user: ReturnType<typeof owner>) {
  if (user) execFileSync('chown', ['-R', `${user.uid}:${user.gid}`, path]);
}

export async function startPostgres(log: (line: string) => void): Promise<PgServer> {
  const bin = binDir();
  const user = owner();
  const keep = process.env.BENCH_PG_DIR;
  const base = keep ?? mkdtempSync('/tmp/trato-bench-pg-');
  mkdirSync(base, { recursive: true });
  chmodSync(base, 0o755);
  const data = join(base, 'data');
  const reused = existsSync(join(data, 'PG_VERSION'));
  if (!reused) {
    mkdirSync(data, { recursive: true });
    if (user) chownSync(base, user.uid, user.gid);
    chownTree(base, user);
    run(user, join(bin, 'initdb'), [
      '-D',
      data,
      '-U',
      DB_USER,
      '--auth=trust',
      '--encoding=UTF8',
      '--locale=C.UTF-8',
      '--no-sync',
    ]);
    writeFileSync(join(data, 'pg_hba.conf'), 'local all all trust\nhost all all 127.0.0.1/32 trust\n');
    // Loading speed over durability (a throwaway cluster); memory for a 1M-row working set.
    writeFileSync(
      join(data, 'postgresql.auto.conf'),
      [
        "listen_addresses = '127.0.0.1'",
        `unix_socket_directories = '${base}'`,
        'fsync = off',
        'synchronous_commit = off',
        'full_page_writes = off',
        'wal_level = minimal',
        'max_wal_senders = 0',
        'max_wal_size = 8GB',
        'checkpoint_timeout = 30min',
        'max_connections = 100',
        'shared_buffers = 2GB',
        'effective_cache_size = 8GB',
        'maintenance_work_mem = 1GB',
        'work_mem = 16MB',
        'random_page_cost = 1.1',
        'log_min_messages = warning',
        '',
      ].join('\n'),
    );
    chownTree(data, user);
  }
  const port = await freePort();
  run(user, join(bin, 'pg_ctl'), [
    '-D',
    data,
    '-o',
    `-p ${port}`,
    '-l',
    join(base, 'server.log'),
    '-w',
    '-t',
    '120',
    'start',
  ]);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      run(user, join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']);
    } catch (error) {
      log(`pg_ctl stop failed: ${String(error)}`);
    }
    if (!keep) rmSync(base, { recursive: true, force: true });
  };
  try {
    if (!reused)
      execFileSync(join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', DB_USER, DB_NAME]);
  } catch (error) {
    stop();
    throw error;
  }
  const version = execFileSync(join(bin, 'postgres'), ['--version'], { encoding: 'utf8' }).trim();
  log(`${version} on 127.0.0.1:${port} (${data}${reused ? ', reused' : ''})`);
  return { url: `postgres://${DB_USER}@127.0.0.1:${port}/${DB_NAME}`, version, reused, stop };
}
