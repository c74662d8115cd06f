// `npm run bench`: how fast the system answers, measured on this machine against the local stack
// (the same handlers and state machine as in AWS, on emulators). Prints a table and writes
// bench/results.json. Not part of `npm test`: figures go here, never into timed assertions.
//
// Every loop is bounded in count; all traffic goes to the local stack on 127.0.0.1.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { validateApplication } from '../../shared/domain/application.js';
import { MUNICIPALITIES } from '../../shared/domain/municipalities.js';
import { FIXTURES, advance, linksIn, localNow, mail, postForm, submit } from '../support/api.js';
import { startLocalStack, type LocalStack } from '../support/local-stack.js';

const PROJECT_ROOT = path.join(__dirname, '..', '..');
const RESULTS = path.join(PROJECT_ROOT, 'bench', 'results.json');

const VALIDATIONS = 20_000;
const SUBMISSIONS = 60;
const DECISIONS = 20;
const WAITING_REVIEWS = 40;

interface Row {
  name: string;
  count: number;
  unit: string;
  p50: number;
  p95: number;
  max: number;
  /** Operations per second, where a sequential rate means something. */
  rate?: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function summarize(name: string, unit: string, samples: number[], totalMs?: number): Row {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    name,
    count: samples.length,
    unit,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    max: round(sorted.at(-1)!),
    ...(totalMs !== undefined && { rate: round((samples.length / totalMs) * 1000) }),
  };
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await work();
  return [result, performance.now() - start];
}

function benchValidation(): Row {
  const samples: number[] = [];
  const start = performance.now();
  for (let i = 0; i < VALIDATIONS; i++) {
    const t = performance.now();
    if (!validateApplication(FIXTURES[i % 2 ? 'alis-vest' : 'alis-nord']).ok)
      throw new Error('fixture refused');
    samples.push((performance.now() - t) * 1000);
  }
  return summarize(
    'validate an application (in process)',
    'µs',
    samples,
    performance.now() - start,
  );
}

/** Finnmark's municipalities (the fixture's region serves Finnmark), one after another, so no cap is reached. */
function municipalityNumbers(): string[] {
  return MUNICIPALITIES.filter((m) => m.county === 'Finnmark').map((m) => m.number);
}

async function benchSubmissions(
  stack: LocalStack,
  numbers: string[],
): Promise<{ row: Row; applicationIds: string[] }> {
  const samples: number[] = [];
  const applicationIds: string[] = [];
  const start = performance.now();
  for (let i = 0; i < SUBMISSIONS; i++) {
    const body = structuredClone(FIXTURES['alis-nord']) as any;
    body.municipality.municipalityNumber = numbers[i % numbers.length];
    body.positionsRequested = 1;
    body.contact.email = `bench${i}@kommune.example.no`;
    const [response, ms] = await timed(() => submit(stack.baseUrl, body));
    if (response.status !== 201)
      throw new Error(`submission answered ${response.status}: ${JSON.stringify(response.body)}`);
    samples.push(ms);
    applicationIds.push(response.body.applicationId);
  }
  return {
    row: summarize('POST /applications (JSON, 201)', 'ms', samples, performance.now() - start),
    applicationIds,
  };
}

async function decisionLinks(
  stack: LocalStack,
  applicationIds: string[],
): Promise<Map<string, string>> {
  const links = new Map<string, string>();
  const deadline = Date.now() + 60_000;
  while (links.size < applicationIds.length && Date.now() < deadline) {
    for (const m of await mail(stack.baseUrl)) {
      if (!m.to.includes('fagrad1@alis-nord.example.no')) continue;
      const id = applicationIds.find((a) => m.text.includes(a));
      const link = linksIn(m, 'decisions')[0];
      if (id && link && !links.has(id)) links.set(id, link);
    }
    if (links.size < applicationIds.length) await new Promise((r) => setTimeout(r, 200));
  }
  return links;
}

async function benchDecisions(stack: LocalStack, links: string[]): Promise<Row[]> {
  const pages: number[] = [];
  const posts: number[] = [];
  for (const link of links) {
    const [page, pageMs] = await timed(() =>
      fetch(link).then(async (r) => ({ status: r.status, body: await r.text() })),
    );
    if (page.status !== 200) throw new Error(`decision page answered ${page.status}`);
    pages.push(pageMs);
    const [answer, postMs] = await timed(() => postForm(link, { decision: 'approve' }));
    if (answer.status !== 200) throw new Error(`decision answered ${answer.status}`);
    posts.push(postMs);
  }
  return [
    summarize('GET /decisions/{token} (page)', 'ms', pages),
    summarize('POST /decisions/{token} (approve)', 'ms', posts),
  ];
}

async function benchDailyRun(stack: LocalStack, waiting: number): Promise<Row> {
  // Eight days on: every waiting review is due for its reminder at one daily run.
  const now = await localNow(stack.baseUrl);
  const [result, ms] = await timed(() =>
    advance(stack.baseUrl, new Date(now.getTime() + 8 * 86_400_000)),
  );
  if (result.fired.some((f) => f.error))
    throw new Error(`daily run failed: ${JSON.stringify(result.fired)}`);
  return { ...summarize(`advance 8 days: daily runs, ${waiting} reviews reminded`, 'ms', [ms]) };
}

async function main(): Promise<void> {
  const rows: Row[] = [benchValidation()];

  const [stack, startMs] = await timed(() => startLocalStack({ fresh: true }));
  try {
    rows.push(summarize('npm start to first answer (fresh data)', 'ms', [startMs]));
    const numbers = municipalityNumbers();
    const { row, applicationIds } = await benchSubmissions(stack, numbers);
    rows.push(row);

    const links = await decisionLinks(stack, applicationIds);
    const toDecide = applicationIds.slice(0, DECISIONS).map((id) => links.get(id)!);
    rows.push(...(await benchDecisions(stack, toDecide)));
    rows.push(
      await benchDailyRun(stack, Math.min(WAITING_REVIEWS, applicationIds.length - DECISIONS)),
    );
  } finally {
    await stack.stop();
  }

  const machine = {
    node: process.version,
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  };
  fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
  fs.writeFileSync(
    RESULTS,
    `${JSON.stringify({ at: new Date().toISOString(), machine, results: rows }, null, 2)}\n`,
  );

  const header = ['benchmark', 'n', 'p50', 'p95', 'max', 'unit', 'per s'];
  const lines = rows.map((r) => [
    r.name,
    String(r.count),
    String(r.p50),
    String(r.p95),
    String(r.max),
    r.unit,
    r.rate === undefined ? '' : String(r.rate),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(format(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const line of lines) console.log(format(line));
  console.log(
    `\nWritten to ${path.relative(PROJECT_ROOT, RESULTS)} (${machine.cpus} cores, Node ${machine.node}).`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
