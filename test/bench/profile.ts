// Where the stack's Node time goes: a CPU profile (node --cpu-prof) summarized by self time per
// package (node_modules/<name>), Node's own internals, the project's files, and idle. Only the
// samples taken while a load ran count, when the loads' times are given: the pauses between loads
// (the bare transactions, the daily runs) would otherwise make the stack look idle and dilute it.

import * as fs from 'node:fs';
import * as path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  /** Microseconds on the monotonic clock, as `monotonicMicros` reads it in another process. */
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function category(frame: ProfileNode['callFrame']): string {
  const url = frame.url;
  if (!url) return frame.functionName === '(idle)' ? '(idle)' : `(${frame.functionName || 'vm'})`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg?.[1]) return pkg[1];
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const project = /\/(infra\/local|shared|functions|infra)\//.exec(url);
  return project?.[1] ? `project ${project[1]}` : 'other';
}

export interface ProfileSummary {
  /** Seconds profiled, and the share of them the event loop was idle. */
  seconds: number;
  idle: number;
  /** Share of the busy time per category, largest first. */
  busy: { what: string; share: number }[];
  /** Share of the busy time per function (name, file and line), largest first. */
  functions: { what: string; share: number }[];
}

/** The monotonic clock in microseconds: the clock CPU profiles time their samples by, on Linux. */
export function monotonicMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/** A stretch of time on that clock: [start, end]. */
export type Window = readonly [number, number];

/**
 * The latest main-thread profile in `dir`: a stack profiles into a directory of its own, one
 * profile per process, and a restarted stack's last process is the one that took the loads.
 */
export function summarizeLatestProfile(
  dir: string,
  windows?: readonly Window[],
): ProfileSummary | undefined {
  const files = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        // CPU.<date>.<time>.<pid>.<thread>.<n>.cpuprofile: thread 0 is the main thread (tsx's
        // module loader runs in a thread of its own).
        .filter((f) => /^CPU\.\d+\.\d+\.\d+\.0\.\d+\.cpuprofile$/.test(f))
        .sort()
    : [];
  const latest = files.at(-1);
  return latest ? summarizeProfile(path.join(dir, latest), 12, windows) : undefined;
}

function functionName(frame: ProfileNode['callFrame'], line: number): string {
  const file = frame.url
    .replace(/^.*node_modules\//, '')
    .replace(/^.*\/(infra|shared|functions)\//, '$1/');
  return `${frame.functionName || '(anonymous)'} ${file}${file ? `:${line + 1}` : ''}`;
}

/** Where the busy time of one profile went, within `windows` if given. */
export function summarizeProfile(
  file: string,
  top = 12,
  windows?: readonly Window[],
): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const time = new Map<string, number>();
  const perFunction = new Map<string, number>();
  let total = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const dt = profile.timeDeltas[i] ?? 0;
    at += dt;
    if (!node) return;
    if (windows && !windows.some(([start, end]) => at >= start && at <= end)) return;
    const what = category(node.callFrame);
    time.set(what, (time.get(what) ?? 0) + dt);
    if (what !== '(idle)') {
      const fn = functionName(node.callFrame, node.callFrame.lineNumber);
      perFunction.set(fn, (perFunction.get(fn) ?? 0) + dt);
    }
    total += dt;
  });
  const idle = time.get('(idle)') ?? 0;
  time.delete('(idle)');
  const busy = total - idle;
  const share = (t: number, of: number) => Math.round((t / of) * 1000) / 10;
  const ranked = (m: Map<string, number>) =>
    [...m]
      .map(([what, t]) => ({ what, share: share(t, busy) }))
      .sort((a, b) => b.share - a.share)
      .slice(0, top);
  return {
    seconds: Math.round(total / 1e5) / 10,
    idle: share(idle, total),
    busy: ranked(time),
    functions: ranked(perFunction),
  };
}
