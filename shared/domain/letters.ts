// Decision letters and complaints, as public administration has them (forvaltningsloven): which
// decisions are letters, what a letter holds, how long a complaint may be filed, and what a
// complaint must say. Pure; shared/presentation/letter.ts words a letter, shared/services/letters.ts
// sends, keeps and answers them.

import type { FieldError } from './application.js';
import { addDaysToDate, type CalendarDate, osloDateOf, startOfOsloDayAfter } from './calendar.js';
import type { LetterSettings, Programme, ProgrammeId } from './programmes.js';
import { checkText, type TextRule } from './text.js';

/**
 * Every decision that refuses or reduces. An approval of all that was asked is no letter: nobody
 * complains of getting what they asked for, and nothing waits for the three weeks.
 */
export const LETTER_KINDS = [
  'rejected',
  'reduced',
  'position-ended',
  'position-lapsed',
  'unconfirmed',
] as const;
export type LetterKind = (typeof LETTER_KINDS)[number];

/** A cancelled year, as an ended position's letter lists it. */
export interface CancelledYear {
  position: number;
  year: number;
  dueDate: CalendarDate;
  net: number;
}

/** What was decided, with the facts its reasons rest on. */
export type LetterDecision =
  | { kind: 'rejected'; comment: string }
  | {
      kind: 'reduced';
      positionsRequested: number;
      positionsApproved: number;
      /** The round's most per position per year, and what the decision gives. */
      maxYearlyAmount: number;
      yearlyAmount: number;
      maxPositionsPerMunicipality: number;
      comment?: string;
    }
  | {
      kind: 'position-ended';
      /** Named when the grant has more than one position. */
      position?: number;
      /** The programme lead ended it (a staff action), not the municipality's report. */
      byLead?: true;
      endedOn: CalendarDate;
      cancelled: CancelledYear[];
    }
  | {
      kind: 'unconfirmed';
      position?: number;
      endedOn: CalendarDate;
      endUnconfirmedDaysAfterDue: number;
      cancelled: CancelledYear[];
    }
  | {
      kind: 'position-lapsed';
      position: number;
      lapsedOn: CalendarDate;
      lapseAfterMonths: number;
    };

/**
 * A letter as sent and kept: everything it says is here, the programme's settings as they were on
 * the day, so that showing it again years later shows the same letter.
 */
export interface Letter {
  /** 1, 2, … within its case: the document id is `letter-<number>`. */
  number: number;
  /** What made it, unique within its case (`letterSource`): a retried send finds its letter. */
  source: string;
  sentAt: string;
  /** The case number: the application id. */
  caseNumber: string;
  programme: {
    id: ProgrammeId;
    name: string;
    /** The body that decided, and to which a complaint goes: the programme owner. */
    owner: string;
    /** Whom to ask: the programme's lead. */
    contact: string;
  } & LetterSettings;
  recipient: { municipalityName: string; contactName: string };
  decision: LetterDecision;
}

/** A letter's source key: one letter per decision, so a retried e-mail keeps its letter. */
export function letterSource(decision: LetterDecision, reviewRound = 0): string {
  switch (decision.kind) {
    case 'rejected':
      return `rejected-r${reviewRound}`;
    case 'reduced':
      return `reduced-r${reviewRound}`;
    case 'position-ended':
    case 'unconfirmed':
    case 'position-lapsed':
      return `${decision.kind}-p${decision.position ?? 1}`;
  }
}

/**
 * The letter an approval makes, if it gives less than was asked: fewer positions, or a lower
 * yearly amount than the round's most. An approval as asked answers undefined.
 */
export function approvalLetter(
  asked: { positionsRequested: number },
  decided: { positionsApproved?: number; yearlyAmount?: number; comment?: string },
  round: { maxYearlyAmount: number; maxPositionsPerMunicipality: number },
): Extract<LetterDecision, { kind: 'reduced' }> | undefined {
  const positionsApproved = decided.positionsApproved ?? asked.positionsRequested;
  const yearlyAmount = decided.yearlyAmount ?? round.maxYearlyAmount;
  if (positionsApproved >= asked.positionsRequested && yearlyAmount >= round.maxYearlyAmount)
    return undefined;
  return {
    kind: 'reduced',
    positionsRequested: asked.positionsRequested,
    positionsApproved,
    maxYearlyAmount: round.maxYearlyAmount,
    yearlyAmount,
    maxPositionsPerMunicipality: round.maxPositionsPerMunicipality,
    ...(decided.comment?.trim() && { comment: decided.comment.trim() }),
  };
}

/**
 * The programme's part of a letter, as the programme stands on the day it is sent; `lead` is its
 * lead then (the staff register's), the contact for questions.
 */
export function letterProgramme(programme: Programme, lead: string): Letter['programme'] {
  return {
    id: programme.id,
    name: programme.name,
    owner: programme.owner,
    contact: lead,
    legalBasis: programme.letters.legalBasis,
    klageinstans: { ...programme.letters.klageinstans },
  };
}

// ---- The three weeks (forvaltningsloven § 29) ----

/** Weeks a municipality has to complain, from the day it received the letter. */
export const COMPLAINT_WEEKS = 3;
const COMPLAINT_DAYS = COMPLAINT_WEEKS * 7;

