// Bokmål labels for the codes the system stores, and the Norwegian way of writing dates and amounts.
// Pages and e-mails use these; nothing here is HTML.

import type { EQUIPMENT, LIST_SOLUTIONS } from '../domain/application.js';
import { EMPLOYMENT_MODEL_LABELS, PROGRAMMES, type Programme } from '../domain/programmes.js';
import { OSLO_TIME_ZONE } from '../domain/calendar.js';
import type { ApplicationStatus, AuditEventType, Decision } from '../domain/review.js';

export { EMPLOYMENT_MODEL_LABELS };

export const SITE_NAME = 'ALIS – tilskudd til utdanningsstillinger for fastleger';

export const STATUS_LABELS: Record<ApplicationStatus, string> = {
  SUBMITTED: 'Mottatt',
  IN_REVIEW: 'Til vurdering i fagrådet',
  CHANGES_REQUESTED: 'Venter på endringer fra kommunen',
  APPROVED: 'Godkjent',
  REJECTED: 'Avslått',
  WITHDRAWN: 'Trukket',
  ACTIVE: 'Tilskudd løper',
  COMPLETED: 'Fullført',
  ENDED: 'Avsluttet',
};

export const EVENT_LABELS: Record<AuditEventType, string> & Record<string, string> = {
  submitted: 'Søknaden er sendt inn',
  'receipt-sent': 'Kvittering sendt til kommunen',
  'review-requested': 'Sendt til vurdering i fagrådet',
  'review-reminder-sent': 'Påminnelse sendt til fagrådet',
  'review-escalated': 'Programleder varslet om at vurderingen tar tid',
  'review-links-renewed': 'Fagrådet har fått nye lenker for å vurdere søknaden',
  approved: 'Søknaden er godkjent',
  rejected: 'Søknaden er avslått',
  'changes-requested': 'Fagrådet ber om endringer',
  amended: 'Kommunen har endret søknaden',
  withdrawn: 'Søknaden er trukket',
  'municipality-notified': 'Kommunen varslet på e-post',
};

/** What a reviewer chooses (the verb on the decision form). */
export const DECISION_LABELS: Record<Decision, string> = {
  approve: 'Godkjenn søknaden',
  reject: 'Avslå søknaden',
  'request-changes': 'Be kommunen om endringer',
};

/** A decision once made (the outcome, as shown afterwards). */
export const DECISION_RESULT_LABELS: Record<Decision, string> = {
  approve: 'godkjent',
  reject: 'avslått',
  'request-changes': 'bedt om endringer',
};

export const LIST_SOLUTION_LABELS: Record<(typeof LIST_SOLUTIONS)[number], string> = {
  'municipal-list': 'Kommunal liste i kommunal praksis',
  'shared-list': 'Felles liste (fellesliste)',
  'split-list': 'Delt liste (deleliste)',
  'bought-out-list': 'Utkjøpt liste i privat praksis',
  other: 'Annen løsning',
};

export const EQUIPMENT_LABELS: Record<(typeof EQUIPMENT)[number], string> = {
  ecg: 'EKG',
  spirometry: 'Spirometri',
  rectoscopy: 'Rektoskopi',
  audiometry: 'Audiometri',
  'minor-surgery': 'Utstyr for små kirurgiske inngrep',
  doppler: 'Doppler',
  laboratory: 'Laboratorium',
};

export const CANDIDATE_KIND_LABELS = {
  'new-position': 'Vi lyser ut en ny ALIS-stilling',
  'employed-doctor': 'Vi søker med en lege som allerede er ansatt og i spesialisering',
} as const;

export const YES_NO_LABELS = { yes: 'Ja', no: 'Nei' } as const;

/** Who did something, for the history: the system's own steps are not a person. */
export function actorLabel(by: string | undefined): string {
  if (!by) return '';
  return by === 'system' ? 'Systemet' : by;
}

export function regionName(programme: Programme | undefined, regionId: string): string {
  return programme?.regions.find((r) => r.id === regionId)?.name ?? regionId;
}

export function programmeName(programmeId: string): string {
  return (PROGRAMMES as Record<string, Programme | undefined>)[programmeId]?.name ?? programmeId;
}

export function labelFor(labels: Record<string, string>, code: string): string {
  return Object.hasOwn(labels, code) ? labels[code]! : code;
}

const TIME_ZONE = OSLO_TIME_ZONE;

const dateTimeFormat = new Intl.DateTimeFormat('nb-NO', {
  dateStyle: 'long',
  timeStyle: 'short',
  timeZone: TIME_ZONE,
});
const dateFormat = new Intl.DateTimeFormat('nb-NO', { dateStyle: 'long', timeZone: TIME_ZONE });
const clockFormat = new Intl.DateTimeFormat('nb-NO', {
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: TIME_ZONE,
});
const nokFormat = new Intl.NumberFormat('nb-NO', {
  style: 'currency',
  currency: 'NOK',
  maximumFractionDigits: 0,
});
const numberFormat = new Intl.NumberFormat('nb-NO', { maximumFractionDigits: 2 });

/** "1. mai 2027 kl. 00:00", Oslo time. An unparsable value is shown as it is rather than as "Invalid Date". */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTimeFormat.format(date);
}

/** "1. mai 2027", Oslo date. */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
}

/**
 * A deadline given as an exclusive instant. Midnight reads better as the day before, "til og med":
 * "2027-05-01T00:00+02:00" becomes "til og med 30. april 2027".
 */
export function formatDeadline(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  if (clockFormat.format(date) === '00:00') {
    return `til og med ${dateFormat.format(new Date(date.getTime() - 1))}`;
  }
  return `innen ${dateTimeFormat.format(date)}`;
}

/** "200 000 kr" */
export function formatNok(amount: number): string {
  return nokFormat.format(amount);
}

export function formatNumber(value: number): string {
  return numberFormat.format(value);
}

export function positionsText(count: number): string {
  return count === 1 ? '1 ALIS-stilling' : `${count} ALIS-stillinger`;
}
