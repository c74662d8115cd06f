// What a programme lead may do to one application from its staff page
// (POST /staff/applications/{id}/actions): the actions, and the checks on what the lead sends. Pure;
// shared/services/staff-actions.ts carries them out.

import type { FieldError } from './application.js';
import { type ComplaintAction, parseComplaintAction } from './letters.js';
import { checkText, type TextRule } from './text.js';

/** Every action the path names (docs/api.md); those not in BUILT_STAFF_ACTIONS are refused with 400. */
export const STAFF_ACTIONS = [
  'withdraw',
  'resume',
  'end-grant',
  'hold-instalment',
  'release-instalment',
  'change-contact',
  'resend-links',
  'replace-reviewer',
  'complaint-granted',
  'complaint-forwarded',
] as const;
export type StaffActionName = (typeof STAFF_ACTIONS)[number];

/** The actions carried out so far. */
export const BUILT_STAFF_ACTIONS = [
  'withdraw',
  'resume',
  'complaint-granted',
  'complaint-forwarded',
] as const;

export type StaffAction =
  | { action: 'withdraw'; reason: string }
  /** Without `year`: the review; with it, that position-year's payment (position 1 by default). */
  | { action: 'resume'; payment?: { position: number; year: number } }
  | ComplaintAction;

export const STAFF_ACTION_LABELS: Record<(typeof BUILT_STAFF_ACTIONS)[number], string> = {
  withdraw: 'Trekk søknaden etter ønske fra kommunen',
  resume: 'Start stoppet saksbehandling på nytt',
  'complaint-granted': 'Ta klagen til følge og endre vedtaket',
  'complaint-forwarded': 'Send klagen til klageinstansen',
};

/** The reason for a withdrawal, as the audit keeps it: a textarea's text. */
const REASON: TextRule = { kind: 'multi-line', maxLength: 1000, requiresContent: true };

type Parsed = { ok: true; value: StaffAction } | { ok: false; errors: FieldError[] };

/**
 * Reads an action's body: a form's fields (text) or a JSON object of any shape. Fields an action
 * does not use are ignored (the form's `csrf` among them).
 */
export function parseStaffAction(input: unknown): Parsed {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return fail('', 'invalid-type', 'Send et JSON-objekt med feltet «action».');
  }
  const fields = input as Record<string, unknown>;
  const action = fields.action;
  if (action === undefined || action === null || action === '') {
    return fail('action', 'required', 'Velg en handling.');
  }
  if (typeof action !== 'string')
    return fail('action', 'invalid-type', 'Handlingen må være tekst.');
  if (!(STAFF_ACTIONS as readonly string[]).includes(action)) {
    return fail('action', 'unknown', 'Denne handlingen finnes ikke.');
  }
  switch (action) {
    case 'withdraw':
      return parseWithdraw(fields);
    case 'resume':
      return parseResume(fields);
    case 'complaint-granted':
    case 'complaint-forwarded':
      return parseComplaintAction(action, fields);
    default:
      return fail('action', 'not-available', 'Denne handlingen er ikke tilgjengelig ennå.');
  }
}

function parseWithdraw(fields: Record<string, unknown>): Parsed {
  const errors: FieldError[] = [];
  const reason = typeof fields.reason === 'string' ? fields.reason.trim() : '';
  if (fields.reason !== undefined && fields.reason !== null && typeof fields.reason !== 'string') {
    errors.push({ path: 'reason', code: 'invalid-type', message: 'Begrunnelsen må være tekst.' });
  } else if (reason === '') {
    errors.push({
      path: 'reason',
      code: 'required',
      message: 'Skriv hvorfor søknaden trekkes, for eksempel at kommunen ba om det.',
    });
  } else {
    const problem = checkText(reason, REASON);
    if (problem) {
      errors.push({
        path: 'reason',
        code: problem.code,
        message:
          problem.code === 'too-large'
            ? `Begrunnelsen kan ikke være lengre enn ${REASON.maxLength} tegn.`
            : problem.message,
      });
    }
  }
  // Cannot be undone: the form's box, or JSON `confirm: true`.
  if (fields.confirm !== true && fields.confirm !== 'true') {
    errors.push({
      path: 'confirm',
      code: 'required',
      message: 'Kryss av for å bekrefte at søknaden skal trekkes. Dette kan ikke angres.',
    });
  }
  return errors.length > 0
    ? { ok: false, errors }
    : { ok: true, value: { action: 'withdraw', reason } };
}

function parseResume(fields: Record<string, unknown>): Parsed {
  const absent = (v: unknown) => v === undefined || v === null || v === '';
  if (absent(fields.year)) {
    if (!absent(fields.position)) {
      return fail('year', 'required', 'Velg året som skal betales når du velger en stilling.');
    }
    return { ok: true, value: { action: 'resume' } };
  }
  const errors: FieldError[] = [];
  const year = wholeNumber(fields.year, 1, 10);
  if (year === undefined) {
    errors.push({
      path: 'year',
      code: 'invalid',
      message: 'Året må være et helt tall fra 1 til 10.',
    });
  }
  const position = absent(fields.position) ? 1 : wholeNumber(fields.position, 1, 99);
  if (position === undefined) {
    errors.push({
      path: 'position',
      code: 'invalid',
      message: 'Stillingen må være et helt tall fra 1 til 99.',
    });
  }
  if (errors.length > 0 || year === undefined || position === undefined)
    return { ok: false, errors };
  return { ok: true, value: { action: 'resume', payment: { position, year } } };
}

/** A whole number within bounds, as JSON number or a form's digits. */
function wholeNumber(value: unknown, min: number, max: number): number | undefined {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d{1,3}$/.test(value.trim())
        ? Number(value.trim())
        : Number.NaN;
  return Number.isInteger(n) && n >= min && n <= max ? n : undefined;
}

function fail(path: string, code: string, message: string): Parsed {
  return { ok: false, errors: [{ path, code, message }] };
}
