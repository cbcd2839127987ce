import { ImapFlow } from 'imapflow';
import { startDovecot } from './dovecot.ts';
const d = await startDovecot();
await d.addUser('u1', 'good-pass');
for (const pass of ['bad', 'good-pass']) {
  const t = Date.now();
  const c = new ImapFlow({ host: '127.0.0.1', port: d.port, secure: false, doSTARTTLS: false, auth: { user: 'u1', pass }, logger: false });
  c.on('error', () => {});
  try { await c.connect(); console.log('ok', Date.now() - t); await c.logout(); } catch (e) { console.log('fail', Date.now() - t, (e as Error).message); c.close(); }
}
await d.stop();
