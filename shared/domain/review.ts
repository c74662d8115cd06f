// Review rules: statuses, decisions, and when a waiting review needs a nudge. Pure.

import type { GrantEventType } from './grant.js';
import type { FieldError } from './application.js';
import { startOfOsloDayAfter } from './calendar.js';
import type { MoveTable } from './moves.js';
import type { Programme } from './programmes.js';
import { checkText, type TextRule } from './text.js';

export const APPLICATION_STATUSES = [
  'AWAITING_CONTACT',
  'SUBMITTED',
  'IN_REVIEW',
  'CHANGES_REQUESTED',
  'APPROVED',
  'REJECTED',
  'WITHDRAWN',
  'ACTIVE',
  'COMPLETED',
  'ENDED',
  'COMPLAINED',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/**
 * How an approved application follows its grant: ACTIVE once the grant is written, then ENDED or
 * COMPLETED as the grant is. APPROVED may also end or complete directly: applications approved
 * before statuses followed grants still read APPROVED. (The review's own moves carry further
 * conditions, the round and the version, and are written by the review's store functions.)
 */
export const APPLICATION_GRANT_MOVES: MoveTable<ApplicationStatus> = {
  AWAITING_CONTACT: [],
  SUBMITTED: [],
  IN_REVIEW: [],
  CHANGES_REQUESTED: [],
  APPROVED: ['ACTIVE', 'ENDED', 'COMPLETED'],
  REJECTED: [],
  WITHDRAWN: [],
  ACTIVE: ['ENDED', 'COMPLETED'],
  COMPLETED: [],
  ENDED: [],
  COMPLAINED: [],
};

/**
 * The status an application shows: COMPLAINED while a complaint of it waits for the programme's
 * answer, else its own. COMPLAINED is never stored as `status`: the status goes on following the
 * review and the grant underneath (a reduced grant keeps paying while its complaint is read, and
 * the three weeks never hold up anything), and the open complaints are counted beside it.
 */
export function statusShown(app: {
  status: ApplicationStatus;
  openComplaints?: number;
}): ApplicationStatus {
  return (app.openComplaints ?? 0) > 0 ? 'COMPLAINED' : app.status;
}

export const DECISIONS = ['approve', 'reject', 'request-changes'] as const;
export type Decision = (typeof DECISIONS)[number];

export const STATUS_AFTER_DECISION: Record<Decision, ApplicationStatus> = {
  approve: 'APPROVED',
  reject: 'REJECTED',
  'request-changes': 'CHANGES_REQUESTED',
};

/** Audit event types; the status page and exports show them. */
export type AuditEventType =
  | 'submitted'
  | 'receipt-sent'
  | 'contact-confirmed'
  | 'review-requested'
  | 'review-reminder-sent'
  | 'review-escalated'
  | 'review-links-renewed'
  | 'approved'
  | 'rejected'
  | 'changes-requested'
  | 'amended'
  | 'withdrawn'
  | 'municipality-notified'
  /** SES reported the e-mail of this application as bouncing (or a complaint): the address is marked. */
  | 'mail-undeliverable'
  /** An e-mail of this application was not sent: its address is marked undeliverable. */
  | 'mail-skipped'
  | 'reviewers-notified'
  /** A lead restarted a stopped review or payment from the staff page. */
  | 'workflow-resumed'
  /** The retention after the case concluded ran out: its personal data were replaced by a marker. */
  | 'personal-data-erased'
  /** A decision letter went to the municipality (shared/domain/letters.ts). */
  | 'letter-sent'
  | 'complaint-filed'
  /** The programme reversed its decision on a complaint (forvaltningsloven § 33). */
  | 'complaint-granted'
  /** The programme sent a complaint it did not grant on to the klageinstans. */
  | 'complaint-forwarded'
  /** A lead sent the reviewers fresh decision links; the earlier ones answer 410. */
  | 'decision-links-resent'
  /** A lead replaced a reviewer on the open review round. */
  | 'reviewer-replaced'
  /** A lead changed the application's contact; the earlier status link answers 404. */
  | 'contact-changed'
  | GrantEventType;

export const EVENT_FOR_DECISION: Record<Decision, AuditEventType> = {
  approve: 'approved',
  reject: 'rejected',
  'request-changes': 'changes-requested',
};

/** The reviewer's comment goes to the municipality, typed in a textarea like the application. */
const COMMENT: TextRule = { kind: 'multi-line', maxLength: 4000, requiresContent: true };
const tooLongComment = `Kommentaren kan ikke være lengre enn ${COMMENT.maxLength} tegn.`;

export type DecisionInput =
  | { ok: true; decision: Decision; comment: string }
  | { ok: false; errors: FieldError[] };

export function parseDecision(fields: { decision?: unknown; comment?: unknown }): DecisionInput {
  const errors: FieldError[] = [];
  const decision = DECISIONS.find((d) => d === fields.decision);
  if (!decision) errors.push({ path: 'decision', code: 'required', message: 'Velg et vedtak.' });

  const comment = typeof fields.comment === 'string' ? fields.comment.trim() : '';
  // JSON may say null for no comment; any other non-text is a mistake worth naming.
  if (fields.comment != null && typeof fields.comment !== 'string') {
    errors.push({ path: 'comment', code: 'invalid-type', message: 'Kommentaren må være tekst.' });
  } else if (comment === '') {
    if (decision && decision !== 'approve') {
      errors.push({
        path: 'comment',
        code: 'required',
        message:
          decision === 'reject'
            ? 'Skriv en begrunnelse for avslaget; kommunen får den.'
            : 'Skriv hva kommunen må endre; kommunen får kommentaren.',
      });
    }
  } else {
    const problem = checkText(comment, COMMENT);
    if (problem) {
      errors.push({
        path: 'comment',
        code: problem.code,
        message: problem.code === 'too-large' ? tooLongComment : problem.message,
      });
    }
  }
  return decision && errors.length === 0 ? { ok: true, decision, comment } : { ok: false, errors };
}

/**
 * The statuses from which the municipality may withdraw its application (through its status link):
 * before any decision. After one, declining the grant is another matter.
 */
export const WITHDRAWABLE_STATUSES: readonly ApplicationStatus[] = [
  'AWAITING_CONTACT',
  'SUBMITTED',
  'IN_REVIEW',
  'CHANGES_REQUESTED',
];

/**
 * A withdrawal needs an explicit confirmation: JSON `confirm: true`, or the form's checkbox (the
 * web layer turns it into `true`). Any other body is refused with the field named.
 */
export function parseWithdrawal(input: unknown): FieldError[] {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return [
      {
        path: '',
        code: 'invalid-type',
        message: 'Send et JSON-objekt med «confirm»: true for å trekke søknaden.',
      },
    ];
  }
  const confirm = (input as { confirm?: unknown }).confirm;
  if (confirm === true) return [];
  if (confirm === undefined || confirm === null || confirm === false) {
    return [
      {
        path: 'confirm',
        code: 'required',
        message: 'Kryss av for å bekrefte at søknaden skal trekkes.',
      },
    ];
  }
  return [
    {
      path: 'confirm',
      code: 'invalid-type',
      message: 'Bekreftelsen må være true (eller avkrysset i skjemaet).',
    },
  ];
}

