// Where the stack's Node time goes: a CPU profile (node --cpu-prof) summarized by self time per
// package (node_modules/<name>), Node's own internals, the project's files, and idle.

import * as fs from 'node:fs';
import * as path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}

interface CpuProfile {
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
}

/** Where the stack's busy time went, from its main thread's profile. */
export function summarizeProfile(dir: string, top = 12): ProfileSummary | undefined {
  const files = fs.existsSync(dir)
    ? fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))
    : [];
  const file = files
    .map((f) => path.join(dir, f))
    .sort()
    .at(-1);
  if (!file) return undefined;
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const time = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const dt = profile.timeDeltas[i] ?? 0;
    if (!node) return;
    const what = category(node.callFrame);
    time.set(what, (time.get(what) ?? 0) + dt);
    total += dt;
  });
  const idle = time.get('(idle)') ?? 0;
  time.delete('(idle)');
  const busy = total - idle;
  const share = (t: number, of: number) => Math.round((t / of) * 1000) / 10;
  return {
    seconds: Math.round(total / 1e5) / 10,
    idle: share(idle, total),
    busy: [...time]
      .map(([what, t]) => ({ what, share: share(t, busy) }))
      .sort((a, b) => b.share - a.share)
      .slice(0, top),
  };
}
