// The daily run (EventBridge Scheduler, 06:00 Oslo): everything due up to now.

import { DailyRunIncompleteError } from '../../shared/errors.js';
import { runDueTimers } from '../../shared/services/timers.js';

export async function handler(): Promise<{ handled: number }> {
  const outcomes = await runDueTimers();
  const failed = outcomes.filter((o) => o.error);
  console.log(
    JSON.stringify({ level: failed.length ? 'error' : 'info', message: 'daily run', outcomes }),
  );
  // Failing the invocation makes Lambda retry it (every step is idempotent) and, after the
  // retries, puts it in the dead-letter queue for someone to see.
  if (failed.length > 0)
    throw new DailyRunIncompleteError(`${failed.length} of ${outcomes.length} due items failed`);
  return { handled: outcomes.length };
}
