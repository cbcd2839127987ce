import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../platform/ids.ts';
import { aCompany, createTestApp, createUser, type TestContext, type TestUser } from '../../test/builders.ts';
import { divideRounded, fromScaled, lineCents, toScaled, weightedAmount } from './case-lines.ts';

describe('exact decimal arithmetic', () => {
  it('reads and writes decimals without floats', () => {
    expect(toScaled('12.5', 4)).toBe(125_000n);
    expect(toScaled('-0.0001', 4)).toBe(-1n);
    expect(toScaled('1.23456', 4)).toBeNull();
    expect(toScaled('1.2300000', 4)).toBe(12_300n);
    expect(toScaled('1e3', 4)).toBeNull();
    expect(fromScaled(125_000n, 4)).toBe('12.50');
    expect(fromScaled(12_345n, 4)).toBe('1.2345');
    expect(fromScaled(-5n, 2)).toBe('-0.05');
    expect(fromScaled(99_999_999_999_999_999n, 2)).toBe('999999999999999.99');
  });

  it('rounds half up to the cent', () => {
    expect(divideRounded(5n, 10n)).toBe(1n);
    expect(divideRounded(4n, 10n)).toBe(0n);
    expect(divideRounded(-5n, 10n)).toBe(-1n);
    // 0.1 + 0.2 style traps: 3 × 0.10 with 15% off is 0.255 → 0.26 (a float gives 0.25499…).
    expect(lineCents({ quantity: '3', unit_price: '0.10', discount_pct: '15', tax_rate: '0' }).net).toBe(26n);
    // 1.005 € × 1 → 1.01 (as a float 1.005 rounds to 1.00).
    expect(lineCents({ quantity: '1', unit_price: '1.005', discount_pct: '0', tax_rate: '0' }).net).toBe(
      101n,
    );
  });

  it('computes net and tax per line, tax from the rounded net', () => {
    // 7 × 19.99 = 139.93, −12.5% = 122.43875 → 122.44; VAT 21% = 25.7124 → 25.71.
    expect(lineCents({ quantity: '7', unit_price: '19.99', discount_pct: '12.5', tax_rate: '21' })).toEqual({
      net: 12_244n,
      tax: 2_571n,
    });
    // Fractional quantities and a 10% rate: 2.5 h × 45.10 = 112.75; VAT 10% = 11.275 → 11.28.
    expect(lineCents({ quantity: '2.5', unit_price: '45.1', discount_pct: '0', tax_rate: '10' })).toEqual({
      net: 11_275n,
      tax: 1_128n,
    });
  });

  it('weights an amount by a probability to the cent', () => {
    expect(weightedAmount('1000.0000', 25)).toBe('250.00');
    expect(weightedAmount('0.0300', 50)).toBe('0.02');
    expect(weightedAmount(null, 50)).toBeNull();
  });
});

let ctx: TestContext;
let admin: TestUser;
let opportunityType: string;
let claimType: string;
let entityId: string;
const products: Record<string, string> = {};

const post = (url: string, payload: unknown) =>
  ctx.app.inject({ method: 'POST', url, payload: payload as object, headers: admin.headers });
const patch = (url: string, payload: unknown) =>
  ctx.app.inject({ method: 'PATCH', url, payload: payload as object, headers: admin.headers });
const get = (url: string) => ctx.app.inject({ method: 'GET', url, headers: admin.headers });

async function addProduct(
  code: string,
  values: { unit_price: string; tax_rate?: string; currency?: string; active?: boolean },
) {
  const id = newId();
  await ctx.db
    .insertInto('products')
    .values({
      id,
      code,
      name: `Producto ${code}`,
      description: null,
      unit_price: values.unit_price,
      tax_rate: values.tax_rate ?? '21',
      currency: values.currency ?? 'EUR',
      active: values.active ?? true,
      created_by: null,
    })
    .execute();
  products[code] = id;
  return id;
}

const typeId = async (key: string) =>
  (await ctx.db.selectFrom('case_types').select('id').where('key', '=', key).executeTakeFirstOrThrow()).id;

