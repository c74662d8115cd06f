// The programmes' staff registers and the administration log. A register is written from its
// seed the first time it is read (by a put that only creates), so a fresh local stack, a test
// stack and a first deploy start with the same people, and nothing ever writes the seed over what
// the office has changed since: every later write is conditional on the version it read.

import { randomBytes } from 'node:crypto';
import type { ProgrammeId } from '../domain/programmes.js';
import { seedRegister } from '../domain/staff-seed.js';
import type { StaffRegister } from '../domain/staff.js';
import { keys, type AdminEventItem, type StaffRegisterItem } from './items.js';
import { getItems, putNew, queryPartition, tableName, type TransactItem } from './table.js';

/** The registers of these programmes, in their order; a programme read for the first time is seeded. */
export async function readRegisters(
  programmes: readonly ProgrammeId[],
): Promise<StaffRegisterItem[]> {
  const found = (await getItems(programmes.map((p) => keys.staffRegister(p)))) as (
    | StaffRegisterItem
    | undefined
  )[];
  return Promise.all(programmes.map(async (programme, i) => found[i] ?? (await seeded(programme))));
}

async function seeded(programme: ProgrammeId): Promise<StaffRegisterItem> {
  const item: StaffRegisterItem = {
    ...keys.staffRegister(programme),
    ...seedRegister(programme),
    version: 1,
    updatedAt: new Date().toISOString(),
  };
  if (await putNew(item as StaffRegisterItem & Record<string, unknown>)) return item;
  // Another reader seeded it first (or the office changed it since): that one stands.
  const [stored] = (await getItems([keys.staffRegister(programme)])) as (
    | StaffRegisterItem
    | undefined
  )[];
  if (!stored) throw new Error(`The staff register of ${programme} could not be read`);
  return stored;
}

/**
 * Replaces a register with its next version, refused if it changed since `read` was read (the
 * caller reads again and retries).
 */
export function replaceRegisterPart(
  read: StaffRegisterItem,
  next: StaffRegister,
  now: Date,
  sessionsEndedAt: Record<string, string> | undefined,
): TransactItem {
  const item: StaffRegisterItem = {
    ...keys.staffRegister(read.programme),
    programme: read.programme,
    members: next.members,
    version: read.version + 1,
    updatedAt: now.toISOString(),
    ...(sessionsEndedAt && Object.keys(sessionsEndedAt).length > 0 && { sessionsEndedAt }),
  };
  return {
    Put: {
      TableName: tableName(),
      Item: item,
      ConditionExpression: '#version = :version',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: { ':version': read.version },
    },
  };
}

export function adminEventPart(
  event: Omit<AdminEventItem, 'pk' | 'sk' | 'at'> & { at: Date },
): TransactItem {
  const at = event.at.toISOString();
  const item: AdminEventItem = {
    ...keys.adminEvent(event.programme, at, randomBytes(4).toString('hex')),
    ...event,
    at,
  };
  return { Put: { TableName: tableName(), Item: item } };
}

/** A programme's administration log, oldest first. */
export async function listAdminEvents(programme: ProgrammeId): Promise<AdminEventItem[]> {
  return queryPartition<AdminEventItem>(keys.adminEventPartition(programme), 'EVENT#');
}
