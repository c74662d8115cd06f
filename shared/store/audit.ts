// The audit trail: one item per event under the application, sorted by time.

import { randomBytes } from 'node:crypto';
import type { AuditEventType } from '../domain/review.js';
import { keys, type AuditEventItem } from './items.js';
import { put, queryPartition, tableName, type TransactItem } from './table.js';

export const SYSTEM_ACTOR = 'system';

export function auditEvent(
  applicationId: string,
  type: AuditEventType,
  by: string,
  at: Date,
  comment?: string,
): AuditEventItem {
  const iso = at.toISOString();
  return {
    ...keys.event(applicationId, iso, randomBytes(4).toString('hex')),
    applicationId,
    type,
    at: iso,
    by,
    ...(comment !== undefined && comment !== '' && { comment }),
  };
}

export function auditPut(event: AuditEventItem): TransactItem {
  return { Put: { TableName: tableName(), Item: event } };
}

export async function recordEvent(event: AuditEventItem): Promise<void> {
  await put(event as unknown as AuditEventItem & Record<string, unknown>);
}

export async function listEvents(applicationId: string): Promise<AuditEventItem[]> {
  return queryPartition<AuditEventItem>(keys.application(applicationId).pk, keys.eventPrefix);
}
