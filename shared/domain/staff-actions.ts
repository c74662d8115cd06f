// What a programme lead may do to one application from its staff page
// (POST /staff/applications/{id}/actions): the actions, and the checks on what the lead sends. Pure;
// shared/services/staff-actions.ts carries them out.

import { type FieldError, applicationSchema, toFieldError } from './application.js';
import { type CalendarDate, isCalendarDate } from './calendar.js';
import { isStaffAddress, normaliseAddress } from './staff.js';
import { type ComplaintAction, parseComplaintAction } from './letters.js';
import { checkText, type TextRule } from './text.js';

/** Every action the path names (docs/api.md). */
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

/** A position-year of a grant, as the instalment actions name it. */
export interface InstalmentRef {
  position: number;
  year: number;
}

/** The contact's fields the lead may change, under the application's own rules. */
export interface ContactChange {
  name: string;
  email: string;
  phone: string;
}

export type StaffAction =
  | { action: 'withdraw'; reason: string }
  /** Without `year`: the review; with it, that position-year's payment (position 1 by default). */
  | { action: 'resume'; payment?: InstalmentRef }
  | { action: 'resend-links' }
  | { action: 'replace-reviewer'; from: string; to: string }
  | { action: 'change-contact'; contact: ContactChange }
  /** Without `position`: every running position of the grant. */
  | { action: 'end-grant'; position?: number; endDate: CalendarDate; reason: string }
  | { action: 'hold-instalment' | 'release-instalment'; instalment: InstalmentRef }
  | ComplaintAction;

export const STAFF_ACTION_LABELS: Record<StaffActionName, string> = {
  withdraw: 'Trekk søknaden etter ønske fra kommunen',
  resume: 'Start stoppet saksbehandling på nytt',
  'resend-links': 'Send nye vedtakslenker til fagrådet',
  'replace-reviewer': 'Bytt en fagrådsmedlem i vurderingen',
  'change-contact': 'Endre kontaktperson',
  'end-grant': 'Avslutt tilskuddet',
  'hold-instalment': 'Hold tilbake en utbetaling',
  'release-instalment': 'Frigi en tilbakeholdt utbetaling',
  'complaint-granted': 'Ta klagen til følge og endre vedtaket',
  'complaint-forwarded': 'Send klagen til klageinstansen',
};

/** The reason for a withdrawal or an end, as the audit keeps it: a textarea's text. */
const REASON: TextRule = { kind: 'multi-line', maxLength: 1000, requiresContent: true };

type Parsed = { ok: true; value: StaffAction } | { ok: false; errors: FieldError[] };
type Fields = Record<string, unknown>;

/** Each action's reader; another action is one more entry (and one more case in the service). */
const PARSERS: Record<StaffActionName, (fields: Fields) => Parsed> = {
  withdraw: parseWithdraw,
  resume: parseResume,
  'resend-links': () => ({ ok: true, value: { action: 'resend-links' } }),
  'replace-reviewer': parseReplaceReviewer,
  'change-contact': parseChangeContact,
  'end-grant': parseEndGrant,
  'hold-instalment': (fields) => parseInstalmentAction('hold-instalment', fields),
  'release-instalment': (fields) => parseInstalmentAction('release-instalment', fields),
  'complaint-granted': (fields) => parseComplaintAction('complaint-granted', fields),
  'complaint-forwarded': (fields) => parseComplaintAction('complaint-forwarded', fields),
};

/**
 * Reads an action's body: a form's fields (text) or a JSON object of any shape. Fields an action
 * does not use are ignored (the form's `csrf` among them).
 */
export function parseStaffAction(input: unknown): Parsed {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return fail('', 'invalid-type', 'Send et JSON-objekt med feltet «action».');
  }
  const fields = input as Fields;
  const action = fields.action;
  if (action === undefined || action === null || action === '') {
    return fail('action', 'required', 'Velg en handling.');
  }
  if (typeof action !== 'string')
    return fail('action', 'invalid-type', 'Handlingen må være tekst.');
  if (!(STAFF_ACTIONS as readonly string[]).includes(action)) {
    return fail('action', 'unknown', 'Denne handlingen finnes ikke.');
  }
  return PARSERS[action as StaffActionName](fields);
}

function parseWithdraw(fields: Fields): Parsed {
  const errors: FieldError[] = [];
  const reason = readReason(
    fields,
    'Skriv hvorfor søknaden trekkes, for eksempel at kommunen ba om det.',
    errors,
  );
  checkConfirmed(
    fields,
    'Kryss av for å bekrefte at søknaden skal trekkes. Dette kan ikke angres.',
    errors,
  );
  return errors.length > 0
    ? { ok: false, errors }
    : { ok: true, value: { action: 'withdraw', reason } };
}

