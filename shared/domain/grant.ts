// The grant an approved application becomes, and its yearly payments: the plan, the statuses,
// when each year's steps are due, and the answers municipalities and finance send back. Pure.
// Money is whole kroner (integers); dates are Oslo calendar dates, `YYYY-MM-DD`.

import type { Application, FieldError } from './application.js';
import {
  addDaysToDate,
  addMonthsToDate,
  addYearsToDate,
  type CalendarDate,
  firstOfNextOsloMonth,
  isCalendarDate,
  osloDateOf,
  startOfOsloDate,
  startOfOsloDayAfter,
} from './calendar.js';
import { canMove, type MoveTable } from './moves.js';
import {
  EMPLOYMENT_MODELS,
  type EmploymentModel,
  type Programme,
  type ProgrammeId,
} from './programmes.js';

export const GRANT_STATUSES = ['ACTIVE', 'COMPLETED', 'ENDED'] as const;
export type GrantStatus = (typeof GRANT_STATUSES)[number];

export const INSTALMENT_STATUSES = [
  'SCHEDULED',
  'AWAITING_CONFIRMATION',
  'HELD',
  'READY',
  'NOTIFIED',
  'PAID',
  'CANCELLED',
] as const;
export type InstalmentStatus = (typeof INSTALMENT_STATUSES)[number];

/**
 * Year 1 needs no confirmation, so it goes from SCHEDULED straight to READY. Once finance has
 * been notified an instalment can no longer be cancelled: the money may already be on its way.
 */
export const INSTALMENT_MOVES: MoveTable<InstalmentStatus> = {
  SCHEDULED: ['AWAITING_CONFIRMATION', 'READY', 'CANCELLED'],
  AWAITING_CONFIRMATION: ['HELD', 'READY', 'CANCELLED'],
  HELD: ['READY', 'CANCELLED'],
  READY: ['NOTIFIED', 'CANCELLED'],
  NOTIFIED: ['PAID'],
  PAID: [],
  CANCELLED: [],
};

export function canMoveInstalment(from: InstalmentStatus, to: InstalmentStatus): boolean {
  return canMove(INSTALMENT_MOVES, from, to);
}

export const GRANT_MOVES: MoveTable<GrantStatus> = {
  ACTIVE: ['COMPLETED', 'ENDED'],
  COMPLETED: [],
  ENDED: [],
};

export function canMoveGrant(from: GrantStatus, to: GrantStatus): boolean {
  return canMove(GRANT_MOVES, from, to);
}

export const POSITION_STATUSES = [
  'AWAITING_START',
  'ACTIVE',
  'COMPLETED',
  'ENDED',
  'LAPSED',
] as const;
export type PositionStatus = (typeof POSITION_STATUSES)[number];

/**
 * A new position waits for its doctor to start; unreported in time it lapses. A started one runs
 * until its last year is paid, or ends early. Before any payment the municipality may decline a
 * position, waiting or started: it ends (reason `declined`).
 */
export const POSITION_MOVES: MoveTable<PositionStatus> = {
  AWAITING_START: ['ACTIVE', 'LAPSED', 'ENDED'],
  ACTIVE: ['COMPLETED', 'ENDED'],
  COMPLETED: [],
  ENDED: [],
  LAPSED: [],
};

/**
 * One year's instalment of a grant, as the store keeps it and every reader shows it: pages, mail,
 * the finance CSV and the staff exports take this type, or a `Pick` of it, and nothing else.
 */
export interface Instalment {
  applicationId: string;
  programme: ProgrammeId;
  /** The grant's position it pays, from 1 (an item stored before positions had plans: 1). */
  position: number;
  /** 1 for the position's first year. */
  year: number;
  /** How many years the position is paid in all. */
  years: number;
  dueDate: CalendarDate;
  /** The yearly amount (an item stored before positions had plans: positions × that amount). */
  grant: number;
  /** The programme's egenandel (likewise, for an older item, times its positions). */
  egenandel: number;
  /** grant − egenandel: what the municipality is paid */
  net: number;
  status: InstalmentStatus;
  /** The finance notification that carries it, from NOTIFIED on. */
  notificationId?: string;
  paidOn?: CalendarDate;
}

