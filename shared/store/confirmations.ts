// Confirmation items: one per grant year after the first, bound to the waiting "Request
// confirmation" task. Only the latest link works; the municipality's answer spends it, and the
// daily run moves the item through its reminder, hold and end stages.

import type { Confirmation } from '../domain/grant.js';
import type { ProgrammeId } from '../domain/programmes.js';
import { keys, programmeIndexAttributes, timerAttributes, type ConfirmationItem } from './items.js';
import { getItem, putNew, update, updatePart, type TransactItem } from './table.js';

export type ConfirmationStage = NonNullable<ConfirmationItem['timerStage']>;

export async function getConfirmation(
  applicationId: string,
  year: number,
): Promise<ConfirmationItem | undefined> {
  return getItem<ConfirmationItem>(keys.confirmation(applicationId, year));
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
      `${item.dueDate}#${item.applicationId}#${item.year}`,
    ),
  } as ConfirmationItem & Record<string, unknown>);
}

/** The link about to be mailed is the only one that works; the one before is void. */
export async function replaceConfirmationLink(
  applicationId: string,
  year: number,
  linkHash: string,
): Promise<boolean> {
  return update({
    key: keys.confirmation(applicationId, year),
    set: { linkHash },
    condition: '#status = :open',
    names: { '#status': 'status' },
    values: { ':open': 'OPEN' },
  });
}

/** The first request has gone out; a retried task does not mail it again. */
export async function markConfirmationMailed(
  applicationId: string,
  year: number,
  now: Date,
): Promise<boolean> {
  return update({
    key: keys.confirmation(applicationId, year),
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
  applicationId: string,
  year: number,
  linkHash: string,
  answer: Confirmation & { by: string; at: string },
  now: Date,
): TransactItem {
  const key = keys.confirmation(applicationId, year);
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
  confirmation: Pick<ConfirmationItem, 'applicationId' | 'year' | 'gsi1sk'>,
  now: Date,
): TransactItem {
  const key = keys.confirmation(confirmation.applicationId, confirmation.year);
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
  confirmation: Pick<ConfirmationItem, 'applicationId' | 'year' | 'gsi1sk'>,
  stage: ConfirmationStage,
  next: { stage: ConfirmationStage; dueAt: Date },
): TransactItem {
  const key = keys.confirmation(confirmation.applicationId, confirmation.year);
  return updatePart({
    key,
    set: { timerStage: next.stage, ...timerAttributes(next.dueAt, key) },
    condition: '#status = :open AND timerStage = :stage AND gsi1sk = :due',
    names: { '#status': 'status' },
    values: { ':open': 'OPEN', ':stage': stage, ':due': confirmation.gsi1sk },
  });
}
