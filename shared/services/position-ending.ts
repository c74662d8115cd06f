// Ending positions of a grant early, at once, on someone's word: the municipality declining before
// any payment (decline.ts), or the programme lead ending a grant (staff actions). The one place
// that does it. Each position ends in its own transaction: the position ENDED (from the status it
// was read in), its unpaid years CANCELLED (each from the status it was read in, so a year sent to
// finance meanwhile refuses the whole), its place given back to the round when asked, and the audit
// event. Then each cancelled year a payment workflow waits on is handed the cancellation (else the
// daily run does it), and the grant follows its positions.
//
// Unlike the yearly confirmation's end ("End grant", grants.ts `endPosition`), nothing here mails:
// the caller knows what to say and to whom.

import type { CalendarDate } from '../domain/calendar.js';
import {
  canMoveInstalment,
  type GrantEndReason,
  type Instalment,
  instalmentOf,
  type Position,
} from '../domain/grant.js';
import type { GrantEventType } from '../domain/grant.js';
import { logger } from '../adapters/logger.js';
import { auditEvent, auditPut } from '../store/audit.js';
import { releasePositionParts } from '../store/capacity.js';
import {
  cancelInstalmentPart,
  endPositionPart,
  listInstalments,
  listPositionItems,
} from '../store/grants.js';
import { type GrantItem, type InstalmentItem, type PositionItem, keys } from '../store/items.js';
import { type TransactItem, transact } from '../store/table.js';
import { settleGrant } from './grants.js';
import { PAYMENTS } from './payments.js';
import { handOverOrLeaveToTimer } from './waiting-task.js';

export interface EarlyEnd {
  /** The positions to end. */
  positions: readonly number[];
  endedOn: CalendarDate;
  reason: GrantEndReason;
  /** The audit events' actor: the municipality's contact, or the lead. */
  actor: string;
  event: Extract<GrantEventType, 'position-ended' | 'position-declined'>;
  /** The audit event's words after the position's and the years cancelled. */
  comment?: string;
  /**
   * `all`: every year of the position is cancelled, and a year already sent to finance or paid
   * refuses the position (a decline). `after-end`: the years due after `endedOn` that can still be
   * cancelled are, the others stay as they are.
   */
  cancel: 'all' | 'after-end';
  /** Gives each position's place back to its round and municipality (it was never paid). */
  releaseCapacity: boolean;
  /**
   * Whether the position, as read now, may still end this way; checked before each attempt.
   * Default: it waits or runs.
   */
  mayEnd?: (position: Position, instalments: readonly Instalment[]) => boolean;
}

export interface EarlyEndResult {
  /** The positions this call ended, each with the years it cancelled. */
  ended: { position: number; cancelled: Instalment[] }[];
  /** The positions it did not end: no longer fitting when read (ended meanwhile, paid meanwhile). */
  refused: number[];
}

/** How often a position is read again after a move in between (a start, a notification). */
const ATTEMPTS = 3;

export async function endPositionsEarly(
  grant: GrantItem,
  end: EarlyEnd,
  now = new Date(),
): Promise<EarlyEndResult> {
  const { applicationId } = grant;
  const result: EarlyEndResult = { ended: [], refused: [] };
  const handOvers: InstalmentItem[] = [];
  for (const number of end.positions) {
    const outcome = await endOne(grant, number, end, now);
    if (!outcome) {
      result.refused.push(number);
      continue;
    }
    result.ended.push({ position: number, cancelled: outcome.map(instalmentOf) });
    handOvers.push(...outcome.filter((i) => i.taskToken && !i.resumedAt));
  }
  // The years' workflows waiting on "Await payment" end with the cancellation ("Notify paid" finds
  // the year cancelled and says nothing); a failed hand-over stays with the item's timer.
  for (const instalment of handOvers) {
    await handOverOrLeaveToTimer(PAYMENTS, keys.instalment(instalment), applicationId);
  }
  if (result.ended.length > 0) {
    await settleGrant(applicationId, now, { endedOn: end.endedOn, reason: end.reason });
    logger.info('positions ended early', {
      applicationId,
      positions: result.ended.map((e) => e.position),
      reason: end.reason,
    });
  }
  return result;
}

/** Ends one position; answers the years it cancelled, or undefined if it may not end (now). */
async function endOne(
  grant: GrantItem,
  number: number,
  end: EarlyEnd,
  now: Date,
): Promise<InstalmentItem[] | undefined> {
  const { applicationId } = grant;
  const mayEnd =
    end.mayEnd ?? ((p: Position) => p.status === 'AWAITING_START' || p.status === 'ACTIVE');
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const item = (await listPositionItems(applicationId)).find((p) => p.position === number);
    if (!item) return undefined;
    const instalments = (await listInstalments(applicationId)).filter((i) => i.position === number);
    if (!mayEnd(item, instalments.map(instalmentOf))) return undefined;
    const cancel = instalments.filter((i) => cancels(i, end));
    if (end.cancel === 'all' && cancel.length !== instalments.filter(unfinished).length) {
      return undefined;
    }
    const parts: Record<string, TransactItem> = {
      position: endPositionPart(applicationId, number, end.endedOn, end.reason, now, item.status),
      audit: auditPut(
        auditEvent(applicationId, end.event, end.actor, now, commentOf(grant, item, cancel, end)),
      ),
      ...(end.releaseCapacity && releasePositionParts(grant.roundId, grant.municipality.number)),
    };
    for (const instalment of cancel) {
      parts[`p${number}y${instalment.year}`] = cancelInstalmentPart(instalment, now);
    }
    if ((await transact(parts)).ok) return cancel;
  }
  return undefined;
}

/** A year not yet over: neither paid nor cancelled. */
function unfinished(instalment: InstalmentItem): boolean {
  return instalment.status !== 'PAID' && instalment.status !== 'CANCELLED';
}

function cancels(instalment: InstalmentItem, end: EarlyEnd): boolean {
  if (!canMoveInstalment(instalment.status, 'CANCELLED')) return false;
  return end.cancel === 'all' || instalment.dueDate > end.endedOn;
}

function commentOf(
  grant: Pick<GrantItem, 'positions'>,
  position: Pick<PositionItem, 'position'>,
  cancelled: readonly InstalmentItem[],
  end: EarlyEnd,
): string {
  const parts = [
    ...(grant.positions > 1 ? [`Stilling ${position.position}`] : []),
    ...(end.comment ? [end.comment] : []),
    ...(cancelled.length > 0
      ? [`kansellert: ${cancelled.map((i) => `år ${i.year}`).join(', ')}`]
      : []),
  ];
  return parts.join('; ');
}