/** A year's identity and amounts: what an e-mail, a page or a CSV row says of an instalment. */
export type InstalmentAmounts = Pick<
  Instalment,
  'position' | 'year' | 'dueDate' | 'grant' | 'egenandel' | 'net'
>;

/**
 * An instalment as finance is asked to pay it: the sealed notification's row, its e-mail line and
 * its CSV row, with whom to pay.
 */
export type FinanceLine = Pick<
  Instalment,
  'applicationId' | 'position' | 'year' | 'years' | 'dueDate' | 'grant' | 'egenandel' | 'net'
> & { municipalityName: string; organisationNumber: string };

export type Candidate = Application['candidate'];

/**
 * The instalment and nothing else: what a stored item (which also holds its workflow's task token
 * and index attributes) may show on a page, in a JSON answer or in an e-mail. The one mapper.
 */
export function instalmentOf(item: Instalment): Instalment {
  return {
    applicationId: item.applicationId,
    programme: item.programme,
    position: item.position,
    year: item.year,
    years: item.years,
    dueDate: item.dueDate,
    grant: item.grant,
    egenandel: item.egenandel,
    net: item.net,
    status: item.status,
    ...(item.notificationId !== undefined && { notificationId: item.notificationId }),
    ...(item.paidOn !== undefined && { paidOn: item.paidOn }),
  };
}

/** The finance line of an instalment: its amounts and whom to pay, as a notification seals it. */
export function financeLineOf(
  item: Instalment,
  municipality: { name: string; organisationNumber: string },
): FinanceLine {
  return {
    applicationId: item.applicationId,
    position: item.position,
    year: item.year,
    years: item.years,
    dueDate: item.dueDate,
    municipalityName: municipality.name,
    organisationNumber: municipality.organisationNumber,
    grant: item.grant,
    egenandel: item.egenandel,
    net: item.net,
  };
}

/** A year of a position's plan, before it is stored. */
export type PlannedInstalment = InstalmentAmounts;

/**
 * Why a position (and so perhaps its grant) ended early: the municipality reported its end, never
 * confirmed it, or declined it before any payment; or the programme lead ended it from the staff
 * page (a staff action).
 */
export type GrantEndReason = 'position-ended' | 'unconfirmed' | 'declined' | 'ended-by-lead';

/**
 * One approved position of a grant and where it is in its life: a new position waits for its
 * doctor (AWAITING_START, or LAPSED when no start is reported in time); a started one runs from
 * its start date, paid once a year for its own years, until it is paid out or ends early.
 */
export interface Position {
  /** 1, 2, … in the order the application asked for them. */
  position: number;
  candidate: Candidate;
  status: PositionStatus;
  /** Its first due date; absent until its doctor has started. */
  startDate?: CalendarDate;
  /** How many years it is paid: the programme's, or what is left of its doctor's training. */
  years: number;
  employmentModel?: EmploymentModel;
  listSize?: number;
  endedOn?: CalendarDate;
  endReason?: GrantEndReason;
}

/**
 * The position and nothing else: what a stored item (which also holds its timers, keys and index
 * attributes) may show on a page, in a JSON answer or in an e-mail. The one mapper, as
 * `instalmentOf` is for instalments.
 */
export function positionOf(item: Position): Position {
  return {
    position: item.position,
    candidate: item.candidate,
    status: item.status,
    ...(item.startDate !== undefined && { startDate: item.startDate }),
    years: item.years,
    ...(item.employmentModel !== undefined && { employmentModel: item.employmentModel }),
    ...(item.listSize !== undefined && { listSize: item.listSize }),
    ...(item.endedOn !== undefined && { endedOn: item.endedOn }),
    ...(item.endReason !== undefined && { endReason: item.endReason }),
  };
}

/**
 * A position pays for what is left of its doctor's training, in whole years rounded up: a doctor
 * with 14 of 60 months done has 46 left, which is 4 payments. A doctor past the full length still
 * gets one; a new position gets the programme's years.
 */
export function grantYears(programme: Programme, candidate: Candidate): number {
  if (candidate.kind === 'new-position') return programme.grantYears;
  const monthsLeft = programme.grantYears * 12 - candidate.monthsCompleted;
  return Math.min(programme.grantYears, Math.max(1, Math.ceil(monthsLeft / 12)));
}

