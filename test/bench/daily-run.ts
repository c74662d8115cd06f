// The daily run scales with what is due, not with the table: time per due item with growing
// numbers of due items, in a table holding ten times as many that are not due, and the stack's
// memory meanwhile. Due items are waiting reviews whose reminder is due (until grants exist).

import type { LocalStack } from '../support/local-stack.js';
import { localNow } from '../support/api.js';
import { seedWaitingReviews } from './seed.js';
import { memoryOf, nextMorning } from './stack.js';

export interface DailyRunStep {
  due: number;
  notDue: number;
  runMs: number;
  msPerDueItem: number;
  rssMiB: number;
  peakMiB: number;
}

export async function measureDailyRuns(
  stack: LocalStack,
  endpoint: string,
  table: string,
  sizes: number[],
): Promise<DailyRunStep[]> {
  const steps: DailyRunStep[] = [];
  let notDue = 0;
  for (const due of sizes) {
    const now = await localNow(stack.baseUrl);
    // Due before the next morning's run; the others long after every run of this benchmark.
    const dueAt = new Date(now.getTime() + 60_000);
    const laterAt = new Date(now.getTime() + 300 * 86_400_000);
    const more = 10 * due - notDue;
    await seedWaitingReviews(endpoint, table, { due, notDue: more }, dueAt, laterAt);
    notDue += more;
    const runMs = await nextMorning(stack);
    const memory = await memoryOf(stack.pid() ?? 0);
    steps.push({
      due,
      notDue,
      runMs: Math.round(runMs),
      msPerDueItem: Math.round((runMs / due) * 100) / 100,
      ...memory,
    });
  }
  return steps;
}
