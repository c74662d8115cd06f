// Confirmation items: one per grant year after the first, bound to the waiting "Request
// confirmation" task. Only the latest link works; the municipality's answer spends it, and the
// daily run moves the item through its reminder, hold and end stages.

import type { Confirmation } from '../domain/grant.js';
import type { ProgrammeId } from '../domain/programmes.js';
import {
  keys,
  programmeIndexAttributes,
  timerAttributes,
  withPosition,
  type ConfirmationItem,
  type PositionYear,
} from './items.js';
import { getItem, putNew, queryPartition, update, updatePart, type TransactItem } from './table.js';

export type ConfirmationStage = NonNullable<ConfirmationItem['timerStage']>;

export async function getConfirmation(ref: PositionYear): Promise<ConfirmationItem | undefined> {
  const item = await getItem<ConfirmationItem>(keys.confirmation(ref));
  return item && withPosition(item);
}

/** Every confirmation of a grant, of every position and year. */
export async function listConfirmations(applicationId: string): Promise<ConfirmationItem[]> {
  const items = await queryPartition<ConfirmationItem>(
    keys.grant(applicationId).pk,
    keys.confirmationPrefix,
  );
  return items.map(withPosition);
}

/** Opens the year's confirmation request; answers false if an earlier attempt opened it. */
export async function openConfirmation(
  item: ConfirmationItem,
  programme: ProgrammeId,
): Promise<boolean> {
  return putNew({
    ...item,
    ...programmeIndexAttributes(
      programme,
      'confirmation',
      `${item.dueDate}#${item.applicationId}#${item.position}#${item.year}`,
    ),
  } as ConfirmationItem & Record<string, unknown>);
}

/** The link about to be mailed is the only one that works; the one before is void. */
export async function replaceConfirmationLink(
  ref: PositionYear,
  linkHash: string,
): Promise<boolean> {
  return update({
    key: keys.confirmation(ref),
    set: { linkHash },
    condition: '#status = :open',
    names: { '#status': 'status' },
    values: { ':open': 'OPEN' },
  });
}

/**
 * Claims a position-year's first request for the e-mail the step of position `mailer` sends, with
 * the grant's other positions due the same day; refused if another step claimed it, or it went out.
 */
export function claimConfirmationMailPart(ref: PositionYear, mailer: number): TransactItem {
  return updatePart({
    key: keys.confirmation(ref),
    set: { mailer },
    condition:
      '#status = :open AND attribute_not_exists(notifiedAt) AND attribute_not_exists(mailer)',
    names: { '#status': 'status' },
    values: { ':open': 'OPEN' },
  });
}

/** The first request has gone out; a retried task does not mail it again. */
export async function markConfirmationMailed(ref: PositionYear, now: Date): Promise<boolean> {
  return update({
    key: keys.confirmation(ref),
    set: { notifiedAt: now.toISOString() },
    condition: '#status = :open',
    names: { '#status': 'status' },
    values: { ':open': 'OPEN' },
  });
}

/**
 * Records the municipality's answer, only through the link that works now and while the request
 * is open. The timer now means "hand the answer to the workflow".
 */
export function answerConfirmationPart(
  ref: PositionYear,
  linkHash: string,
  answer: Confirmation & { by: string; at: string },
  now: Date,
): TransactItem {
  const key = keys.confirmation(ref);
  return updatePart({
    key,
    set: {
      status: 'ANSWERED',
      answer,
      outcome: answer.status,
      timerStage: 'resume',
      ...timerAttributes(now, key),
    },
    condition: '#status = :open AND linkHash = :link',
    names: { '#status': 'status' },
    values: { ':open': 'OPEN', ':link': linkHash },
  });
}

/** No answer by the last day: the year is unconfirmed, and the grant ends. */
export function markUnconfirmedPart(
  confirmation: PositionYear & Pick<ConfirmationItem, 'gsi1sk'>,
  now: Date,
): TransactItem {
  const key = keys.confirmation(confirmation);
  return updatePart({
    key,
    set: {
      status: 'UNCONFIRMED',
      outcome: 'unconfirmed',
      timerStage: 'resume',
      ...timerAttributes(now, key),
    },
    condition: '#status = :open AND gsi1sk = :due',
    names: { '#status': 'status' },
    values: { ':open': 'OPEN', ':due': confirmation.gsi1sk },
  });
}

/**
 * Claims a due stage and sets the next, conditional on the stage and due time the daily run saw,
 * so that a second run the same day does not act on it again.
 */
export function advanceConfirmationStagePart(
  confirmation: PositionYear & Pick<ConfirmationItem, 'gsi1sk'>,
  stage: ConfirmationStage,
  next: { stage: ConfirmationStage; dueAt: Date },
): TransactItem {
  const key = keys.confirmation(confirmation);
  return updatePart({
    key,
    set: { timerStage: next.stage, ...timerAttributes(next.dueAt, key) },
    condition: '#status = :open AND timerStage = :stage AND gsi1sk = :due',
    names: { '#status': 'status' },
    values: { ':open': 'OPEN', ':stage': stage, ':due': confirmation.gsi1sk },
  });
}

/**
 * The programme lead ended the position (a staff action): an open confirmation of a year it no
 * longer reaches is answered "ended" for the municipality, so the year's workflow ends through
 * its own "End grant" step. Refused unless the confirmation is open.
 */
export function answerConfirmationByLeadPart(
  ref: PositionYear,
  answer: Confirmation & { by: string; at: string },
  now: Date,
): TransactItem {
  const key = keys.confirmation(ref);
  return updatePart({
    key,
    set: {
      status: 'ANSWERED',
      answer,
      outcome: answer.status,
      timerStage: 'resume',
      ...timerAttributes(now, key),
    },
    condition: '#status = :open',
    names: { '#status': 'status' },
    values: { ':open': 'OPEN' },
  });
}
