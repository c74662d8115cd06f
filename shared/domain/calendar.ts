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
  const { year, month, day } = wallClock(date.getTime());
  const midnightAsUtc = Date.UTC(year, month - 1, day + days);
  // Oslo never changes its clocks at midnight, so the offset at a guess an offset away is exact.
  const guess = midnightAsUtc - osloOffset(midnightAsUtc);
  return new Date(midnightAsUtc - osloOffset(guess));
}

/** Whole Oslo calendar days from the day of `from` to the day of `to`: what "waited 14 days" means. */
export function osloDaysBetween(from: Date, to: Date): number {
  const day = (d: Date) => {
    const { year, month, day: date } = wallClock(d.getTime());
    return Date.UTC(year, month - 1, date) / 86_400_000;
  };
  return day(to) - day(from);
}
