import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { aCompany, createTestApp, createUser, type TestContext, type TestUser } from '../../test/builders.ts';
import { parseQuickAdd, type QuickAddType } from './quick-add-parser.ts';

const TYPES: QuickAddType[] = [
  { id: 'call', key: 'call', labels: { es: 'Llamada', ca: 'Trucada', en: 'Call' } },
  { id: 'email', key: 'email', labels: { es: 'Correo', ca: 'Correu', en: 'Email' } },
  { id: 'visit', key: 'visit', labels: { es: 'Visita', ca: 'Visita', en: 'Visit' } },
  { id: 'meeting', key: 'meeting', labels: { es: 'Reunión', ca: 'Reunió', en: 'Meeting' } },
  {
    id: 'documents',
    key: 'documents',
    labels: { es: 'Envío de documentación', ca: 'Enviament de documentació', en: 'Send documents' },
  },
  { id: 'demo', key: 'demo', labels: { es: 'Demostración', en: 'Demo' } },
];
const MONDAY = '2030-01-07';
const parse = (text: string, today = MONDAY) => parseQuickAdd(text, { types: TYPES, today });

describe('quick-add parser', () => {
  it.each([
    ['llamar Muñoz mañana 10:00', 'call', '2030-01-08', '10:00', 'Llamar Muñoz', 'Muñoz'],
    ['trucar a Muñoz demà a les 10', 'call', '2030-01-08', '10:00', 'Trucar a Muñoz', 'Muñoz'],
    ['call Muñoz tomorrow 10:00', 'call', '2030-01-08', '10:00', 'Call Muñoz', 'Muñoz'],
    ['visita Telefónica el lunes', 'visit', '2030-01-14', null, 'Visita Telefónica', 'Telefónica'],
    [
      'Reunión con Peña pasado mañana a las 17h',
      'meeting',
      '2030-01-09',
      '17:00',
      'Reunión con Peña',
      'Peña',
    ],
    ['reunió amb Vidal dijous a les 9.30', 'meeting', '2030-01-10', '09:30', 'Reunió amb Vidal', 'Vidal'],
    ['email Garrotxa hoy', 'email', MONDAY, null, 'Email Garrotxa', 'Garrotxa'],
    ['meet Acme on friday at 3pm', 'meeting', '2030-01-11', '15:00', 'Meet Acme', 'Acme'],
    [
      'enviar documentación Talleres Ebro el 15/02',
      'documents',
      '2030-02-15',
      null,
      'Enviar documentación Talleres Ebro',
      'Talleres Ebro',
    ],
    [
      'demo Vins del Priorat 3/1 10h',
      'demo',
      '2031-01-03',
      '10:00',
      'Demo Vins del Priorat',
      'Vins del Priorat',
    ],
    ['llamar a Garrotxa en 3 días', 'call', '2030-01-10', null, 'Llamar a Garrotxa', 'Garrotxa'],
    ['avui trucada Puig 16:45', 'call', MONDAY, '16:45', 'Trucada Puig', 'Puig'],
  ])('%s', (text, type, date, time, subject, name) => {
    const parsed = parse(text);
    expect(parsed).toMatchObject({ typeId: type, date, time, subject });
    expect(parsed.nameCandidates[0]).toBe(name);
  });

  it('leaves what it does not know alone', () => {
    const parsed = parse('pensar en la propuesta 25/13');
    expect(parsed).toMatchObject({
      typeId: null,
      date: null,
      time: null,
      subject: 'Pensar en la propuesta 25/13',
    });
    expect(parse('llamar Muñoz 99:00').time).toBeNull();
    expect(parse('call Room 101').time).toBeNull(); // a bare number is not a time without "at"/"a las"
  });

  it('reads a weekday said on that same day as next week’s', () => {
    expect(parse('visita lunes', '2030-01-07').date).toBe('2030-01-14');
    expect(parse('visita martes', '2030-01-07').date).toBe('2030-01-08');
    expect(parse('visita domingo', '2030-01-07').date).toBe('2030-01-13');
  });

  it('recognises the parts for the preview', () => {
    expect(parse('trucar a Muñoz demà a les 10').recognised).toEqual([
      { kind: 'type', text: 'trucar' },
      { kind: 'date', text: 'demà' },
      { kind: 'time', text: 'a les 10' },
    ]);
  });
});

