// Named errors. Each keeps its `name` (Step Functions Retry/Catch and the HTTP mapping match on it)
// and its `cause`. The web routes turn them into answers in one place.

import type { FieldError } from './domain/application.js';

export class AppError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The request itself is wrong; the messages are for the user (bokmål). */
export class ValidationError extends AppError {
  constructor(readonly errors: FieldError[]) {
    super(`Invalid input: ${errors.map((e) => e.path).join(', ')}`);
  }
}

/** The request is sound but the state of the world refuses it (closed round, full capacity, ...). */
export class ConflictError extends AppError {
  constructor(readonly errors: FieldError[]) {
    super(`Conflict: ${errors.map((e) => e.code).join(', ')}`);
  }
}

export class NotFoundError extends AppError {}

/** A link or a deadline that has passed. */
export class GoneError extends AppError {}

/** A workflow step found data it cannot work with; retrying will not help. */
export class WorkflowDataError extends AppError {}

/** The daily run worked through everything due, but some items failed; it is safe to run again. */
export class DailyRunIncompleteError extends AppError {}

/** A review round that already has its decision; the answer names who decided what, and when. */
export class AlreadyDecidedError extends AppError {
  constructor(
    readonly decision: { decision: string; by: string; at: string },
    readonly applicationId: string,
    readonly round: number,
  ) {
    super('Review round already decided');
  }
}

/** An approval that would exceed the round's positions or the municipality's cap. Nothing was recorded. */
export class ApprovalRefusedError extends AppError {
  constructor(
    readonly reason: string,
    readonly applicationId: string,
  ) {
    super('Approval refused: capacity');
  }
}

/** A limit per period was reached; `retryAfterSeconds` says when the period ends. */
export class TooManyRequestsError extends AppError {
  constructor(
    readonly errors: FieldError[],
    readonly retryAfterSeconds: number,
  ) {
    super(`Too many requests: ${errors.map((e) => e.code).join(', ')}`);
  }
}

/** A signed-in staff member without the role the action needs (the lead's, say). */
export class ForbiddenError extends AppError {}

/** A request this site's own pages did not send: a cross-site post, or a form without its token. */
export class CrossSiteRequestError extends AppError {}

/** The contact's address is blocked for the programme: refused, and nobody is told. */
export class ContactBlockedError extends AppError {}
