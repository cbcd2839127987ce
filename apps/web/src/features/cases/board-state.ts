import { adjustTotals, fromScaled, toScaled, weightedOf } from './case-format';
import type { BoardColumnData, Case, CaseBoardData, CaseStatus } from './cases.api';

// Pure changes to the board's cached data, for optimistic moves and "Ver más".

const weightedOfCard = (card: Case) =>
  card.weighted_amount !== null ? toScaled(card.weighted_amount) : weightedOf(card.amount, card.probability);

function withoutCard(column: BoardColumnData, id: string): BoardColumnData {
  const card = column.cards.find((c) => c.id === id);
  if (!card) return column;
  return {
    ...column,
    cards: column.cards.filter((c) => c.id !== id),
    count: Math.max(0, column.count - 1),
    totals:
      card.amount === null
        ? column.totals
        : adjustTotals(column.totals, card.currency, -toScaled(card.amount), -weightedOfCard(card)),
  };
}

function withCard(column: BoardColumnData, card: Case, index: number): BoardColumnData {
  const cards = [...column.cards];
  cards.splice(Math.max(0, Math.min(index, cards.length)), 0, card);
  return {
    ...column,
    cards,
    count: column.count + 1,
    totals:
      card.amount === null
        ? column.totals
        : adjustTotals(column.totals, card.currency, toScaled(card.amount), weightedOfCard(card)),
  };
}

/** Where a card is on the board: its column's status and its index there. */
export function locate(board: CaseBoardData, id: string): { statusId: string; index: number } | null {
  for (const column of board.columns) {
    const index = column.cards.findIndex((c) => c.id === id);
    if (index >= 0) return { statusId: column.status.id, index };
  }
  return null;
}

/** Puts `card` in the column of `statusId` at `index`, taking it out of wherever it was. */
export function placeCard(board: CaseBoardData, card: Case, statusId: string, index = 0): CaseBoardData {
  return {
    ...board,
    columns: board.columns.map((column) => {
      const cleared = withoutCard(column, card.id);
      return column.status.id === statusId ? withCard(cleared, card, index) : cleared;
    }),
  };
}

/** The case as the board shows it once moved (the status's probability unless the case has its own). */
export function movedCard(card: Case, status: CaseStatus): Case {
  const probability = card.probability_overridden ? card.probability : status.probability;
  const weighted = card.amount === null ? null : weightedOf(card.amount, probability);
  return {
    ...card,
    status_id: status.id,
    status: {
      id: status.id,
      key: status.key,
      labels: status.labels,
      category: status.category,
      color: status.color,
    },
    probability,
    weighted_amount: weighted === null ? null : fromScaled(weighted, 2),
  };
}

/** Appends the next page of a column's cards (skipping any already there) and its new cursor. */
export function appendCards(
  board: CaseBoardData,
  statusId: string,
  cards: Case[],
  nextCursor: string | null,
): CaseBoardData {
  return {
    ...board,
    columns: board.columns.map((column) => {
      if (column.status.id !== statusId) return column;
      const known = new Set(column.cards.map((c) => c.id));
      return {
        ...column,
        cards: [...column.cards, ...cards.filter((c) => !known.has(c.id))],
        next_cursor: nextCursor,
      };
    }),
  };
}
