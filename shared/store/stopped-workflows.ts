// Workflow executions that stopped after their retries, as their Catch recorded them: one item per
// review and per position-year of a grant, overwritten by a later stop, with a timer due at once.

import { TIMER_FIELDS, keys, timerAttributes, type StoppedWorkflowItem } from './items.js';
import { put, update } from './table.js';

export async function recordStoppedWorkflow(
  stop: Omit<StoppedWorkflowItem, 'pk' | 'sk' | 'timerStage' | 'gsi1pk' | 'gsi1sk'>,
  now: Date,
): Promise<StoppedWorkflowItem> {
  const key = keys.stoppedWorkflow(
    stop.applicationId,
    stop.year === undefined ? undefined : { position: stop.position ?? 1, year: stop.year },
  );
  const item: StoppedWorkflowItem = {
    ...key,
    ...stop,
    timerStage: 'resume',
    ...timerAttributes(now, key),
  };
  await put(item as StoppedWorkflowItem & Record<string, unknown>);
  return item;
}

/**
 * Drops the timer once the workflow runs again; only if the record is still about that execution
 * (a resumed execution that stopped in between wrote a newer stop, which must stay due).
 */
export async function clearStoppedWorkflow(stop: StoppedWorkflowItem): Promise<boolean> {
  return update({
    key: { pk: stop.pk, sk: stop.sk },
    remove: TIMER_FIELDS,
    condition: 'executionName = :stopped',
    values: { ':stopped': stop.executionName },
  });
}