/** The `reason` textarea: required, text, within REASON. Answers the trimmed text. */
function readReason(fields: Fields, whenMissing: string, errors: FieldError[]): string {
  const reason = typeof fields.reason === 'string' ? fields.reason.trim() : '';
  if (!absent(fields.reason) && typeof fields.reason !== 'string') {
    errors.push({ path: 'reason', code: 'invalid-type', message: 'Begrunnelsen må være tekst.' });
  } else if (reason === '') {
    errors.push({ path: 'reason', code: 'required', message: whenMissing });
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
  return reason;
}

/** What cannot be undone asks for the form's ticked box, or JSON `confirm: true`. */
function checkConfirmed(fields: Fields, message: string, errors: FieldError[]): void {
  if (fields.confirm !== true && fields.confirm !== 'true') {
    errors.push({ path: 'confirm', code: 'required', message });
  }
}

function parseReplaceReviewer(fields: Fields): Parsed {
  const errors: FieldError[] = [];
  const from = readAddress(
    fields,
    'from',
    'Skriv e-postadressen til fagrådsmedlemmet som skal byttes ut.',
    errors,
  );
  const to = readAddress(
    fields,
    'to',
    'Skriv e-postadressen til fagrådsmedlemmet som skal overta.',
    errors,
  );
  if (from !== undefined && to !== undefined && from === to) {
    errors.push({
      path: 'to',
      code: 'same-reviewer',
      message: 'Den nye må være en annen enn den som byttes ut.',
    });
  }
  if (errors.length > 0 || from === undefined || to === undefined) return { ok: false, errors };
  return { ok: true, value: { action: 'replace-reviewer', from, to } };
}

/** A staff address, normalised as the register keeps them. */
function readAddress(
  fields: Fields,
  path: string,
  whenMissing: string,
  errors: FieldError[],
): string | undefined {
  const value = fields[path];
  if (absent(value) || (typeof value === 'string' && value.trim() === '')) {
    errors.push({ path, code: 'required', message: whenMissing });
    return undefined;
  }
  if (typeof value !== 'string') {
    errors.push({ path, code: 'invalid-type', message: 'E-postadressen må være tekst.' });
    return undefined;
  }
  const email = normaliseAddress(value);
  if (!isStaffAddress(email)) {
    errors.push({
      path,
      code: 'invalid',
      message: 'Skriv en gyldig e-postadresse, for eksempel navn@alis-nord.example.no.',
    });
    return undefined;
  }
  return email;
}

/** The contact's rules are the application's own (`applicationSchema`'s `contact`). */
const CONTACT_CHANGE = applicationSchema.shape.contact.pick({
  name: true,
  email: true,
  phone: true,
});

function parseChangeContact(fields: Fields): Parsed {
  const trimmed = (v: unknown) => (typeof v === 'string' ? v.trim() : v);
  const input = {
    name: trimmed(fields.name),
    email: trimmed(fields.email),
    phone: trimmed(fields.phone),
  };
  const result = CONTACT_CHANGE.safeParse(input);
  if (!result.success) {
    const errors = result.error.issues.map((issue) => toFieldError(issue, input));
    // One message per field: the first problem found.
    const seen = new Set<string>();
    return { ok: false, errors: errors.filter((e) => !seen.has(e.path) && seen.add(e.path)) };
  }
  return { ok: true, value: { action: 'change-contact', contact: result.data } };
}

function parseEndGrant(fields: Fields): Parsed {
  const errors: FieldError[] = [];
  let position: number | undefined;
  if (!absent(fields.position)) {
    position = wholeNumber(fields.position, 1, 99);
    if (position === undefined) errors.push(positionError());
  }
  const endDate = fields.endDate;
  if (absent(endDate) || endDate === '') {
    errors.push({
      path: 'endDate',
      code: 'required',
      message: 'Fyll inn datoen stillingen ble eller blir avsluttet.',
    });
  } else if (typeof endDate !== 'string' || !isCalendarDate(endDate.trim())) {
    errors.push({
      path: 'endDate',
      code: typeof endDate === 'string' ? 'invalid-date' : 'invalid-type',
      message: 'Skriv en gyldig dato på formen ÅÅÅÅ-MM-DD, for eksempel 2027-08-31.',
    });
  }
  const reason = readReason(
    fields,
    'Skriv hvorfor tilskuddet avsluttes, for eksempel at legen har sluttet.',
    errors,
  );
  checkConfirmed(
    fields,
    'Kryss av for å bekrefte at tilskuddet skal avsluttes. Dette kan ikke angres.',
    errors,
  );
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      action: 'end-grant',
      ...(position !== undefined && { position }),
      endDate: (endDate as string).trim(),
      reason,
    },
  };
}

function parseInstalmentAction(
  action: 'hold-instalment' | 'release-instalment',
  input: Fields,
): Parsed {
  // The page's radio sends the position-year as one value, `<position>:<year>`. A form reads
  // `instalment` as a list (the payment page's ticked instalments share the name): one value.
  const sent =
    Array.isArray(input.instalment) && input.instalment.length === 1
      ? input.instalment[0]
      : input.instalment;
  const chosen = typeof sent === 'string' ? /^(\d{1,2}):(\d{1,2})$/.exec(sent) : null;
  const fields =
    chosen && absent(input.year) && absent(input.position)
      ? { ...input, position: chosen[1], year: chosen[2] }
      : input;
  const errors: FieldError[] = [];
  const year = absent(fields.year) ? undefined : wholeNumber(fields.year, 1, 10);
  if (year === undefined) {
    errors.push({
      path: 'year',
      code: absent(fields.year) ? 'required' : 'invalid',
      message: 'Året må være et helt tall fra 1 til 10.',
    });
  }
  const position = absent(fields.position) ? 1 : wholeNumber(fields.position, 1, 99);
  if (position === undefined) errors.push(positionError());
  if (errors.length > 0 || year === undefined || position === undefined)
    return { ok: false, errors };
  return { ok: true, value: { action, instalment: { position, year } } };
}

function positionError(): FieldError {
  return {
    path: 'position',
    code: 'invalid',
    message: 'Stillingen må være et helt tall fra 1 til 99.',
  };
}

function absent(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

function parseResume(fields: Fields): Parsed {
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
  if (position === undefined) errors.push(positionError());
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
