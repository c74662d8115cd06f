// The Norwegian way of writing dates, times and amounts, for pages and e-mails alike. Dates are
// shown in Oslo time, whatever the server's zone.

import { OSLO_TIME_ZONE } from '../domain/calendar.js';

const dateTimeFormat = new Intl.DateTimeFormat('nb-NO', {
  dateStyle: 'long',
  timeStyle: 'short',
  timeZone: OSLO_TIME_ZONE,
});
const dateFormat = new Intl.DateTimeFormat('nb-NO', {
  dateStyle: 'long',
  timeZone: OSLO_TIME_ZONE,
});
const clockFormat = new Intl.DateTimeFormat('nb-NO', {
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: OSLO_TIME_ZONE,
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
 * "2027-05-01T00:00+02:00" becomes "til og med 30. april 2027". After a verb, "til og med" reads
 * badly ("Send søknaden til og med …"), so a sentence passes the word it needs: `senest` for a
 * last day to act, `innen` for something that must happen by then, or `''` for the bare day
 * ("Søknadsfristen er 30. april 2027"). Any other instant is "innen" its day and time.
 */
export function formatDeadline(
  iso: string,
  lead: 'til og med' | 'senest' | 'innen' | '' = 'til og med',
): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  if (clockFormat.format(date) === '00:00') {
    return `${lead} ${dateFormat.format(new Date(date.getTime() - 1))}`.trim();
  }
  const atTime = lead === '' ? '' : 'innen';
  return `${atTime} ${dateTimeFormat.format(date)}`.trim();
}

/** "200 000 kr" */
export function formatNok(amount: number): string {
  return nokFormat.format(amount);
}

/** "2,5": at most two decimals, Norwegian separators. */
export function formatNumber(value: number): string {
  return numberFormat.format(value);
}

/** "1 dag", "14 dager". */
export function daysText(count: number): string {
  return count === 1 ? '1 dag' : `${count} dager`;
}

export function positionsText(count: number): string {
  return count === 1 ? '1 ALIS-stilling' : `${count} ALIS-stillinger`;
}

/** "1 godkjent ALIS-stilling", "2 godkjente ALIS-stillinger": the adjective agrees with the count. */
export function approvedPositionsText(count: number): string {
  return count === 1 ? '1 godkjent ALIS-stilling' : `${count} godkjente ALIS-stillinger`;
}
