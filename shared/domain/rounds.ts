// The rules of a programme's rounds as the lead sets them (the admin page, POST
// /staff/admin/{programme}/rounds): what a new round's fields must be, and what may change once
// municipalities can apply. Pure; the service reads the programme and its approved positions and
// writes what these functions answer.

import type { FieldError } from './application.js';
import { isCalendarDate, osloDateOf, type CalendarDate } from './calendar.js';
import { type Programme, type Round, type RoundTerms, roundWithInstants } from './programmes.js';
import { checkText } from './text.js';

/** The fields a round is made of, in the order the admin page shows them. */
export const ROUND_FIELDS = [
  'name',
  'opensOn',
  'closesOn',
  'positions',
  'counties',
  'maxYearlyAmount',
  'municipalShare',
  'maxPositionsPerMunicipality',
] as const;
export type RoundField = (typeof ROUND_FIELDS)[number];

export const ROUND_FIELD_LABELS: Record<RoundField | 'closeNow', string> = {
  name: 'Navn',
  opensOn: 'Første søknadsdag',
  closesOn: 'Siste søknadsdag',
  positions: 'Antall stillinger',
  counties: 'Fylker',
  maxYearlyAmount: 'Høyeste årlige tilskudd per stilling',
  municipalShare: 'Egenandel per stilling per år',
  maxPositionsPerMunicipality: 'Høyst stillinger per kommune',
  closeNow: 'Steng nå',
};

export type RoundValues = Omit<RoundTerms, 'id' | 'closedEarlyAt'>;
/** What a lead's post asks for: every field for a new round, any of them (or "close now") for an edit. */
export type RoundChanges = Partial<RoundValues> & { closeNow?: true };

/** One changed value, as the audit trail keeps it. */
export interface RoundFieldChange {
  field: RoundField | 'closedEarlyAt';
  old: unknown;
  new: unknown;
}

export type RoundResult<T> =
  | { ok: true; value: T }
  | { ok: false; status: 400 | 409; errors: FieldError[] };

const LIMITS = {
  positions: { min: 1, max: 10_000 },
  maxYearlyAmount: { min: 1, max: 10_000_000 },
  municipalShare: { min: 0, max: 10_000_000 },
  maxPositionsPerMunicipality: { min: 1, max: 100 },
} as const;
const NAME_RULE = { kind: 'one-line', maxLength: 120, requiresContent: true } as const;
const REQUIRED_FOR_NEW: readonly RoundField[] = [
  'name',
  'opensOn',
  'closesOn',
  'positions',
  'counties',
];

/**
 * Reads a lead's post (a form's strings or JSON's values) field by field. `create` needs the
 * round's name, days, positions and counties; an edit needs at least one field. Fields it does
 * not know (the form's `csrf`, a button's name) are left alone.
 */
export function parseRoundFields(
  fields: Record<string, unknown>,
  programme: Programme,
  mode: 'create' | 'edit',
): RoundResult<RoundChanges> {
  const errors: FieldError[] = [];
  const out: RoundChanges = {};
  const fail = (path: string, code: string, message: string) =>
    errors.push({ path, code, message });
  const present = (name: string) => {
    const value = fields[name];
    return value !== undefined && value !== null && value !== '';
  };

  for (const field of REQUIRED_FOR_NEW) {
    if (mode === 'create' && !present(field)) {
      fail(field, 'required', `Fyll inn ${ROUND_FIELD_LABELS[field].toLowerCase()}.`);
    }
  }

  if (present('name')) {
    const name = fields.name;
    if (typeof name !== 'string') fail('name', 'invalid', 'Skriv navnet på runden som tekst.');
    else {
      const problem = checkText(name.trim(), NAME_RULE);
      if (problem) fail('name', problem.code, problem.message);
      else out.name = name.trim();
    }
  }
  for (const field of ['opensOn', 'closesOn'] as const) {
    if (!present(field)) continue;
    const value = fields[field];
    if (isCalendarDate(value)) out[field] = value;
    else
      fail(
        field,
        'invalid-date',
        `${ROUND_FIELD_LABELS[field]} må være en dato som finnes, skrevet ÅÅÅÅ-MM-DD, for eksempel 2028-01-15.`,
      );
  }
  for (const field of [
    'positions',
    'maxYearlyAmount',
    'municipalShare',
    'maxPositionsPerMunicipality',
  ] as const) {
    if (!present(field)) continue;
    const read = wholeNumber(fields[field]);
    const { min, max } = LIMITS[field];
    const label = ROUND_FIELD_LABELS[field];
    if (read === undefined) fail(field, 'invalid', `${label} må være et helt tall.`);
    else if (read < min || read > max)
      fail(field, 'out-of-range', `${label} må være fra ${min} til ${max}.`);
    else out[field] = read;
  }
  if (present('counties')) {
    const counties = countyList(fields.counties);
    if (!counties)
      fail(
        'counties',
        'invalid',
        'Oppgi fylkene som en liste med fylkesnavn, for eksempel ["Rogaland"].',
      );
    else if (counties.length === 0) fail('counties', 'required', 'Velg minst ett fylke.');
    else {
      const unknown = counties.filter((c) => !programme.counties.includes(c));
      if (unknown.length > 0)
        fail(
          'counties',
          'county-not-in-programme',
          `${programme.name} dekker bare ${programme.counties.join(', ')}. Ukjent: ${unknown.join(', ')}.`,
        );
      // In the programme's order, once each, so that two posts of the same counties store alike.
      else out.counties = programme.counties.filter((c) => counties.includes(c));
    }
  }
  if (mode === 'edit' && present('closeNow')) {
    const value = fields.closeNow;
    if (value === true || value === 'true' || value === 'on' || value === '1') out.closeNow = true;
    else if (!(value === false || value === 'false'))
      fail('closeNow', 'invalid', 'closeNow må være true for å stenge runden nå.');
  }
  if (errors.length > 0) return { ok: false, status: 400, errors };
  if (mode === 'edit' && Object.keys(out).length === 0) {
    return {
      ok: false,
      status: 400,
      errors: [{ path: '', code: 'nothing-to-change', message: 'Oppgi minst ett felt å endre.' }],
    };
  }
  return { ok: true, value: out };
}

