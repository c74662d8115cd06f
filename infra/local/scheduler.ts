// EventBridge Scheduler on the local clock: when each schedule of the template is due (cron, rate and
// at expressions, in the schedule's time zone), plus one-off timers for whatever else is due at a
// local time (Wait states, task time-outs). Firing is the stack's business; this keeps the books.

import { CronExpressionParser } from 'cron-parser';
import { StateFile } from './state-file.js';

import type { ScheduleSpec } from './template.js';

export class ScheduleExpressionError extends Error {
  override name = 'ScheduleExpressionError';
}

/** AWS numbers weekdays 1-7 from Sunday; cron-parser 0-6. Names (MON-FRI) need no change. */
function awsDayOfWeek(field: string): string {
  if (field === 'L') return '6'; // AWS: "L" alone in day-of-week is the last day of the week, Saturday
  return field.replace(
    /(^|[-,])([1-7])(?![0-9])/g,
    (_, sep: string, n: string) => `${sep}${Number(n) - 1}`,
  );
}

function yearMatches(field: string, year: number): boolean {
  if (field === '*' || field === '?') return true;
  return field.split(',').some((part) => {
    const [range, stepText] = part.split('/');
    const [from, to] = String(range).split('-');
    const start = from === '*' ? 1970 : Number(from);
    const end = to !== undefined ? Number(to) : stepText !== undefined ? 2199 : start;
    const step = stepText !== undefined ? Number(stepText) : 1;
    return year >= start && year <= end && (year - start) % step === 0;
  });
}

interface Parsed {
  /** The first occurrence in (afterMs, untilMs], if any. */
  next(afterMs: number, untilMs: number): number | undefined;
}

const yearFormats = new Map<string, Intl.DateTimeFormat>();

function yearIn(timezone: string, ms: number): number {
  // A formatter takes far longer to make than to use, and the timekeeper asks at every fire.
  let format = yearFormats.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en', { timeZone: timezone, year: 'numeric' });
    yearFormats.set(timezone, format);
  }
  return Number(format.format(ms));
}

function cronSchedule(fields: string[], timezone: string, expression: string): Parsed {
  if (fields.length !== 6)
    throw new ScheduleExpressionError(`${expression}: AWS cron has six fields`);
  const [minute, hour, dom, month, dow, year] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (dom.includes('W'))
    throw new ScheduleExpressionError(`${expression}: the local scheduler does not support W`);
  const cron = [
    '0',
    minute,
    hour,
    dom === '?' ? '*' : dom,
    month,
    dow === '?' ? '*' : awsDayOfWeek(dow),
  ].join(' ');
  try {
    // Parse once now, so a bad expression fails at start-up.
    CronExpressionParser.parse(cron, { tz: timezone });
  } catch (error) {
    throw new ScheduleExpressionError(`${expression}: ${(error as Error).message}`);
  }
  return {
    next: (afterMs, untilMs) => (untilMs <= afterMs ? undefined : firstAfter(afterMs, untilMs)),
  };

  function firstAfter(afterMs: number, untilMs: number): number | undefined {
    const it = CronExpressionParser.parse(cron, {
      tz: timezone,
      currentDate: new Date(afterMs),
      endDate: new Date(untilMs),
    });
    while (it.hasNext()) {
      const at = it.next().getTime();
      if (at <= afterMs) continue;
      if (at > untilMs) return undefined;
      if (yearMatches(year, yearIn(timezone, at))) return at;
    }
    return undefined;
  }
}

const RATE_UNITS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** Parses an EventBridge Scheduler expression: cron(...), rate(...) or at(...). */
export function parseScheduleExpression(
  expression: string,
  timezone = 'UTC',
  anchorMs = 0,
): Parsed {
  const cron = /^cron\((.*)\)$/.exec(expression.trim());
  if (cron) return cronSchedule(String(cron[1]).trim().split(/\s+/), timezone, expression);

  const rate = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/.exec(expression.trim());
  if (rate) {
    const period = Number(rate[1]) * (RATE_UNITS[String(rate[2]).replace(/s$/, '')] ?? NaN);
    if (!(period > 0)) throw new ScheduleExpressionError(`${expression}: not a valid rate`);
    return {
      next(afterMs, untilMs) {
        const at = anchorMs + (Math.floor((afterMs - anchorMs) / period) + 1) * period;
        return at <= untilMs ? at : undefined;
      },
    };
  }

  const at = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/.exec(expression.trim());
  if (at) {
    const [, y, mo, d, h, mi] = at.map(Number) as number[];
    return cronSchedule(
      [String(mi), String(h), String(d), String(mo), '?', String(y)],
      timezone,
      expression,
    );
  }
  throw new ScheduleExpressionError(
    `${expression}: not a schedule expression the local scheduler knows`,
  );
}

/** Every occurrence in (afterMs, untilMs], in order. */
export function occurrences(parsed: Parsed, afterMs: number, untilMs: number): number[] {
  const out: number[] = [];
  for (let at = parsed.next(afterMs, untilMs); at !== undefined; at = parsed.next(at, untilMs))
    out.push(at);
  return out;
}