export function canMovePosition(from: PositionStatus, to: PositionStatus): boolean {
  return canMove(POSITION_MOVES, from, to);
}

/**
 * The positions an approval creates, the first `approved` of those asked. A doctor already
 * employed starts on the first of the Oslo month after the decision; a new position waits for the
 * municipality to report its start.
 */
export function approvedPositions(input: {
  programme: Programme;
  decidedAt: Date;
  candidates: readonly Candidate[];
  approved: number;
  /** The employment model the application names, for a position that starts at once. */
  employmentModel: EmploymentModel;
}): Position[] {
  const { programme, decidedAt, candidates, approved, employmentModel } = input;
  return candidates.slice(0, approved).map((candidate, index) => {
    const years = grantYears(programme, candidate);
    return candidate.kind === 'employed-doctor'
      ? {
          position: index + 1,
          candidate,
          status: 'ACTIVE',
          startDate: firstOfNextOsloMonth(decidedAt),
          years,
          employmentModel,
        }
      : { position: index + 1, candidate, status: 'AWAITING_START', years };
  });
}

/**
 * A started position's yearly plan: one instalment a year for its years, due on its start date
 * and each anniversary of it.
 */
export function planPosition(input: {
  position: Pick<Position, 'position' | 'years'> & { startDate: CalendarDate };
  yearlyAmountPerPosition: number;
  egenandelPerPosition: number;
}): PlannedInstalment[] {
  const { position, yearlyAmountPerPosition: grant, egenandelPerPosition: egenandel } = input;
  return Array.from({ length: position.years }, (_, index) => ({
    position: position.position,
    year: index + 1,
    // Each anniversary counted from the start, never from the year before, so that a 29 February
    // start would come back to 29 February in the next leap year.
    dueDate: addYearsToDate(position.startDate, index),
    grant,
    egenandel,
    net: grant - egenandel,
  }));
}

export interface GrantPlan {
  positions: Position[];
  yearlyAmountPerPosition: number;
  egenandelPerPosition: number;
  /** The instalments of the positions that start at once; a new position's come with its start. */
  instalments: PlannedInstalment[];
}

export interface GrantPlanInput {
  programme: Programme;
  decidedAt: Date;
  candidates: readonly Candidate[];
  approved: number;
  yearlyAmountPerPosition: number;
  employmentModel: EmploymentModel;
}

export function planGrant(input: GrantPlanInput): GrantPlan {
  const egenandelPerPosition = input.programme.municipalSharePerPositionPerYear;
  const positions = approvedPositions(input);
  return {
    positions,
    yearlyAmountPerPosition: input.yearlyAmountPerPosition,
    egenandelPerPosition,
    instalments: positions.flatMap((position) =>
      position.startDate
        ? planPosition({
            position: { ...position, startDate: position.startDate },
            yearlyAmountPerPosition: input.yearlyAmountPerPosition,
            egenandelPerPosition,
          })
        : [],
    ),
  };
}

/**
 * The grant's status follows its positions: ACTIVE while any runs or waits for its doctor; once
 * none does, ENDED if any ended early, else COMPLETED if any was paid out, else (every one lapsed)
 * ENDED.
 */
export function grantStatusOf(positions: readonly Pick<Position, 'status'>[]): GrantStatus {
  const statuses = positions.map((p) => p.status);
  if (statuses.some((s) => s === 'ACTIVE' || s === 'AWAITING_START')) return 'ACTIVE';
  if (statuses.includes('ENDED')) return 'ENDED';
  if (statuses.includes('COMPLETED')) return 'COMPLETED';
  return 'ENDED';
}

/** The last Oslo day a new position may report its start: then it lapses, at the next day. */
export function positionLapsesAt(decidedAt: Date, programme: Programme): Date {
  return startOfOsloDate(
    addMonthsToDate(osloDateOf(decidedAt), programme.positions.lapseAfterMonths),
  );
}

/** A month (the programme's setting) before the lapse, the municipality is reminded. */
export function positionLapseReminderAt(decidedAt: Date, programme: Programme): Date {
  const { lapseAfterMonths, lapseReminderMonthsBefore } = programme.positions;
  return startOfOsloDate(
    addMonthsToDate(osloDateOf(decidedAt), lapseAfterMonths - lapseReminderMonthsBefore),
  );
}

