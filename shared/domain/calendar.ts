// Calendar days in Oslo. The programmes count deadlines and waits in whole days as people do
// ("after a week"), and the daily run fires at 06:00 Oslo time, so a wait of n days is due at the
// start of the n-th Oslo day after it began. Pure; Intl carries the time-zone rules.

export const OSLO_TIME_ZONE = 'Europe/Oslo';

const osloDateParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: OSLO_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function wallClock(instant: number): { year: number; month: number; day: number; asUtc: number } {
  const parts = Object.fromEntries(
    osloDateParts.formatToParts(instant).map((p) => [p.type, p.value]),
  );
  const [year, month, day] = [Number(parts.year), Number(parts.month), Number(parts.day)];
  const asUtc = Date.UTC(
    year,
    month - 1,
    day,
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return { year, month, day, asUtc };
}

/** Oslo's offset from UTC, in milliseconds, at an instant (+1 h in winter, +2 h in summer). */
function osloOffset(instant: number): number {
  return wallClock(instant).asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant at which the Oslo calendar day `days` after the Oslo day of `date` begins. */
export function startOfOsloDayAfter(date: Date, days: number): Date {
  return startOfOsloDate(addDaysToDate(osloDateOf(date), days));
}

/** Whole Oslo calendar days from the day of `from` to the day of `to`: what "waited 14 days" means. */
export function osloDaysBetween(from: Date, to: Date): number {
  const day = (d: Date) => {
    const { year, month, day: date } = wallClock(d.getTime());
    return Date.UTC(year, month - 1, date) / 86_400_000;
  };
  return day(to) - day(from);
}

/**
 * A calendar date, `YYYY-MM-DD`, naming a day as people in Oslo do. Due dates and end dates are
 * days, not instants: a year later is the same day of the calendar, never 365 × 24 hours later.
 */
export type CalendarDate = string;

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** True for a `YYYY-MM-DD` string naming a day that exists (2028-02-29 does, 2027-02-29 not). */
export function isCalendarDate(value: unknown): value is CalendarDate {
  if (typeof value !== 'string') return false;
  const parts = splitDate(value);
  if (!parts) return false;
  const { year, month, day } = parts;
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function splitDate(value: string): { year: number; month: number; day: number } | undefined {
  const match = CALENDAR_DATE.exec(value);
  return match
    ? { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) }
    : undefined;
}

/** Internal callers pass dates already checked; a bad one is a programming error. */
function dateParts(date: CalendarDate): { year: number; month: number; day: number } {
  const parts = isCalendarDate(date) ? splitDate(date) : undefined;
  if (!parts) throw new RangeError(`Not a calendar date: ${JSON.stringify(date)}`);
  return parts;
}

/** Normalises an overflowing day or month (day 32, month 13) the way the calendar does. */
function calendarDate(year: number, month: number, day: number): CalendarDate {
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day); // unlike Date.UTC, keeps years below 100 as they are
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(utc.getUTCFullYear(), 4)}-${pad(utc.getUTCMonth() + 1, 2)}-${pad(utc.getUTCDate(), 2)}`;
}

export function addDaysToDate(date: CalendarDate, days: number): CalendarDate {
  const { year, month, day } = dateParts(date);
  return calendarDate(year, month, day + days);
}

/** The same day `years` later; 29 February falls back to 28 February in a common year. */
export function addYearsToDate(date: CalendarDate, years: number): CalendarDate {
  const { year, month, day } = dateParts(date);
  return calendarDate(year + years, month, Math.min(day, daysInMonth(year + years, month)));
}

/** The same day `months` later; a day the month lacks falls back to its last (31 → 30, 29 February → 28). */
export function addMonthsToDate(date: CalendarDate, months: number): CalendarDate {
  const { year, month, day } = dateParts(date);
  const total = year * 12 + (month - 1) + months;
  const [y, m] = [Math.floor(total / 12), (total % 12) + 1];
  return calendarDate(y, m, Math.min(day, daysInMonth(y, m)));
}

/** The Oslo calendar date of an instant. */
export function osloDateOf(instant: Date): CalendarDate {
  const { year, month, day } = wallClock(instant.getTime());
  return calendarDate(year, month, day);
}

/** The first day of the Oslo month after the one an instant falls in. */
export function firstOfNextOsloMonth(instant: Date): CalendarDate {
  const { year, month } = wallClock(instant.getTime());
  return calendarDate(year, month + 1, 1);
}

/** The instant an Oslo calendar day begins (23:00 UTC the evening before in winter, 22:00 in summer). */
export function startOfOsloDate(date: CalendarDate): Date {
  const { year, month, day } = dateParts(date);
  const midnightAsUtc = new Date(0).setUTCFullYear(year, month - 1, day);
  // Oslo never changes its clocks at midnight, so the offset at a guess an offset away is exact.
  const guess = midnightAsUtc - osloOffset(midnightAsUtc);
  return new Date(midnightAsUtc - osloOffset(guess));
}