const before = (a: { at: number; id: number }, b: { at: number; id: number }) =>
  a.at < b.at || (a.at === b.at && a.id < b.id);

export type Due =
  | { kind: 'schedule'; at: number; schedule: ScheduleSpec }
  | { kind: 'timer'; at: number; id: number; label: string; fire: () => void };

interface SchedulerFile {
  /** Schedule name → the last occurrence handled (epoch ms). */
  handledUpTo: Record<string, number>;
  /**
   * Schedule name → an occurrence whose invocation began and has not ended: one the stack was
   * stopped (or killed) in the middle of. The next start invokes it again, as Lambda retries an
   * invocation whose environment died.
   */
  started?: Record<string, number>;
}

export class LocalScheduler {
  private readonly parsed = new Map<string, Parsed>();
  private handledUpTo: Record<string, number> = {};
  /** Invocations begun and not ended, as kept in the file. */
  private started: Record<string, number> = {};
  /** Those an earlier process left unfinished: due again, before anything else. */
  private readonly unfinished: Record<string, number> = {};
  private readonly timers = new Map<number, { at: number; label: string; fire: () => void }>();
  /**
   * The timers' ids as a binary min-heap on (time, id): the next one is found without looking at
   * every timer (each waiting task with a time-out has one). Cancelled ids are dropped lazily.
   */
  private readonly heap: { at: number; id: number }[] = [];
  private nextTimerId = 1;
  private readonly state: StateFile<SchedulerFile> | undefined;

  /**
   * @param schedules the template's schedules
   * @param now the local clock; occurrences before the first start are never fired
   * @param file where the books are kept between runs
   */
  constructor(
    readonly schedules: ScheduleSpec[],
    now: number,
    file?: string,
  ) {
    this.state = file ? new StateFile<SchedulerFile>(file) : undefined;
    const saved = this.state?.read();
    if (saved) {
      this.handledUpTo = saved.handledUpTo;
      this.started = { ...saved.started };
      Object.assign(this.unfinished, saved.started);
    }
    for (const s of schedules) {
      const anchor = s.startDate ? Date.parse(s.startDate) : 0;
      this.parsed.set(s.name, parseScheduleExpression(s.expression, s.timezone, anchor));
      this.handledUpTo[s.name] ??= now;
    }
    this.save();
  }

  /** Registers a one-off timer at a local time; returns its cancel function. */
  addTimer(at: number, label: string, fire: () => void): () => void {
    const id = this.nextTimerId++;
    this.timers.set(id, { at, label, fire });
    this.push({ at, id });
    return () => this.timers.delete(id);
  }

  private push(item: { at: number; id: number }): void {
    const heap = this.heap;
    heap.push(item);
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  /** The earliest live timer, after dropping cancelled or fired ones from the top. */
  private peek(): { at: number; id: number } | undefined {
    const heap = this.heap;
    while (heap.length && !this.timers.has(heap[0]!.id)) {
      const last = heap.pop()!;
      if (!heap.length) break;
      heap[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && before(heap[r]!, heap[m]!)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
    return heap[0];
  }

  /** The earliest thing due at or before `upTo`: timers first at equal times. */
  nextDue(upTo: number): Due | undefined {
    let best: Due | undefined;
    const first = this.peek();
    const timer = first && this.timers.get(first.id);
    if (first && timer && timer.at <= upTo) best = { kind: 'timer', id: first.id, ...timer };
    for (const s of this.schedules) {
      const unfinished = this.unfinished[s.name];
      if (unfinished !== undefined && (!best || unfinished <= best.at))
        return { kind: 'schedule', at: unfinished, schedule: s };
    }
    for (const s of this.schedules) {
      if (!s.enabled) continue;
      const after = this.handledUpTo[s.name] ?? upTo;
      const start = s.startDate ? Date.parse(s.startDate) - 1 : -Infinity;
      const end = s.endDate ? Date.parse(s.endDate) : Infinity;
      const at = this.parsed.get(s.name)?.next(Math.max(after, start), Math.min(upTo, end));
      if (at !== undefined && (!best || at < best.at)) best = { kind: 'schedule', at, schedule: s };
    }
    return best;
  }

  /**
   * Records that `due` is being fired, so it is not fired again; a schedule's invocation counts as
   * begun until markFinished, and one begun and never finished is fired again by the next process.
   */
  markFired(due: Due): void {
    if (due.kind === 'timer') {
      this.timers.delete(due.id);
    } else {
      const name = due.schedule.name;
      this.handledUpTo[name] = Math.max(this.handledUpTo[name] ?? due.at, due.at);
      this.started[name] = due.at;
      delete this.unfinished[name];
      this.save();
    }
  }

  /** A schedule's invocation has ended (well or not): a restart does not repeat it. */
  markFinished(due: Due): void {
    if (due.kind !== 'schedule' || this.started[due.schedule.name] !== due.at) return;
    delete this.started[due.schedule.name];
    this.save();
  }

  private save(): void {
    this.state?.save({ handledUpTo: this.handledUpTo, started: this.started });
  }

  /** Lets go of the file (its state is saved at every change). */
  close(): void {
    this.state?.close();
  }
}
