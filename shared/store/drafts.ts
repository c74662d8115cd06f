// Drafts, their daily and per-round counts, and the entries /find looks up. Every change of a
// draft is conditional on its status, so a draft sent is never saved over, and sent once.

import { hashToken } from '../links.js';
import { TIMER_FIELDS, keys, timerAttributes, type DraftItem, type FoundItem } from './items.js';
import {
  getItem,
  putNewPart,
  putPart,
  queryPartition,
  tableName,
  transact,
  update,
  updatePart,
  type Key,
  type TransactItem,
} from './table.js';

export async function getDraft(draftId: string): Promise<DraftItem | undefined> {
  return getItem<DraftItem>(keys.draft(draftId));
}

export function createDraftPart(item: DraftItem): TransactItem {
  return putNewPart(item as DraftItem & Record<string, unknown>);
}

/** Saves new content over an open draft's; refused once it is sent or deleted. */
export function saveDraftPart(
  draftId: string,
  fields: Pick<DraftItem, 'content' | 'contactEmail'> &
    Partial<Pick<DraftItem, 'programme' | 'roundId' | 'municipalityNumber'>>,
  now: Date,
): TransactItem {
  return updatePart({
    key: keys.draft(draftId),
    set: { ...fields, updatedAt: now.toISOString() },
    condition: '#status = :open',
    names: { '#status': 'status' },
    values: { ':open': 'OPEN' },
  });
}

/**
 * Spends an open draft on the application it became, in the application's own transaction: its
 * content goes (the application holds it now), and its timer becomes the deletion's.
 */
export function spendDraftPart(
  draft: Pick<DraftItem, 'draftId'>,
  applicationId: string,
  deleteAt: Date,
  now: Date,
): TransactItem {
  const key = keys.draft(draft.draftId);
  return updatePart({
    key,
    set: {
      status: 'SENT',
      applicationId,
      sentAt: now.toISOString(),
      updatedAt: now.toISOString(),
      timerStage: 'delete',
      ...timerAttributes(deleteAt, key),
    },
    remove: ['content'],
    condition: '#status = :open',
    names: { '#status': 'status' },
    values: { ':open': 'OPEN' },
  });
}

/** Takes the reminder of a draft whose timer is the one seen; false if another run took it. */
export async function claimDraftReminder(
  draft: Pick<DraftItem, 'draftId' | 'gsi1sk'>,
  deleteAt: Date,
  now: Date,
): Promise<boolean> {
  const key = keys.draft(draft.draftId);
  return update({
    key,
    set: { timerStage: 'delete', remindedAt: now.toISOString(), ...timerAttributes(deleteAt, key) },
    condition: 'gsi1sk = :seen AND #status = :open',
    names: { '#status': 'status' },
    values: { ':seen': draft.gsi1sk, ':open': 'OPEN' },
  });
}

/** Gives a reminder back when its e-mail could not be sent, so the next run tries again. */
export async function releaseDraftReminder(
  draft: Pick<DraftItem, 'draftId' | 'gsi1sk'>,
): Promise<void> {
  await update({
    key: keys.draft(draft.draftId),
    set: { timerStage: 'remind', gsi1pk: 'TIMER', gsi1sk: draft.gsi1sk },
    remove: ['remindedAt'],
  });
}

/**
 * Deletes a draft's personal data: what remains says only that it existed, so its links answer
 * "expired" rather than "unknown" until the item itself expires.
 */
export async function eraseDraft(draftId: string, keepUntilEpoch: number, now: Date) {
  return update({
    key: keys.draft(draftId),
    set: { status: 'DELETED', updatedAt: now.toISOString(), expiresAtEpoch: keepUntilEpoch },
    remove: ['content', 'contactEmail', 'municipalityNumber', ...TIMER_FIELDS],
  });
}

/** Counts one more new draft under `key`; refused once it holds `limit`. */
export function countDraftPart(key: Key, limit: number, expiresAtEpoch?: number): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: key,
      UpdateExpression: `SET drafts = if_not_exists(drafts, :zero) + :one${expiresAtEpoch ? ', expiresAtEpoch = :expires' : ''}`,
      ConditionExpression: 'attribute_not_exists(drafts) OR drafts < :limit',
      ExpressionAttributeValues: {
        ':zero': 0,
        ':one': 1,
        ':limit': limit,
        ...(expiresAtEpoch && { ':expires': expiresAtEpoch }),
      },
    },
  };
}

/** The key of what an organisation number and a contact address find together. */
export function pairHashOf(organisationNumber: string, email: string): string {
  return hashToken(`find:${organisationNumber.replace(/\s/g, '')}:${email.trim().toLowerCase()}`);
}

/** What an organisation number and an address find: an entry per application or draft. */
export function foundPart(
  pairHash: string,
  kind: FoundItem['kind'],
  id: string,
  expiresAtEpoch?: number,
): TransactItem {
  const item: FoundItem = {
    ...keys.found(pairHash, kind === 'application' ? 'APP' : 'DRAFT', id),
    kind,
    id,
    ...(expiresAtEpoch && { expiresAtEpoch }),
  };
  return putPart(item as FoundItem & Record<string, unknown>);
}

export async function queryFound(pairHash: string): Promise<FoundItem[]> {
  return queryPartition<FoundItem>(keys.findPartition(pairHash), 'FOUND#');
}

/** Counts one request to find under `hash` today; false once the day holds `limit`. */
export async function countFindRequest(
  hash: string,
  osloDate: string,
  limit: number,
  expiresAtEpoch: number,
): Promise<boolean> {
  const written = await transact({
    count: countDraftPart(keys.findsOfDay(hash, osloDate), limit, expiresAtEpoch),
  });
  return written.ok;
}