beforeAll(async () => {
  ctx = await createTestApp();
  admin = await createUser(ctx, { role: 'admin' });
  opportunityType = await typeId('opportunity');
  claimType = await typeId('claim');
  entityId = (await post('/api/v1/entities', aCompany())).json().id;
  await addProduct('LIC-ERP', { unit_price: '1200', tax_rate: '21' });
  await addProduct('FORM-H', { unit_price: '45.1', tax_rate: '10' });
  await addProduct('OLD', { unit_price: '10', active: false });
  await addProduct('USD-SUP', { unit_price: '99', currency: 'USD' });
});
afterAll(async () => ctx.close());

const opportunity = (extra: Record<string, unknown>) => ({
  type_id: opportunityType,
  title: 'Implantación ERP',
  entity_id: entityId,
  ...extra,
});

describe('lines of a case', () => {
  it('fills price and tax from the product, computes each line and the case totals, in position order', async () => {
    const res = await post(
      '/api/v1/cases',
      opportunity({
        lines: [
          { product_id: products['LIC-ERP'], quantity: 3, discount_pct: '12.5' },
          { product_id: products['FORM-H'], quantity: '2.5' },
          { description: 'Desplazamiento', quantity: 1, unit_price: '0.10', tax_rate: 21 },
        ],
      }),
    );
    expect(res.statusCode).toBe(201);
    const created = res.json();
    // 3 × 1200 − 12.5% = 3150.00 (VAT 661.50); 2.5 × 45.10 = 112.75 (VAT 11.28); 0.10 (VAT 0.02).
    expect(created.amount).toBe('3262.85');
    expect(created.tax_amount).toBe('672.80');
    expect(created.lines.map((l: { net_amount: string }) => l.net_amount)).toEqual([
      '3150.00',
      '112.75',
      '0.10',
    ]);
    expect(created.lines[0]).toMatchObject({
      position: 0,
      product: { id: products['LIC-ERP'], code: 'LIC-ERP', name: 'Producto LIC-ERP' },
      quantity: '3.00',
      unit_price: '1200.00',
      discount_pct: '12.50',
      tax_rate: '21.00',
      tax_amount: '661.50',
      total_amount: '3811.50',
    });
    expect(created.lines[1]).toMatchObject({ unit_price: '45.10', tax_rate: '10.00', tax_amount: '11.28' });
    expect(created.lines[2]).toMatchObject({
      product: null,
      description: 'Desplazamiento',
      tax_amount: '0.02',
    });
    // new status default 10%: weighted 326.285 → 326.29
    expect(created.weighted_amount).toBe('326.29');
    const stored = await ctx.db
      .selectFrom('cases')
      .select(['amount', 'tax_amount'])
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(Number(stored.amount)).toBe(3262.85);
  });

  it('refuses lines on a type without lines', async () => {
    const res = await post('/api/v1/cases', {
      type_id: claimType,
      title: 'Pedido llegado roto',
      entity_id: entityId,
      lines: [{ description: 'Caja', quantity: 1, unit_price: 5 }],
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([
      expect.objectContaining({ field: 'lines', code: 'lines_not_allowed' }),
    ]);
  });

  it('refuses an amount sent with lines: it is their total', async () => {
    const res = await post(
      '/api/v1/cases',
      opportunity({ amount: 100, lines: [{ product_id: products['LIC-ERP'], quantity: 1 }] }),
    );
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([
      expect.objectContaining({ field: 'amount', code: 'computed_from_lines' }),
    ]);
  });

  it('names the line and field of each bad line, and writes nothing', async () => {
    const before = await ctx.db
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await post(
      '/api/v1/cases',
      opportunity({
        lines: [
          { product_id: products['LIC-ERP'], quantity: 1 },
          { product_id: products.OLD, quantity: 1 },
          { product_id: products['USD-SUP'], quantity: 1 },
          { product_id: newId(), quantity: 1 },
          { description: 'Sin precio', quantity: 1 },
          { description: 'Demasiados decimales', quantity: 1, unit_price: 1, tax_rate: '21.0005' },
        ],
      }),
    );
    expect(res.statusCode).toBe(422);
    const errors = res.json().errors.map((e: { field: string; code: string }) => `${e.field} ${e.code}`);
    expect(errors).toEqual([
      'lines.1.product_id product_inactive',
      'lines.2.product_id currency_mismatch',
      'lines.3.product_id unknown_product',
      'lines.4.unit_price required',
      'lines.5.tax_rate too_many_decimals',
    ]);
    const after = await ctx.db
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('refuses negative quantities, prices and out-of-range discounts through the contract', async () => {
    const res = await post(
      '/api/v1/cases',
      opportunity({
        lines: [
          { product_id: products['LIC-ERP'], quantity: -1 },
          { description: 'x', quantity: 1, unit_price: '-3' },
          { description: 'y', quantity: 1, unit_price: 3, discount_pct: 120 },
          { quantity: 1, unit_price: 3 },
        ],
      }),
    );
    expect(res.statusCode).toBe(422);
    const errors = res.json().errors.map((e: { field: string; code: string }) => `${e.field} ${e.code}`);
    expect(errors).toEqual(
      expect.arrayContaining([
        'lines.0.quantity negative',
        'lines.1.unit_price negative',
        'lines.2.discount_pct out_of_range',
        'lines.3.product_id product_or_description',
      ]),
    );
  });

  it('replaces all the lines on a PATCH with lines, keeps them without; an existing line keeps a product deactivated since', async () => {
    const created = (
      await post('/api/v1/cases', opportunity({ lines: [{ product_id: products['FORM-H'], quantity: 1 }] }))
    ).json();
    await ctx.db
      .updateTable('products')
      .set({ active: false })
      .where('id', '=', products['FORM-H']!)
      .execute();
    try {
      const same = await patch(`/api/v1/cases/${created.id}`, {
        version: created.version,
        lines: [
          { product_id: products['FORM-H'], quantity: 4 },
          { product_id: products['LIC-ERP'], quantity: 1, discount_pct: 100 },
        ],
      });
      expect(same.statusCode).toBe(200);
      expect(same.json().amount).toBe('180.40');
      expect(same.json().lines).toHaveLength(2);

      const titled = await patch(`/api/v1/cases/${created.id}`, {
        version: same.json().version,
        title: 'Formación',
      });
      expect(titled.json().lines).toHaveLength(2);
      expect(titled.json().amount).toBe('180.40');

      const amount = await patch(`/api/v1/cases/${created.id}`, {
        version: titled.json().version,
        amount: 5,
      });
      expect(amount.statusCode).toBe(422);
      expect(amount.json().errors[0]).toMatchObject({ field: 'amount', code: 'computed_from_lines' });

      // Cleared lines: an amount may be typed in again.
      const cleared = await patch(`/api/v1/cases/${created.id}`, {
        version: titled.json().version,
        lines: [],
        amount: 900,
      });
      expect(cleared.statusCode).toBe(200);
      expect(cleared.json()).toMatchObject({ amount: '900.00', tax_amount: null, lines: [] });

      // A new case cannot take the deactivated product.
      const fresh = await post(
        '/api/v1/cases',
        opportunity({ lines: [{ product_id: products['FORM-H'], quantity: 1 }] }),
      );
      expect(fresh.json().errors[0]).toMatchObject({ field: 'lines.0.product_id', code: 'product_inactive' });
    } finally {
      await ctx.db
        .updateTable('products')
        .set({ active: true })
        .where('id', '=', products['FORM-H']!)
        .execute();
    }
  });

  it('records the line change on the case timeline', async () => {
    const created = (
      await post('/api/v1/cases', opportunity({ lines: [{ product_id: products['LIC-ERP'], quantity: 1 }] }))
    ).json();
    await patch(`/api/v1/cases/${created.id}`, {
      version: 1,
      lines: [{ product_id: products['LIC-ERP'], quantity: 2 }],
    });
    const timeline = (await get(`/api/v1/cases/${created.id}/timeline`)).json().data;
    expect(timeline[0]).toMatchObject({
      type: 'case.updated',
      changes: { lines: [1, 1], amount: ['1200.00', '2400.00'], tax_amount: ['252.00', '504.00'] },
    });
  });

  it('refuses a currency change that the kept lines’ products do not share', async () => {
    const created = (
      await post('/api/v1/cases', opportunity({ lines: [{ product_id: products['LIC-ERP'], quantity: 1 }] }))
    ).json();
    const res = await patch(`/api/v1/cases/${created.id}`, { version: 1, currency: 'USD' });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ field: 'currency', code: 'currency_mismatch' });
    const bad = await patch(`/api/v1/cases/${created.id}`, { version: 1, currency: 'XYZ' });
    expect(bad.json().errors[0]).toMatchObject({ field: 'currency', code: 'unknown_currency' });
  });
});
