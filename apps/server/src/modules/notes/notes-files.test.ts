import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  aCompany,
  createTeam,
  createTestApp,
  createUser,
  type TestContext,
  type TestUser,
} from '../../test/builders.ts';

let ctx: TestContext;
let owner: TestUser;
let outsider: TestUser;
let entityId: string;

beforeAll(async () => {
  ctx = await createTestApp();
  owner = await createUser(ctx, { role: 'agent' });
  outsider = await createUser(ctx, { role: 'agent' });
  await createTeam(ctx, 'A', [owner.id]);
  await createTeam(ctx, 'B', [outsider.id]);
  entityId = (
    await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/entities',
      payload: aCompany(),
      headers: owner.headers,
    })
  ).json().id;
});
afterAll(async () => ctx.close());

function upload(user: TestUser, name: string, content: Buffer, type = 'application/pdf') {
  const boundary = '----trato-files';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return ctx.app.inject({
    method: 'POST',
    url: `/api/v1/entities/${entityId}/files`,
    payload,
    headers: { ...user.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
}

describe('notes', () => {
  it('keeps Markdown and HTML as written (rendering is the client’s, sanitised) and shows it on the timeline', async () => {
    const body = '**Visita** hecha <script>alert(1)</script>';
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/entities/${entityId}/notes`,
      payload: { body },
      headers: owner.headers,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ body, author: { id: owner.id } });
    const timeline = (
      await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/entities/${entityId}/timeline`,
        headers: owner.headers,
      })
    ).json().data;
    expect(timeline[0]).toMatchObject({ type: 'note.created', summary: body });
  });

  it('lets only the author change a note', async () => {
    const note = (
      await ctx.app.inject({
        method: 'POST',
        url: `/api/v1/entities/${entityId}/notes`,
        payload: { body: 'mía' },
        headers: owner.headers,
      })
    ).json();
    const manager = await createUser(ctx, { role: 'manager' });
    const res = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/notes/${note.id}`,
      payload: { version: 1, body: 'tuya' },
      headers: manager.headers,
    });
    expect(res.statusCode).toBe(403);
    const other = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/entities/${entityId}/notes`,
      headers: outsider.headers,
    });
    expect(other.statusCode).toBe(404);
  });
});

describe('files', () => {
  it('stores an upload and gives it back byte for byte, only to those who can see the entity', async () => {
    const content = Buffer.from('%PDF-1.4 presupuesto ñ €');
    const res = await upload(owner, 'Presupuesto 2026 (v2).pdf', content);
    expect(res.statusCode).toBe(201);
    const file = res.json();
    expect(file).toMatchObject({
      name: 'Presupuesto 2026 (v2).pdf',
      size: content.length,
      mime_type: 'application/pdf',
    });
    const download = await ctx.app.inject({ method: 'GET', url: file.download_url, headers: owner.headers });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(content)).toBe(true);
    expect(download.headers['content-disposition']).toContain(
      "filename*=UTF-8''Presupuesto%202026%20(v2).pdf",
    );
    expect(
      (await ctx.app.inject({ method: 'GET', url: file.download_url, headers: outsider.headers })).statusCode,
    ).toBe(404);
    expect((await ctx.app.inject({ method: 'GET', url: file.download_url })).statusCode).toBe(401);
  });

  it('serves HTML uploads as downloads, never as pages', async () => {
    const file = (
      await upload(owner, 'x.html', Buffer.from('<script>alert(1)</script>'), 'text/html')
    ).json();
    const download = await ctx.app.inject({ method: 'GET', url: file.download_url, headers: owner.headers });
    expect(download.headers['content-type']).toBe('application/octet-stream');
    expect(download.headers['content-security-policy']).toContain('sandbox');
  });

  it('refuses an upload over the size limit with 413 and keeps nothing', async () => {
    const before = (
      await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/entities/${entityId}/files`,
        headers: owner.headers,
      })
    ).json().data.length;
    const res = await upload(
      owner,
      'big.bin',
      Buffer.alloc(ctx.config.maxUploadBytes + 1024, 1),
      'application/octet-stream',
    );
    expect(res.statusCode).toBe(413);
    const after = (
      await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/entities/${entityId}/files`,
        headers: owner.headers,
      })
    ).json().data.length;
    expect(after).toBe(before);
  });
});