/**
 * The last Oslo day a complaint is taken: a letter sent on day 0 may be complained of through
 * day 21. The e-mail arrives the day it is sent, so the day of sending counts as the day received.
 */
export function complaintLastDay(sentAt: Date): CalendarDate {
  return addDaysToDate(osloDateOf(sentAt), COMPLAINT_DAYS);
}

/** The instant the complaint closes: the start of day 22 in Oslo. */
export function complaintClosesAt(sentAt: Date): Date {
  return startOfOsloDayAfter(sentAt, COMPLAINT_DAYS + 1);
}

export function isComplaintOpen(sentAt: Date, now: Date): boolean {
  return now.getTime() < complaintClosesAt(sentAt).getTime();
}

// ---- The complaint itself ----

/** A complaint's text: what a textarea sends, bounded as the application's longest field is. */
export const COMPLAINT_TEXT: TextRule = {
  kind: 'multi-line',
  maxLength: 8000,
  requiresContent: true,
};

export type ComplaintInput = { ok: true; text: string } | { ok: false; errors: FieldError[] };

/** Reads a complaint's body: a form's fields or a JSON object of any shape; `text` is required. */
export function parseComplaint(input: unknown): ComplaintInput {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return fail('', 'invalid-type', 'Send et JSON-objekt med feltet «text».');
  }
  const value = (input as { text?: unknown }).text;
  if (value === undefined || value === null) {
    return fail('text', 'required', 'Skriv klagen: hva dere klager på, og hvorfor.');
  }
  if (typeof value !== 'string') return fail('text', 'invalid-type', 'Klagen må være tekst.');
  const text = value.trim();
  if (text === '') return fail('text', 'required', 'Skriv klagen: hva dere klager på, og hvorfor.');
  const problem = checkText(text, COMPLAINT_TEXT);
  if (problem) {
    return fail(
      'text',
      problem.code,
      problem.code === 'too-large'
        ? `Klagen kan ikke være lengre enn ${COMPLAINT_TEXT.maxLength} tegn.`
        : problem.message,
    );
  }
  return { ok: true, text };
}

// ---- The lead's answer (POST /staff/applications/{id}/actions) ----

/** The two answers a lead gives a complaint; shared/services/complaints.ts carries them out. */
export type ComplaintAction =
  | {
      action: 'complaint-granted';
      /** The letter whose complaint is meant; absent, the oldest waiting. */
      complaint?: number;
      /** For a reduction: the positions the grant has after it. */
      positionsApproved?: number;
    }
  | { action: 'complaint-forwarded'; complaint?: number; comment?: string };

/** The lead's comment to the klageinstans: a textarea's text. */
const FORWARD_COMMENT: TextRule = { kind: 'multi-line', maxLength: 4000, requiresContent: true };

/** Reads a complaint action's fields (a form's text or JSON of any shape); others are ignored. */
export function parseComplaintAction(
  action: ComplaintAction['action'],
  fields: Record<string, unknown>,
): { ok: true; value: ComplaintAction } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const complaint = optionalWhole(fields.complaint, 999);
  if (complaint === null)
    errors.push({
      path: 'complaint',
      code: 'invalid',
      message: 'Klagen angis med brevets nummer, et helt tall fra 1.',
    });
  if (action === 'complaint-granted') {
    const positions = optionalWhole(fields.positionsApproved, 99);
    if (positions === null)
      errors.push({
        path: 'positionsApproved',
        code: 'invalid',
        message: 'Antall stillinger må være et helt tall fra 1 til 99.',
      });
    if (errors.length > 0) return { ok: false, errors };
    return {
      ok: true,
      value: {
        action,
        ...(complaint !== undefined && complaint !== null && { complaint }),
        ...(positions !== undefined && positions !== null && { positionsApproved: positions }),
      },
    };
  }
  let comment: string | undefined;
  const raw = fields.comment;
  if (raw !== undefined && raw !== null && typeof raw !== 'string') {
    errors.push({ path: 'comment', code: 'invalid-type', message: 'Kommentaren må være tekst.' });
  } else if (typeof raw === 'string' && raw.trim() !== '') {
    const problem = checkText(raw.trim(), FORWARD_COMMENT);
    if (problem)
      errors.push({
        path: 'comment',
        code: problem.code,
        message:
          problem.code === 'too-large'
            ? `Kommentaren kan ikke være lengre enn ${FORWARD_COMMENT.maxLength} tegn.`
            : problem.message,
      });
    else comment = raw.trim();
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      action,
      ...(complaint !== undefined && complaint !== null && { complaint }),
      ...(comment && { comment }),
    },
  };
}

/** Absent (undefined), a whole number 1..max, or null for anything else. */
function optionalWhole(value: unknown, max: number): number | undefined | null {
  if (value === undefined || value === null || value === '') return undefined;
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d{1,3}$/.test(value.trim())
        ? Number(value.trim())
        : Number.NaN;
  return Number.isInteger(n) && n >= 1 && n <= max ? n : null;
}

function fail(path: string, code: string, message: string): { ok: false; errors: FieldError[] } {
  return { ok: false, errors: [{ path, code, message }] };
}