/**
 * The instalments a grant that ended on `endDate` no longer pays: those due after it and not yet
 * sent to finance (a notified or paid one stays as it is).
 */
export function instalmentsToCancel<T extends { dueDate: CalendarDate; status?: InstalmentStatus }>(
  plan: { instalments: readonly T[] },
  endDate: CalendarDate,
): T[] {
  return plan.instalments.filter(
    (instalment) =>
      instalment.dueDate > endDate &&
      (instalment.status === undefined || canMoveInstalment(instalment.status, 'CANCELLED')),
  );
}

// The yearly timers. Each is the start of an Oslo day, so the daily run of that day takes it.

/** When a year's payment workflow starts: at once for year 1, else some days before it is due. */
export function paymentWorkflowStartsAt(
  instalment: { year: number; dueDate: CalendarDate },
  programme: Programme,
  grantCreatedAt: Date,
): Date {
  if (instalment.year === 1) return grantCreatedAt;
  return startOfOsloDate(
    addDaysToDate(instalment.dueDate, -programme.payments.workflowStartDaysBeforeDue),
  );
}

export function confirmationReminderAt(dueDate: CalendarDate, programme: Programme): Date {
  return startOfOsloDate(
    addDaysToDate(dueDate, -programme.payments.confirmationReminderDaysBeforeDue),
  );
}

/** An instalment still unconfirmed when its due date begins is held. */
export function instalmentHeldAt(dueDate: CalendarDate): Date {
  return startOfOsloDate(dueDate);
}

export function unconfirmedGrantEndsAt(dueDate: CalendarDate, programme: Programme): Date {
  return startOfOsloDate(addDaysToDate(dueDate, programme.payments.endUnconfirmedDaysAfterDue));
}

export function financeReminderAt(notifiedAt: Date, programme: Programme): Date {
  return startOfOsloDayAfter(notifiedAt, programme.payments.financeReminderAfterDays);
}

// Form input. Every parser takes whatever a form or a JSON body holds and never throws.

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

const kroner = new Intl.NumberFormat('nb-NO', { maximumFractionDigits: 0 });
const formatKroner = (amount: number) => `${kroner.format(amount)} kr`;

type WholeNumber =
  | { kind: 'absent' }
  | { kind: 'number'; value: number }
  | { kind: 'not-whole' }
  | { kind: 'invalid' };

/**
 * A whole number from a form (a string, perhaps with spaces between thousands as people write
 * "200 000") or from JSON (a number). Anything else is invalid rather than coerced.
 */
function readWholeNumber(value: unknown): WholeNumber {
  if (value === undefined || value === null) return { kind: 'absent' };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { kind: 'invalid' };
    return Number.isInteger(value) ? { kind: 'number', value } : { kind: 'not-whole' };
  }
  if (typeof value !== 'string') return { kind: 'invalid' };
  const compact = value.replace(/[\s\u00a0\u202f]/g, '');
  if (compact === '') return { kind: 'absent' };
  if (/^-?\d+$/.test(compact)) return { kind: 'number', value: Number(compact) };
  if (/^-?\d+[.,]\d+$/.test(compact)) return { kind: 'not-whole' };
  return { kind: 'invalid' };
}

/**
 * The yearly grant per position a reviewer sets on approval. Absent means the programme's
 * maximum. It may not be below the egenandel, so that no year nets below zero, nor zero.
 */
export function parseYearlyAmount(value: unknown, programme: Programme): ParseResult<number> {
  const maximum = programme.grantPerPositionPerYear;
  const minimum = Math.max(1, programme.municipalSharePerPositionPerYear);
  const fail = (code: string, message: string): ParseResult<number> => ({
    ok: false,
    errors: [{ path: 'yearlyAmount', code, message }],
  });
  const read = readWholeNumber(value);
  switch (read.kind) {
    case 'absent':
      return { ok: true, value: maximum };
    case 'not-whole':
      return fail('not-whole-kroner', 'Skriv beløpet i hele kroner, uten øre.');
    case 'invalid':
      return fail('invalid', 'Skriv beløpet som et tall i hele kroner, for eksempel 200000.');
    case 'number':
      if (read.value > maximum) {
        return fail('too-large', `Årlig tilskudd kan ikke være mer enn ${formatKroner(maximum)}.`);
      }
      if (read.value < minimum) {
        return fail(
          'too-small',
          programme.municipalSharePerPositionPerYear > 0
            ? `Årlig tilskudd må være minst egenandelen på ${formatKroner(minimum)}, ellers blir utbetalingen negativ.`
            : 'Årlig tilskudd må være mer enn 0 kr.',
        );
      }
      return { ok: true, value: read.value };
  }
}

