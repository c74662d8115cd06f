// The domain's move tables: what each allows, and that every walk through one ends.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  GRANT_MOVES,
  INSTALMENT_MOVES,
  POSITION_MOVES,
  canMoveGrant,
  canMoveInstalment,
} from '../../../shared/domain/grant.js';
import { type MoveTable, canMove, finalStatuses, sourcesOf } from '../../../shared/domain/moves.js';
import { APPLICATION_GRANT_MOVES } from '../../../shared/domain/review.js';

const TABLES: [string, MoveTable<string>][] = [
  ['grant', GRANT_MOVES],
  ['position', POSITION_MOVES],
  ['instalment', INSTALMENT_MOVES],
  ['application following its grant', APPLICATION_GRANT_MOVES],
];

describe('the move tables', () => {
  it.each(TABLES)('%s: every move leads to a status of the table', (_name, table) => {
    const statuses = Object.keys(table);
    for (const targets of Object.values(table)) {
      for (const to of targets) expect(statuses).toContain(to);
    }
  });

  it.each(TABLES)('%s: every walk of allowed moves ends in a final status', (_name, table) => {
    const statuses = Object.keys(table);
    fc.assert(
      fc.property(
        fc.constantFrom(...statuses),
        fc.array(fc.nat(), { maxLength: 20 }),
        (start, choices) => {
          let status = start;
          for (const choice of choices) {
            const next = table[status]!;
            if (next.length === 0) break;
            status = next[choice % next.length]!;
          }
          // No cycle: from wherever the walk stopped, a final status is at most |statuses| away.
          let steps = 0;
          while (table[status]!.length > 0 && steps <= statuses.length) {
            status = table[status]![0]!;
            steps++;
          }
          expect(finalStatuses(table)).toContain(status);
        },
      ),
    );
  });

  it('sourcesOf is the inverse of the table', () => {
    for (const [, table] of TABLES) {
      for (const to of Object.keys(table)) {
        for (const from of Object.keys(table)) {
          expect(sourcesOf(table, to).includes(from)).toBe(canMove(table, from, to));
        }
      }
    }
  });

  it('never cancels an instalment finance has been told to pay', () => {
    expect(canMoveInstalment('NOTIFIED', 'CANCELLED')).toBe(false);
    expect(canMoveInstalment('PAID', 'CANCELLED')).toBe(false);
    expect(sourcesOf(INSTALMENT_MOVES, 'CANCELLED')).toEqual([
      'SCHEDULED',
      'AWAITING_CONFIRMATION',
      'HELD',
      'READY',
    ]);
    expect(sourcesOf(INSTALMENT_MOVES, 'READY')).toEqual([
      'SCHEDULED',
      'AWAITING_CONFIRMATION',
      'HELD',
    ]);
  });

  it('lets a position lapse only while it waits for its doctor, and end waiting (declined) or started', () => {
    expect(sourcesOf(POSITION_MOVES, 'LAPSED')).toEqual(['AWAITING_START']);
    expect(sourcesOf(POSITION_MOVES, 'ENDED')).toEqual(['AWAITING_START', 'ACTIVE']);
    expect(sourcesOf(POSITION_MOVES, 'COMPLETED')).toEqual(['ACTIVE']);
    expect(finalStatuses(POSITION_MOVES)).toEqual(['COMPLETED', 'ENDED', 'LAPSED']);
  });

  it('ends or completes a grant only while it is active', () => {
    expect(canMoveGrant('ACTIVE', 'ENDED')).toBe(true);
    expect(canMoveGrant('COMPLETED', 'ENDED')).toBe(false);
    expect(canMoveGrant('ENDED', 'COMPLETED')).toBe(false);
  });
});
