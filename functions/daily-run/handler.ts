// The daily run (EventBridge Scheduler, 06:00 Oslo): everything due up to now.

import { logger, withLogging } from '../../shared/adapters/logger.js';
import { DailyRunIncompleteError } from '../../shared/errors.js';
import { runDaily } from '../../shared/services/daily-run.js';

export const handler = withLogging(async (): Promise<{ handled: number }> => {
  const outcomes = await runDaily();
  const failed = outcomes.filter((o) => o.error);
  if (failed.length > 0) logger.error('daily run', { outcomes });
  else logger.info('daily run', { outcomes });
  // Failing the invocation makes Lambda retry it (every step is idempotent) and, after the
  // retries, puts it in the dead-letter queue for someone to see.
  if (failed.length > 0)
    throw new DailyRunIncompleteError(`${failed.length} of ${outcomes.length} due items failed`);
  return { handled: outcomes.length };
});