/**
 * How many of the asked positions an approval grants: absent means all of them; at least 1 and at
 * most the number asked.
 */
export function parsePositionsApproved(value: unknown, asked: number): ParseResult<number> {
  const fail = (code: string, message: string): ParseResult<number> => ({
    ok: false,
    errors: [{ path: 'positionsApproved', code, message }],
  });
  const read = readWholeNumber(value);
  switch (read.kind) {
    case 'absent':
      return { ok: true, value: asked };
    case 'not-whole':
    case 'invalid':
      return fail('invalid', 'Skriv antall godkjente stillinger som et helt tall.');
    case 'number':
      if (read.value < 1) return fail('too-small', 'Godkjenn minst én stilling.');
      if (read.value > asked) {
        return fail(
          'too-large',
          asked === 1
            ? 'Kommunen søkte om 1 stilling; flere kan ikke godkjennes.'
            : `Kommunen søkte om ${asked} stillinger; flere kan ikke godkjennes.`,
        );
      }
      return { ok: true, value: read.value };
  }
}

export const CONFIRMATION_STATUSES = ['continuing', 'ended'] as const;
export type ConfirmationStatus = (typeof CONFIRMATION_STATUSES)[number];

export const MAX_LIST_SIZE = 5000;

export type Confirmation =
  | { status: 'continuing'; employmentModel: EmploymentModel; listSize: number }
  | { status: 'ended'; endDate: CalendarDate };

function fieldsOf(input: unknown): Record<string, unknown> {
  return typeof input === 'object' && input !== null && !Array.isArray(input)
    ? (input as Record<string, unknown>)
    : {};
}

function trimmedString(value: unknown): string | undefined {
  return typeof value === 'string' ? value.trim() : undefined;
}

/** The municipality's yearly answer: still in the position, or the position ended. */
export function parseConfirmation(input: unknown): ParseResult<Confirmation> {
  const fields = fieldsOf(input);
  const status = CONFIRMATION_STATUSES.find((s) => s === trimmedString(fields.status));
  if (!status) {
    return {
      ok: false,
      errors: [
        {
          path: 'status',
          code: 'required',
          message: 'Velg om legen fortsatt er i ALIS-stillingen, eller om stillingen er avsluttet.',
        },
      ],
    };
  }
  if (status === 'ended') {
    const endDate = trimmedString(fields.endDate);
    if (!endDate) {
      return {
        ok: false,
        errors: [
          { path: 'endDate', code: 'required', message: 'Fyll inn når stillingen ble avsluttet.' },
        ],
      };
    }
    if (!isCalendarDate(endDate)) {
      return {
        ok: false,
        errors: [
          {
            path: 'endDate',
            code: 'invalid-date',
            message: 'Skriv en gyldig dato på formen ÅÅÅÅ-MM-DD, for eksempel 2027-08-31.',
          },
        ],
      };
    }
    return { ok: true, value: { status, endDate } };
  }

  const read = readPositionFacts(fields);
  if (!read.ok) return read;
  return { ok: true, value: { status, ...read.value } };
}

/** The employment model and list size a municipality reports of a position's doctor. */
function readPositionFacts(
  fields: Record<string, unknown>,
  models: readonly EmploymentModel[] = EMPLOYMENT_MODELS,
): ParseResult<{ employmentModel: EmploymentModel; listSize: number }> {
  const errors: FieldError[] = [];
  const employmentModel = models.find((m) => m === trimmedString(fields.employmentModel));
  if (!employmentModel) {
    errors.push({
      path: 'employmentModel',
      code: 'required',
      message:
        models.length === 1
          ? 'Velg tilknytningsform: kommunal hjemmel (fastlønn).'
          : 'Velg tilknytningsform: kommunal hjemmel (fastlønn) eller privat hjemmel.',
    });
  }
  const listSize = readWholeNumber(fields.listSize);
  if (listSize.kind !== 'number') {
    errors.push({
      path: 'listSize',
      code: listSize.kind === 'absent' ? 'required' : 'invalid',
      message: 'Fyll inn listelengden som et helt antall pasienter.',
    });
  } else if (listSize.value < 0 || listSize.value > MAX_LIST_SIZE) {
    errors.push({
      path: 'listSize',
      code: 'out-of-range',
      message: `Listelengden må være mellom 0 og ${MAX_LIST_SIZE} pasienter.`,
    });
  }
  if (!employmentModel || listSize.kind !== 'number' || errors.length > 0) {
    return { ok: false, errors };
  }
  return { ok: true, value: { employmentModel, listSize: listSize.value } };
}

