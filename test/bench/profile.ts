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

/** Share of profiled time per category, largest first. */
export function summarizeProfile(dir: string, top = 12): { what: string; share: number }[] {
  const files = fs.existsSync(dir)
    ? fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))
    : [];
  const file = files
    .map((f) => path.join(dir, f))
    .sort()
    .at(-1);
  if (!file) return [];
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
  return [...time]
    .map(([what, t]) => ({ what, share: Math.round((t / total) * 1000) / 10 }))
    .sort((a, b) => b.share - a.share)
    .slice(0, top);
}
