// Erasure of a concluded case's personal data once its retention has run (the programme's
// `privacy.retentionYears` after `isConcluded` first held): what is personal, and what it becomes.
// Pure: the daily run (shared/services/retention.ts) reads the case's items, passes each through
// `eraseItem` and writes back what changed. Amounts, municipalities, dates and statuses stay; the
// archive package of the case is the record that keeps the rest.

import type { Application } from './application.js';
import { addYearsToDate, type CalendarDate, osloDateOf } from './calendar.js';
import type { AuditEventType } from './review.js';

/** What every erased value reads as, in the table, on pages, in JSON and in exports. */
export const ERASED = '[slettet]';

/**
 * The audit events after which a case may be concluded: each of them, when written, sets a timer
 * that has the daily run check `isConcluded` and schedule the erasure (shared/store/audit.ts). A
 * new way of concluding a case writes one of these, or adds its event here.
 */
export const CONCLUDING_EVENTS: readonly AuditEventType[] = [
  'rejected',
  'withdrawn',
  'grant-completed',
  'grant-ended',
];

export function isConcludingEvent(type: AuditEventType): boolean {
  return CONCLUDING_EVENTS.includes(type);
}

/** The Oslo day a case concluded at `concludedAt` has its personal data erased. */
export function erasureDate(concludedAt: Date, retentionYears: number): CalendarDate {
  return addYearsToDate(osloDateOf(concludedAt), retentionYears);
}

/**
 * The application's fields that are not personal and stay as they are: the programme, the
 * municipality, the choices and figures of the practice. Every other string (names, addresses,
 * phone numbers, and every free text, which may name people) becomes the marker, and every other
 * number (the doctors' ages, the months an employed doctor has completed) is dropped. A field this
 * list does not know, from an older or newer shape, is therefore erased too.
 */
const KEPT_APPLICATION_FIELDS = [
  'programme',
  'municipality.municipalityNumber',
  'municipality.organisationNumber',
  'municipality.region',
  'municipality.name',
  'employmentModel',
  'positionsRequested',
  'patientList.solution',
  'patientList.listSize',
  'supervisor.gpSpecialist',
  'supervisor.hoursPerMonth',
  'supervisor.sameCentre',
  'practice.officeForAlis',
  'practice.supportStaff.count',
  'practice.equipment.*',
  'candidate.kind',
  'positions.*.candidate.kind',
] as const;

const KEPT = new Set<string>(KEPT_APPLICATION_FIELDS);

/** The application with its personal data replaced; the same answer for an erased one. */
export function eraseApplication(application: Application): Application {
  return eraseTree(application, '') as Application;
}

function eraseTree(value: unknown, path: string): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => eraseTree(item, path === '' ? '*' : `${path}.*`));
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      const erased = eraseTree(inner, path === '' ? key : `${path}.${key}`);
      if (erased !== undefined) out[key] = erased;
    }
    return out;
  }
  if (KEPT.has(path) || typeof value === 'boolean' || value === null) return value;
  if (typeof value === 'string') return ERASED;
  // A number not in the list (an age, the months completed) says something of a person.
  return undefined;
}

/** The actor of events the service itself wrote (shared/store/audit.ts SYSTEM_ACTOR). */
const SYSTEM_ACTOR = 'system';

/**
 * How each attribute that may hold personal data is erased, by its name, at any depth of an item
 * kept under a case: the application (and any stored version of it), who did something (`by`,
 * `holder`, the reviewers), every free text (`comment`, `text`, a workflow's error `cause`), the
 * contact's address and its hash, the contact's name as a decision letter addresses it
 * (`contactName`), and the candidate of a position. Anything else an item holds
 * (keys, timers, statuses, dates, amounts, the municipality) stays.
 */
const PERSONAL_ATTRIBUTES: Record<string, (value: unknown) => unknown> = {
  application: (value) =>
    value !== null && typeof value === 'object' ? eraseTree(value, '') : ERASED,
  by: (value) => (value === SYSTEM_ACTOR ? value : ERASED),
  holder: () => ERASED,
  comment: () => ERASED,
  text: () => ERASED,
  cause: () => ERASED,
  contactEmail: () => ERASED,
  contactName: () => ERASED,
  email: () => ERASED,
  addressHash: () => ERASED,
  reviewers: (value) => (Array.isArray(value) ? value.map(() => ERASED) : ERASED),
  notified: (value) => (Array.isArray(value) ? value.map(() => ERASED) : ERASED),
  candidate: (value) => eraseTree(value, 'candidate'),
};

/**
 * A stored item of a case with its personal data erased: `eraseItem(eraseItem(x))` equals
 * `eraseItem(x)`, so a run repeated after a crash changes nothing more.
 */
export function eraseItem<T extends Record<string, unknown>>(item: T): T {
  return eraseAttributes(item) as T;
}

function eraseAttributes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(eraseAttributes);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const rule = Object.hasOwn(PERSONAL_ATTRIBUTES, key) ? PERSONAL_ATTRIBUTES[key] : undefined;
    const erased = rule ? (inner === undefined ? undefined : rule(inner)) : eraseAttributes(inner);
    if (erased !== undefined) out[key] = erased;
  }
  return out;
}
