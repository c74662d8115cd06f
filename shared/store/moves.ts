// The status condition of every move the store writes, built from the domain's move tables
// (shared/domain/moves.ts), never written by hand: a move is allowed from exactly the statuses
// the table lists for it, so the table and the table's conditions cannot drift apart.

import { type MoveTable, sourcesOf } from '../domain/moves.js';

export interface StatusCondition {
  condition: string;
  names: Record<string, string>;
  values: Record<string, unknown>;
}

/**
 * `#status IN (:from0, …)` for a move to `to`, with `and` (conditions on other attributes, with
 * their own names and values) joined to it. A move the table allows from nowhere is a mistake in
 * the caller, refused before it reaches the table.
 */
export function moveCondition<S extends string>(
  table: MoveTable<S>,
  to: S,
  and?: { condition: string; names?: Record<string, string>; values?: Record<string, unknown> },
): StatusCondition {
  const from = sourcesOf(table, to);
  if (from.length === 0) throw new Error(`No status may move to ${to}`);
  const values = Object.fromEntries(from.map((status, i) => [`:from${i}`, status]));
  return {
    condition: `#status IN (${Object.keys(values).join(', ')})${and ? ` AND ${and.condition}` : ''}`,
    names: { '#status': 'status', ...and?.names },
    values: { ...values, ...and?.values },
  };
}