/** One position's yearly answer, of a confirmation that asks about several. */
export interface PositionConfirmation {
  position: number;
  confirmation: Confirmation;
}

/**
 * The answers to a confirmation that asks about `asked` positions: `{positions: [{position,
 * status, …}]}` with exactly one answer for each, or the single-position fields, which answer for
 * every position asked (the form of a confirmation about one position, as it always was).
 */
export function parseConfirmations(
  input: unknown,
  asked: readonly number[],
): ParseResult<PositionConfirmation[]> {
  const fields = fieldsOf(input);
  if (!Object.hasOwn(fields, 'positions')) {
    const single = parseConfirmation(input);
    if (!single.ok) return single;
    return {
      ok: true,
      value: asked.map((position) => ({ position, confirmation: single.value })),
    };
  }
  const list = fields.positions;
  const listed = (): FieldError => ({
    path: 'positions',
    code: 'positions-mismatch',
    message: `Svar én gang for hver stilling bekreftelsen gjelder: ${asked.map((p) => `stilling ${p}`).join(', ')}.`,
  });
  if (!Array.isArray(list)) return { ok: false, errors: [listed()] };
  const errors: FieldError[] = [];
  const answers: PositionConfirmation[] = [];
  list.forEach((entry: unknown, index) => {
    const entryFields = fieldsOf(entry);
    const position = entryFields.position;
    if (typeof position !== 'number' || !asked.includes(position)) {
      errors.push({
        path: `positions.${index}.position`,
        code: 'unknown-position',
        message: `Oppgi stillingsnummeret: ${asked.join(', ')}.`,
      });
      return;
    }
    const parsed = parseConfirmation(entryFields);
    if (!parsed.ok) {
      for (const error of parsed.errors) {
        errors.push({ ...error, path: `positions.${index}.${error.path}` });
      }
      return;
    }
    answers.push({ position, confirmation: parsed.value });
  });
  if (errors.length > 0) return { ok: false, errors };
  const answered = answers.map((a) => a.position).sort((a, b) => a - b);
  const wanted = [...asked].sort((a, b) => a - b);
  if (answered.length !== wanted.length || answered.some((p, i) => p !== wanted[i])) {
    return { ok: false, errors: [listed()] };
  }
  return { ok: true, value: answers };
}

/** What a municipality reports when a new position's ALIS has started. */
export interface StartReport {
  startDate: CalendarDate;
  employmentModel: EmploymentModel;
  listSize: number;
}

/**
 * The start of a new position: the day its ALIS started (not before the decision, not after
 * today), the employment model (one the programme offers) and the list size.
 */
export function parseStartReport(
  input: unknown,
  bounds: { programme: Programme; decidedOn: CalendarDate; today: CalendarDate },
): ParseResult<StartReport> {
  const fields = fieldsOf(input);
  const errors: FieldError[] = [];
  const startDate = trimmedString(fields.startDate);
  if (!startDate) {
    errors.push({
      path: 'startDate',
      code: 'required',
      message: 'Fyll inn datoen ALIS-legen begynte i stillingen.',
    });
  } else if (!isCalendarDate(startDate)) {
    errors.push({
      path: 'startDate',
      code: 'invalid-date',
      message: 'Skriv en gyldig dato på formen ÅÅÅÅ-MM-DD, for eksempel 2027-08-01.',
    });
  } else if (startDate < bounds.decidedOn) {
    errors.push({
      path: 'startDate',
      code: 'before-decision',
      message: `Startdatoen kan ikke være før vedtaket (${bounds.decidedOn}).`,
    });
  } else if (startDate > bounds.today) {
    errors.push({
      path: 'startDate',
      code: 'in-future',
      message: 'Startdatoen kan ikke være frem i tid. Meld oppstarten når legen har begynt.',
    });
  }
  const facts = readPositionFacts(fields, bounds.programme.employmentModels);
  if (!facts.ok) errors.push(...facts.errors);
  if (errors.length > 0 || !facts.ok || !startDate) return { ok: false, errors };
  return { ok: true, value: { startDate, ...facts.value } };
}

