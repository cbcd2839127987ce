import type { FilterOp } from '@trato/contracts/common';
import type { ReactNode } from 'react';

/** How a list field behaves in filters: it decides the operators and the value input. */
export type ListFieldKind =
  | 'text'
  | 'name'
  | 'key'
  | 'array'
  | 'multiselect'
  | 'number'
  | 'date'
  | 'datetime'
  | 'boolean'
  | 'user';

/** A column of a list and, when the API allows it, a filter and a sort key. */
export interface ListField<T> {
  id: string;
  label: string;
  kind: ListFieldKind;
  /** Choices for key, array, multiselect and user fields (value → label). */
  options?: { value: string; label: string }[];
  sortable: boolean;
  filterable: boolean;
  /** Column width in px on desktop. */
  width?: number;
  render: (row: T) => ReactNode;
}

/** Operators the API accepts per kind (mirrors the server's list-query rules). */
export const OPS_BY_KIND: Record<ListFieldKind, FilterOp[]> = {
  text: ['contains', 'eq', 'ne', 'starts', 'empty'],
  name: ['contains', 'eq', 'ne', 'starts', 'empty'],
  key: ['eq', 'ne', 'in', 'empty'],
  user: ['eq', 'ne', 'in', 'empty'],
  array: ['eq', 'ne', 'in', 'contains', 'empty'],
  multiselect: ['eq', 'ne', 'in', 'empty'],
  number: ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'empty'],
  date: ['eq', 'lt', 'lte', 'gt', 'gte', 'empty'],
  datetime: ['lt', 'lte', 'gt', 'gte', 'empty'],
  boolean: ['eq'],
};