/** A whole number from JSON (a number) or a form (digits, perhaps with spaces as in "200 000"). */
function wholeNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const compact = value.replace(/[\s\u00a0\u202f]/g, '');
  return /^-?\d{1,12}$/.test(compact) ? Number(compact) : undefined;
}

function countyList(value: unknown): string[] | undefined {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || !list.every((c) => typeof c === 'string')) return undefined;
  return [...new Set(list.map((c: string) => c.trim()).filter((c) => c !== ''))];
}

/** The terms every round must meet, whether new or changed before it opens. */
function checkWholeRound(values: RoundValues, today: CalendarDate): FieldError[] {
  const errors: FieldError[] = [];
  if (values.closesOn < values.opensOn) {
    errors.push({
      path: 'closesOn',
      code: 'before-opening',
      message: 'Siste søknadsdag kan ikke være før første søknadsdag.',
    });
  }
  if (values.opensOn < today) {
    errors.push({
      path: 'opensOn',
      code: 'in-the-past',
      message: 'Første søknadsdag kan ikke være før i dag.',
    });
  }
  if (values.municipalShare >= values.maxYearlyAmount) {
    errors.push({
      path: 'municipalShare',
      code: 'share-not-below-amount',
      message: 'Egenandelen må være lavere enn det høyeste årlige tilskuddet.',
    });
  }
  return errors;
}

/** Two rounds of one programme never take applications at the same time, from now on. */
export function overlappingRound(
  round: Round,
  others: readonly Round[],
  now: Date,
): Round | undefined {
  const window = (r: Round) => ({
    from: Math.max(Date.parse(r.opensAt), now.getTime()),
    to: Date.parse(r.closesAt),
  });
  const own = window(round);
  if (own.from >= own.to) return undefined;
  return others.find((other) => {
    if (other.id === round.id) return false;
    const w = window(other);
    return w.from < w.to && w.from < own.to && own.from < w.to;
  });
}

function overlapError(other: Round): FieldError {
  return {
    path: 'opensOn',
    code: 'overlapping-round',
    message: `Runden ville tatt imot søknader samtidig med «${other.name}» (${other.opensOn} til ${other.closesOn}). Velg datoer utenfor den, eller steng den først.`,
  };
}

/**
 * A new round's id: the programme and the year it closes (as the seed's `alis-nord-2027` runs
 * from September 2026 to April 2027), numbered if that year has one already.
 */
