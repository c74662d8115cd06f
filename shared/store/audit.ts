// The audit trail: one item per event under the application, sorted by time.

import { randomBytes } from 'node:crypto';
import { isConcludingEvent } from '../domain/erasure.js';
import type { AuditEventType } from '../domain/review.js';
import { keys, timerAttributes, type AuditEventItem } from './items.js';
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
  const key = keys.event(applicationId, iso, randomBytes(4).toString('hex'));
  return {
    ...key,
    applicationId,
    type,
    at: iso,
    by,
    ...(comment !== undefined && comment !== '' && { comment }),
    // Written in the transaction that concludes the case, whichever path concludes it, so that no
    // conclusion goes without its erasure being scheduled (shared/services/retention.ts).
    ...(isConcludingEvent(type) && {
      timerStage: 'conclude' as const,
      ...timerAttributes(at, key),
    }),
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
