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

/** The programme's part of a letter, as the programme stands on the day it is sent. */
export function letterProgramme(programme: Programme): Letter['programme'] {
  return {
    id: programme.id,
    name: programme.name,
    owner: programme.owner,
    contact: programme.people.lead,
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

/**
 * How a complaint the programme grants changes a reduction: the positions the lead enters, more
 * than the decision gave and at most those asked (1 to 99 as a form's digits or a JSON number).
 */
export function parseRaisedPositions(
  value: unknown,
  range: { approved: number; requested: number },
): { ok: true; value: number } | { ok: false; errors: FieldError[] } {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d{1,2}$/.test(value.trim())
        ? Number(value.trim())
        : Number.NaN;
  if (value === undefined || value === null || value === '') {
    return fail(
      'positionsApproved',
      'required',
      `Skriv hvor mange stillinger kommunen får nå (${range.requested} ble søkt).`,
    );
  }
  if (!Number.isInteger(n) || n < 1 || n > range.requested) {
    return fail(
      'positionsApproved',
      'invalid',
      `Antall stillinger må være et helt tall fra 1 til ${range.requested}.`,
    );
  }
  return { ok: true, value: n };
}

function fail(path: string, code: string, message: string): { ok: false; errors: FieldError[] } {
  return { ok: false, errors: [{ path, code, message }] };
}