export function newRoundId(programme: Programme, closesOn: CalendarDate): string {
  const base = `${programme.id}-${closesOn.slice(0, 4)}`;
  const taken = new Set(programme.rounds.map((r) => r.id));
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base}-${n}`)) n++;
  return `${base}-${n}`;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * A new round from a parsed post: the programme's defaults fill the optional terms. The same post
 * again (a retry) finds the round it made and answers it, instead of a second round.
 */
export function planNewRound(
  programme: Programme,
  post: RoundChanges,
  now: Date,
): RoundResult<{ round: Round; created: boolean }> {
  const values: RoundValues = {
    name: post.name!,
    opensOn: post.opensOn!,
    closesOn: post.closesOn!,
    positions: post.positions!,
    counties: post.counties!,
    maxYearlyAmount: post.maxYearlyAmount ?? programme.grantPerPositionPerYear,
    municipalShare: post.municipalShare ?? programme.municipalSharePerPositionPerYear,
    maxPositionsPerMunicipality:
      post.maxPositionsPerMunicipality ?? programme.maxPositionsPerMunicipality,
  };
  const same = programme.rounds.find((r) =>
    ROUND_FIELDS.every((field) => sameValue(r[field], values[field])),
  );
  if (same) return { ok: true, value: { round: same, created: false } };
  const errors = checkWholeRound(values, osloDateOf(now));
  if (errors.length > 0) return { ok: false, status: 400, errors };
  const round = roundWithInstants({ id: newRoundId(programme, values.closesOn), ...values });
  const other = overlappingRound(round, programme.rounds, now);
  if (other) return { ok: false, status: 409, errors: [overlapError(other)] };
  return { ok: true, value: { round, created: true } };
}

/** Whether municipalities may have applied: the round has opened, or was closed before it did. */
export function hasStarted(round: Round, now: Date): boolean {
  return round.closedEarlyAt !== undefined || Date.parse(round.opensAt) <= now.getTime();
}

/**
 * An edit of a round. Before it opens, anything may change. Once it has started, applications
 * rely on its terms, so only a later closing day, more positions (never fewer than approved) and
 * "close now" are allowed; posting a field's current value again changes nothing and is allowed,
 * so the admin page's form may send every field. Answers the changed round and its changes (none:
 * nothing to write).
 */
export function planRoundEdit(
  programme: Programme,
  current: Round,
  post: RoundChanges,
  context: { now: Date; approvedPositions: number },
): RoundResult<{ round: Round; changes: RoundFieldChange[] }> {
  const { now, approvedPositions } = context;
  const conflict = (path: string, code: string, message: string): RoundResult<never> => ({
    ok: false,
    status: 409,
    errors: [{ path, code, message }],
  });
  const next: RoundTerms = { ...current };
  const changed = (field: RoundField) =>
    post[field] !== undefined && !sameValue(post[field], current[field]);

  if (!hasStarted(current, now)) {
    for (const field of ROUND_FIELDS)
      if (post[field] !== undefined) Object.assign(next, { [field]: post[field] });
    const errors = checkWholeRound(next, osloDateOf(now));
    if (errors.length > 0) return { ok: false, status: 400, errors };
    if (post.closeNow) next.closedEarlyAt = now.toISOString();
  } else {
    const fixed = ROUND_FIELDS.filter((f) => f !== 'closesOn' && f !== 'positions' && changed(f));
    if (fixed.length > 0) {
      return {
        ok: false,
        status: 409,
        errors: fixed.map((field) => ({
          path: field,
          code: 'round-started',
          message: `Runden har åpnet, så ${ROUND_FIELD_LABELS[field].toLowerCase()} kan ikke endres. En åpen runde kan bare få senere siste søknadsdag, flere stillinger eller stenges nå.`,
        })),
      };
    }
    if (changed('positions')) {
      const positions = post.positions!;
      if (positions < approvedPositions)
        return conflict(
          'positions',
          'below-approved',
          `${approvedPositions} stillinger er allerede godkjent i runden; antallet kan ikke bli lavere enn det.`,
        );
      if (positions < current.positions)
        return conflict(
          'positions',
          'fewer-positions',
          `Runden har åpnet, så antall stillinger kan bare økes (nå ${current.positions}).`,
        );
      next.positions = positions;
    }
    if (changed('closesOn')) {
      if (current.closedEarlyAt !== undefined || post.closeNow)
        return conflict(
          'closesOn',
          'closed-early',
          'Runden er stengt før tiden og kan ikke åpnes igjen. Opprett en ny runde.',
        );
      if (post.closesOn! < current.closesOn)
        return conflict(
          'closesOn',
          'closes-earlier',
          'Siste søknadsdag kan bare flyttes senere når runden har åpnet. Bruk «Steng nå» for å stenge den.',
        );
      next.closesOn = post.closesOn!;
    }
    // Closing what is already closed changes nothing, so a repeated post is harmless.
    if (post.closeNow && Date.parse(current.closesAt) > now.getTime()) {
      next.closedEarlyAt = now.toISOString();
    }
  }
  const round = roundWithInstants(next);
  const other = overlappingRound(round, programme.rounds, now);
  if (other && (changed('opensOn') || changed('closesOn'))) {
    return { ok: false, status: 409, errors: [overlapError(other)] };
  }
  const changes: RoundFieldChange[] = [...ROUND_FIELDS, 'closedEarlyAt' as const].flatMap(
    (field) =>
      sameValue(current[field], next[field])
        ? []
        : [{ field, old: current[field] ?? null, new: next[field] ?? null }],
  );
  return { ok: true, value: { round, changes } };
}
