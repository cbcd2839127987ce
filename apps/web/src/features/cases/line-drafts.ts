import { lineAmounts, sumDecimals } from './case-format';
import type { CaseLine, CaseLineInputData } from './cases.api';
import { trimDecimal } from './DecimalInput';

/** A line as the editor holds it: exact decimal texts, the product's label for the picker. */
export interface LineDraft {
  key: string;
  product_id: string | null;
  product_label?: string | undefined;
  description: string;
  quantity: string;
  unit_price: string;
  discount_pct: string;
  tax_rate: string;
}

let counter = 0;
const newKey = () => `line-${++counter}`;

export const emptyLine = (): LineDraft => ({
  key: newKey(),
  product_id: null,
  description: '',
  quantity: '1',
  unit_price: '',
  discount_pct: '0',
  tax_rate: '21',
});

export const linesToDrafts = (lines: CaseLine[] | undefined): LineDraft[] =>
  (lines ?? [])
    .slice()
    .sort((a, b) => a.position - b.position)
    .map((line) => ({
      key: line.id,
      product_id: line.product?.id ?? null,
      product_label: line.product ? `${line.product.code} · ${line.product.name}` : undefined,
      description: line.description ?? '',
      quantity: trimDecimal(line.quantity),
      unit_price: trimDecimal(line.unit_price),
      discount_pct: trimDecimal(line.discount_pct) || '0',
      tax_rate: trimDecimal(line.tax_rate) || '0',
    }));

/** What the API takes: blank numbers left out so the product's price and rate apply. */
export const draftsToInput = (drafts: LineDraft[]): CaseLineInputData[] =>
  drafts.map((d) => ({
    product_id: d.product_id,
    description: d.description.trim() || null,
    quantity: d.quantity || '0',
    ...(d.unit_price !== '' ? { unit_price: d.unit_price } : {}),
    ...(d.discount_pct !== '' ? { discount_pct: d.discount_pct } : {}),
    ...(d.tax_rate !== '' ? { tax_rate: d.tax_rate } : {}),
  }));

/** The preview of the lines' totals (the server's answer replaces it once saved). */
export function draftTotals(drafts: LineDraft[]) {
  const amounts = drafts.map((d) => lineAmounts(d));
  return {
    net: sumDecimals(amounts.map((a) => a.net)),
    tax: sumDecimals(amounts.map((a) => a.tax)),
    total: sumDecimals(amounts.map((a) => a.total)),
  };
}
