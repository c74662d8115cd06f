// Retention of personal data: a concluded case keeps its personal data for the programme's
// `privacy.retentionYears`, then the daily run replaces them with a marker (`eraseItem` in
// shared/domain/erasure.ts). Both steps are timers in byDue, so the daily run finds them by the
// query it makes anyway: an idle day costs nothing more, and a day's work is the cases that
// concluded or fell due that day, never a walk through history.
//
//   1. A concluding event (rejected, withdrawn, grant completed or ended) carries a timer due at
//      once. The next run checks that the case is concluded (`isConcluded`), writes its schedule
//      (APP#<id> / RETENTION, timer on the erasure day) and drops the event's timer.
//   2. On the erasure day the run erases every item under the case, marks the schedule ERASED and
//      writes `personal-data-erased` to the history. Repeated after a crash, it changes nothing
//      more (erasing is idempotent).

import { isDeepStrictEqual } from 'node:util';
import { startOfOsloDate } from '../domain/calendar.js';
import { eraseItem, erasureDate } from '../domain/erasure.js';
import { isConcluded } from '../domain/concluded.js';
import { getApplication } from '../store/applications.js';
import type { AuditEventItem, RetentionItem } from '../store/items.js';
import {
  caseItems,
  dropEventTimer,
  getRetention,
  markErased,
  postponeErasure,
  reopenErasure,
  scheduleErasure,
  writeErasedItem,
} from '../store/retention.js';
import { loadProgramme } from './programme-settings.js';

/** What staff see of a case's erasure: on its page and in its JSON. */
export interface RetentionView {
  concludedAt: string;
  /** The Oslo day its personal data are erased (as scheduled). */
  eraseOn: string;
  status: RetentionItem['status'];
  erasedAt?: string;
}

export function retentionOf(item: RetentionItem): RetentionView {
  return {
    concludedAt: item.concludedAt,
    eraseOn: item.eraseOn,
    status: item.status,
    ...(item.erasedAt && { erasedAt: item.erasedAt }),
  };
}

/** The daily run's handler of a concluding event's timer: schedules the erasure. */
export async function onConcludingEventTimer(event: AuditEventItem, now: Date): Promise<string> {
  if (event.timerStage !== 'conclude') return 'skipped';
  const app = await getApplication(event.applicationId);
  if (!app || !isConcluded(app.status)) {
    // A complaint or a resumed review reopened it: a later conclusion writes its own event.
    await dropEventTimer(event);
    return 'not-concluded';
  }
  const concludedAt = new Date(event.at);
  const seen = await getRetention(app.applicationId);
  if (seen && Date.parse(seen.concludedAt) >= concludedAt.getTime()) {
    await dropEventTimer(event);
    return 'erasure-already-scheduled';
  }
  const programme = await loadProgramme(app.programme, now);
  const eraseOn = erasureDate(concludedAt, programme.privacy.retentionYears);
  const written = await scheduleErasure(
    event,
    seen,
    { programme: app.programme, concludedAt, eraseOn, dueAt: startOfOsloDate(eraseOn) },
    now,
  );
  return written ? 'erasure-scheduled' : 'skipped';
}

/** The daily run's handler of the erasure day. */
export async function onRetentionTimer(retention: RetentionItem, now: Date): Promise<string> {
  if (retention.timerStage !== 'erase' || retention.status !== 'SCHEDULED') return 'skipped';
  const app = await getApplication(retention.applicationId);
  if (app && !isConcluded(app.status)) {
    await reopenErasure(retention, now);
    return 'erasure-reopened';
  }
  // Read when the day comes: a retention the office has lengthened since is honoured.
  const programme = await loadProgramme(retention.programme, now);
  const eraseOn = erasureDate(new Date(retention.concludedAt), programme.privacy.retentionYears);
  const dueAt = startOfOsloDate(eraseOn);
  if (dueAt.getTime() > now.getTime()) {
    await postponeErasure(retention, eraseOn, dueAt, now);
    return 'erasure-postponed';
  }
  await eraseCase(retention.applicationId);
  return (await markErased(retention, now)) ? 'personal-data-erased' : 'skipped';
}

/**
 * Replaces the personal data of every item kept under the case, writing only the items that
 * change; answers how many did. One partition: the work of one case, however long the history.
 */
export async function eraseCase(applicationId: string): Promise<number> {
  let written = 0;
  for (const item of await caseItems(applicationId)) {
    const erased = eraseItem(item);
    if (isDeepStrictEqual(erased, item)) continue;
    await writeErasedItem(erased);
    written++;
  }
  return written;
}