export interface PaymentRecord {
  paidOn: CalendarDate;
  instalmentIds: string[];
}

/**
 * Finance's record of a payment. `instalment` may be repeated (an array) or left out, which
 * means every one of `notificationInstalmentIds`; the caller passes the ones still unpaid.
 * `today` is the Oslo date now: a payment cannot be recorded before it is made.
 */
export function parsePaymentRecord(
  input: unknown,
  notificationInstalmentIds: readonly string[],
  today: CalendarDate,
  /** The day the notification was written: no e-mail of it, and so no payment, came earlier. */
  notifiedOn: CalendarDate,
): ParseResult<PaymentRecord> {
  const fields = fieldsOf(input);
  const errors: FieldError[] = [];

  const paidOn = trimmedString(fields.paidOn);
  if (!paidOn) {
    errors.push({
      path: 'paidOn',
      code: 'required',
      message: 'Fyll inn når beløpet ble utbetalt.',
    });
  } else if (!isCalendarDate(paidOn)) {
    errors.push({
      path: 'paidOn',
      code: 'invalid-date',
      message: 'Skriv en gyldig dato på formen ÅÅÅÅ-MM-DD, for eksempel 2027-03-15.',
    });
  } else if (paidOn > today) {
    errors.push({
      path: 'paidOn',
      code: 'in-future',
      message: 'Utbetalingsdatoen kan ikke være frem i tid.',
    });
  } else if (paidOn < notifiedOn) {
    errors.push({
      path: 'paidOn',
      code: 'before-notification',
      message: `Utbetalingsdatoen kan ikke være før varselet ble sendt (${notifiedOn}).`,
    });
  }

  // Only a missing field means "all": an empty or null list is a mistake, not a choice.
  const chosen = fields.instalment;
  const listed = chosen === undefined ? [] : [chosen].flat();
  let instalmentIds: string[] = [...notificationInstalmentIds];
  if (chosen !== undefined && listed.every((id) => id === null || id === '')) {
    errors.push({
      path: 'instalment',
      code: 'empty',
      message: 'Velg minst én utbetaling, eller send uten valg for å registrere alle.',
    });
  } else if (listed.length > 0) {
    if (!listed.every((id): id is string => typeof id === 'string')) {
      errors.push({
        path: 'instalment',
        code: 'invalid',
        message: 'Velg utbetalingene som er betalt fra listen.',
      });
    } else {
      const unknown = listed.filter((id) => !notificationInstalmentIds.includes(id));
      if (unknown.length > 0) {
        errors.push({
          path: 'instalment',
          code: 'not-in-notification',
          message: 'Én eller flere av de valgte utbetalingene hører ikke til dette varselet.',
        });
      }
      instalmentIds = [...new Set(listed)];
    }
  }

  if (errors.length > 0 || !paidOn) return { ok: false, errors };
  return { ok: true, value: { paidOn, instalmentIds } };
}

/** Audit events of a grant's life, shown in the application's history beside the review's. */
export const GRANT_EVENT_TYPES = [
  'grant-created',
  'payment-started',
  'confirmation-requested',
  'confirmation-reminder-sent',
  'instalment-held',
  'position-confirmed',
  'position-ended',
  'confirmation-missing',
  'grant-ended',
  'instalment-cancelled',
  'instalment-ready',
  'finance-notified',
  'payment-recorded',
  'grant-completed',
  'position-started',
  'position-lapse-reminded',
  'position-lapsed',
  'position-completed',
  'position-declined',
  /** The programme lead held back a position-year's payment, and released it (staff actions). */
  'instalment-held-by-lead',
  'instalment-released',
  /** The programme lead ended a position (a staff action). */
  'position-ended-by-lead',
] as const;
export type GrantEventType = (typeof GRANT_EVENT_TYPES)[number];