/**
 * A waiting review moves through these stages, each due at a time set by the programme:
 * reminder to reviewers, then escalation to the lead, then — if the window closes undecided —
 * fresh links for a new window (and the cycle starts again). A review never times out into an error.
 * Days are Oslo calendar days: a stage n days after a request is due when the n-th day begins, so
 * that day's 06:00 run takes it, whatever the hour of the request.
 */
export type ReviewTimerStage = 'reminder' | 'escalation' | 'renewal';

export interface ReviewTimer {
  stage: ReviewTimerStage;
  dueAt: Date;
}

export function firstReviewTimer(requestedAt: Date, programme: Programme): ReviewTimer {
  return {
    stage: 'reminder',
    dueAt: startOfOsloDayAfter(requestedAt, programme.review.reminderAfterDays),
  };
}

/** The timer after `stage` has fired, for a review whose current window opened at `windowStart`. */
export function nextReviewTimer(
  stage: ReviewTimerStage,
  windowStart: Date,
  windowEnd: Date,
  programme: Programme,
): ReviewTimer {
  switch (stage) {
    case 'reminder':
      return {
        stage: 'escalation',
        dueAt: startOfOsloDayAfter(windowStart, programme.review.escalationAfterDays),
      };
    case 'escalation':
      return { stage: 'renewal', dueAt: windowEnd };
    case 'renewal':
      return firstReviewTimer(windowEnd, programme);
  }
}

export function reviewWindowEnd(start: Date, programme: Programme): Date {
  return startOfOsloDayAfter(start, programme.review.windowDays);
}

/**
 * When an application whose contact has not confirmed the address is withdrawn: at the end of the
 * programme's confirmation window, counted in Oslo days from the submission.
 */
export function contactConfirmationDeadline(submittedAt: Date, programme: Programme): Date {
  return startOfOsloDayAfter(submittedAt, programme.review.contactConfirmationDays);
}

export function changesDeadline(requestedAt: Date, programme: Programme): Date {
  return startOfOsloDayAfter(requestedAt, programme.review.changesWindowDays);
}

const ID_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32: no I, L, O, U to misread

/** Application ids read well on the phone: `AN-2026-7K3M9Q2P`. `random` is 8 random bytes. */
/** Whether a string has the shape `newApplicationId` gives: worth a database read, or not. */
export function isApplicationIdShape(value: string): boolean {
  return /^[A-Z]{2}-\d{4}-[0-9A-Z]{8}$/.test(value);
}

export function newApplicationId(programme: Programme, at: Date, random: Uint8Array): string {
  const suffix = [...random.slice(0, 8)].map((b) => ID_ALPHABET[b % 32]).join('');
  return `${programme.idPrefix}-${at.getUTCFullYear()}-${suffix}`;
}
