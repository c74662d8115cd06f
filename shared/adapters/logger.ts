// The one structured logger of a process (Powertools), made at module scope. Lines are JSON and
// carry the Lambda request id, cold start and, where the event names one, the application id.
// Never give it a token, a secret or a task token: they are capabilities, and logs are widely read.

import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';

export const logger = new Logger({ serviceName: 'alis-grants' });

/**
 * Wraps a Lambda handler so that every line it logs carries the invocation's context, and the
 * application id when its event has one. The keys are cleared afterwards, since a warm container
 * keeps the logger for the next invocation. A missing context (a direct call) is tolerated.
 */
export function withLogging<Event, Result>(
  handler: (event: Event, context?: Context) => Promise<Result>,
): (event: Event, context?: Context) => Promise<Result> {
  return async (event, context) => {
    if (context) logger.addContext(context);
    const applicationId = applicationIdOf(event);
    if (applicationId) logger.appendKeys({ applicationId });
    try {
      return await handler(event, context);
    } finally {
      logger.resetKeys();
    }
  };
}

function applicationIdOf(event: unknown): string | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  const id = (event as { applicationId?: unknown }).applicationId;
  return typeof id === 'string' && id.length > 0 ? id : undefined;
}

/** An error's name only: messages may quote input, and SDK errors may echo a task token. */
export function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'Error';
}