describe('POST /actions/quick-add/parse', () => {
  let ctx: TestContext;
  let agent: TestUser;
  let munoz: string;
  let telefonica: string;

  beforeAll(async () => {
    ctx = await createTestApp();
    agent = await createUser(ctx, { role: 'agent' });
    const entity = (name: string) =>
      ctx.app.inject({
        method: 'POST',
        url: '/api/v1/entities',
        payload: aCompany({ name }),
        headers: agent.headers,
      });
    munoz = (await entity('Talleres Muñoz')).json().id;
    telefonica = (await entity('Telefónica Empresas')).json().id;
    await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/contacts',
      payload: { entity_id: telefonica, first_name: 'Óscar', last_name: 'Fernández' },
      headers: agent.headers,
    });
  });
  afterAll(async () => ctx.close());

  const quickAdd = async (text: string, now: string) => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date(now) });
    try {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/actions/quick-add/parse',
        payload: { text },
        headers: agent.headers,
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    } finally {
      vi.useRealTimers();
    }
  };
  // 14:00 UTC today: the same calendar day in Madrid (sessions last 14 days, so stay near the real date).
  const now = () => {
    const d = new Date();
    d.setUTCHours(14, 0, 0, 0);
    return d.toISOString();
  };

  it('drafts a call to the best-matching entity, tomorrow at 10:00 in the user’s time zone', async () => {
    const draft = await quickAdd('llamar Muñoz mañana 10:00', now());
    const types = (
      await ctx.app.inject({ method: 'GET', url: '/api/v1/action-types', headers: agent.headers })
    ).json().data as { key: string; id: string }[];
    const tomorrow = new Date(Date.parse(now()) + 86_400_000).toISOString().slice(0, 10);
    const tenInMadrid = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Madrid',
      hour: '2-digit',
      minute: '2-digit',
    }).format(new Date(draft.starts_at));
    expect(draft).toMatchObject({
      type_id: types.find((t) => t.key === 'call')!.id,
      subject: 'Llamar Muñoz',
      entity: { id: munoz, name: 'Talleres Muñoz' },
      due_date: null,
      assignee_user_id: agent.id,
    });
    expect(tenInMadrid).toBe('10:00');
    expect(new Date(draft.starts_at).toLocaleDateString('sv', { timeZone: 'Europe/Madrid' })).toBe(tomorrow);
    expect(Date.parse(draft.ends_at) - Date.parse(draft.starts_at)).toBe(15 * 60_000);
    expect(draft.recognised.map((r: { kind: string }) => r.kind)).toEqual(['type', 'date', 'time', 'entity']);

    // The client confirms the draft by posting it.
    const created = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/actions',
      payload: {
        type_id: draft.type_id,
        subject: draft.subject,
        starts_at: draft.starts_at,
        entity_id: draft.entity.id,
      },
      headers: agent.headers,
    });
    expect(created.statusCode, created.body).toBe(201);
  });

  it('finds entities without accents and through their contacts', async () => {
    const visit = await quickAdd('visita Telefonica el lunes', now());
    expect(visit.entity).toEqual({ id: telefonica, name: 'Telefónica Empresas' });
    const viaContact = await quickAdd('trucar a Fernández demà a les 10', now());
    expect(viaContact.entity).toEqual({ id: telefonica, name: 'Telefónica Empresas' });
    expect(viaContact.contact).toMatchObject({ name: 'Óscar Fernández' });
    const nobody = await quickAdd('call Zyxwvut tomorrow 10:00', now());
    expect(nobody.entity).toBeNull();
  });

  it('gives an untimed type a due date, and refuses an empty line', async () => {
    const draft = await quickAdd('email Muñoz pasado mañana', now());
    expect(draft).toMatchObject({ starts_at: null, entity: { id: munoz } });
    expect(draft.due_date).toBe(new Date(Date.parse(now()) + 2 * 86_400_000).toISOString().slice(0, 10));
    const empty = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/actions/quick-add/parse',
      payload: { text: '   ' },
      headers: agent.headers,
    });
    expect(empty.statusCode).toBe(422);
    expect(empty.json().errors[0].field).toBe('text');
  });
});
