// One mechanism for every item a workflow task waits on: review rounds, change requests, yearly
// confirmations and instalments awaiting payment. Step Functions gives each attempt of a task a new
// token, so an attempt retried after a failure part-way takes over what the earlier attempt began. The
// answer (a decision, an outcome) is handed to the waiting token exactly once; when Step Functions
// cannot be reached, the item's "resume" timer leaves it for the daily run.

import { logger, errorName } from '../adapters/logger.js';
import { isAlive, resumeTask, type ExecutionStatus } from '../adapters/workflow.js';
import { WorkflowDataError } from '../errors.js';
import type { Key } from '../store/table.js';
import {
  markTaskResumed,
  moveTaskToken,
  readWaitingTask,
  type WaitingTaskFields,
} from '../store/waiting-tasks.js';

/** An item family a workflow task waits on. */
export interface WaitingTaskFamily<Item extends WaitingTaskFields> {
  /** What the item is called in error messages, e.g. "review round". */
  readonly name: string;
  /** The answer to hand to the waiting task, or undefined while there is none yet. */
  answerOf(item: Item): object | undefined;
  /**
   * For families whose answer someone must still hear of when the workflow has stopped: the status
   * of the execution the item's application runs under, and what to do instead of the workflow.
   * Without it, a token that no longer waits counts as handed over.
   */
  stopped?: {
    executionStatus(item: Item): Promise<ExecutionStatus>;
    settle(item: Item, now: Date): Promise<void>;
  };
}

/**
 * Whether this caller may look at the execution (DescribeExecution) when the token no longer waits.
 * Only the daily run may (and may mail): anyone else leaves the item's timer for it.
 */
export type WhenNotWaiting = 'check-execution' | 'leave-to-timer';

/**
 * Moves an item to the token of the attempt now running, unless it already holds it; the earlier
 * attempt's token is dead. Answers the item as it is now, or throws if a third attempt holds it.
 */
export async function takeOverTask<Item extends WaitingTaskFields & { applicationId: string }>(
  family: WaitingTaskFamily<Item>,
  key: Key,
  item: Item,
  taskToken: string,
): Promise<Item> {
  if (item.taskToken === taskToken) return item;
  await moveTaskToken(key, item.taskToken, taskToken);
  const current = await readWaitingTask<Item>(key);
  if (current?.taskToken !== taskToken)
    throw new WorkflowDataError(
      `The ${family.name} of ${item.applicationId} belongs to another task`,
    );
  return current;
}

/**
 * Gives an item's answer to its waiting task, once. Safe to call again: an item already resumed, or
 * a token that no longer waits, counts as handed over.
 */
export async function handOverAnswer<Item extends WaitingTaskFields & { applicationId: string }>(
  family: WaitingTaskFamily<Item>,
  key: Key,
  now = new Date(),
  whenNotWaiting: WhenNotWaiting = 'leave-to-timer',
): Promise<void> {
  const item = await readWaitingTask<Item>(key);
  if (!item || item.resumedAt) return;
  const answer = family.answerOf(item);
  if (!answer) return;
  const result = await resumeTask(item.taskToken, answer);
  if (result === 'already-resumed') {
    // Either the task is between two attempts (the next takes the item over and is handed the
    // answer then) or its execution has ended, and then someone must still act on the answer.
    const log = { applicationId: item.applicationId, item: family.name };
    if (family.stopped) {
      // The item's "resume" timer stays, so the daily run looks at the execution.
      if (whenNotWaiting === 'leave-to-timer') {
        logger.warn('workflow task no longer waiting; the daily run checks its execution', log);
        return;
      }
      const status = await family.stopped.executionStatus(item);
      // Running: between two attempts, the next takes the item over. Only a stopped execution
      // (failed, timed out, aborted) leaves the answer with nobody to act on it.
      if (!isAlive(status)) await family.stopped.settle(item, now);
    } else {
      logger.warn('workflow task no longer waiting', log);
    }
  }
  await markTaskResumed(key, item.taskToken, now);
}

/**
 * After a decision or an amendment has been committed, the person who made it gets their answer
 * even if Step Functions cannot be reached: the item's "resume" timer makes the daily run hand it
 * over later.
 */
export async function handOverOrLeaveToTimer<
  Item extends WaitingTaskFields & { applicationId: string },
>(family: WaitingTaskFamily<Item>, key: Key, applicationId: string): Promise<void> {
  try {
    await handOverAnswer(family, key);
  } catch (error) {
    logger.error('hand-over to the workflow failed; the daily run retries it', {
      applicationId,
      item: family.name,
      error: errorName(error),
    });
  }
}
