// `npm run bench`: the local stack measured as ratios within one run, so that a shared, noisy
// machine still gives comparable figures. Prints one table, writes bench/results.json. Not part
// of `npm test`: figures go here, never into timed assertions.
//
// BENCH_SCALE (default 1) scales every size down for a quick check, e.g. BENCH_SCALE=0.05;
// BENCH_PROFILE=1 takes a CPU profile of the stack and summarizes its submission loads. BENCH_ONLY
// runs some parts alone (comma-separated: cold, data, daily, cost, login, properties, pages; `cost`
// alone prints its JSON) and writes their figures to the temporary directory, not to
// bench/results.json; so do parts named as arguments (`npm run bench -- pages`).

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { type LocalStack, startLocalStack } from '../support/local-stack.js';
import { coldStarts } from './cold-start.js';
import { costThroughLastPayment, PRICES } from './cost.js';
import { measureDailyRuns } from './daily-run.js';
import { FIRST_VISIT_BUDGET_BYTES, measurePageWeights, measureThrottledLoad } from './pages.js';
import { median } from './load.js';
import { summarizeLatestProfile } from './profile.js';
import { seedApplications, seedExecutions, seedMail } from './seed.js';
import { measureStaffLogin } from './staff-login.js';
import { dynamoEndpoint, nextMorning, tableName } from './stack.js';
import {
  countMail,
  type MailCount,
  measureInTurns,
  measureSubmissions,
  type SubmissionLoad,
  submissionLoadWindows,
  type Turn,
} from './submissions.js';

const PROJECT_ROOT = path.join(__dirname, '..', '..');
const RESULTS = path.join(PROJECT_ROOT, 'bench', 'results.json');
const PROFILES = path.join(PROJECT_ROOT, 'bench', 'profiles');
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const ALL_PARTS = ['cold', 'data', 'daily', 'cost', 'login', 'properties', 'pages'] as const;
const ONLY = (process.env.BENCH_ONLY ?? (process.argv.slice(2).join(',') || undefined))
  ?.split(',')
  .map((p) => p.trim());
const PARTS = new Set<string>(ONLY ?? ALL_PARTS);
const scaled = (n: number, min = 1) => Math.max(min, Math.round(n * SCALE));

const SIZES = {
  transactions: scaled(2000, 50),
  // At most three a municipality a day (the daily limit), over the 173 municipalities: 519.
  submissions: scaled(480, 32),
  storedApplications: scaled(10_000, 10),
  storedEmails: scaled(30_000, 30),
  dueItems: [scaled(100, 2), scaled(1_000, 5), scaled(10_000, 10)],
  coldStartRuns: scaled(15, 3),
  /** Loads of the form in Chromium, each throttled and not. */
  pageLoads: scaled(5, 3),
  /** POST /staff/login requests per group (staff addresses, other addresses). */
  staffLogins: scaled(200, 20),
  /** Turns of each comparison: against the floor, and with history against fresh (odd, so that a median is one turn's). */
  turns: 3,
};

type Row = [what: string, measured: string, target: string, ok: boolean | undefined];
const rows: Row[] = [];
const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;

function log(message: string): void {
  console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

async function submissionsAndData() {
  const profile = process.env.BENCH_PROFILE === '1';
  if (profile) fs.rmSync(PROFILES, { recursive: true, force: true });
  const profiled = (side: string) =>
    profile ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${path.join(PROFILES, side)}`] } : {};
  // Two stacks, each on a data directory of its own: the second is stopped once, so that history
  // can be seeded into its files.
  const started: LocalStack[] = [];
  const historyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'alis-bench-'));
  let measured: {
    fresh: SubmissionLoad;
    withHistory: SubmissionLoad;
    turns: Turn[];
    mailAfterLoad: MailCount;
  };
  try {
    const fresh = await startLocalStack({ fresh: true, ...profiled('fresh') });
    started.push(fresh);
    const endpoint = dynamoEndpoint(fresh);
    const table = await tableName(endpoint);
    log('submissions on a fresh stack');
    const floor = await measureSubmissions(fresh, endpoint, table, SIZES, () => nextMorning(fresh));
    const mailAfterLoad = await countMail(fresh);

    log(
      `a second stack, seeded with ${SIZES.storedEmails} e-mails, ${SIZES.storedApplications} applications`,
    );
    const history = await startLocalStack({ dir: historyDir, fresh: true, ...profiled('history') });
    started.push(history);
    await history.stop();
    seedMail(historyDir, SIZES.storedEmails);
    seedExecutions(historyDir, stateMachineArn(fresh.dir), SIZES.storedApplications);
    await history.restart();
    const historyEndpoint = dynamoEndpoint(history);
    await seedApplications(historyEndpoint, table, SIZES.storedApplications);
    // The same loads as the fresh stack has had, so that history is all that differs.
    const floorWithHistory = await measureSubmissions(history, historyEndpoint, table, SIZES, () =>
      nextMorning(history),
    );

    log(`both stacks in turns, ${SIZES.turns} turns`);
    const turns = await measureInTurns(
      { fresh, history },
      SIZES.turns,
      SIZES.submissions,
      nextMorning,
    );
    measured = { fresh: floor, withHistory: floorWithHistory, turns, mailAfterLoad };
  } finally {
    await Promise.all(started.map((stack) => stack.stop()));
    fs.rmSync(historyDir, { recursive: true, force: true });
  }
  return {
    ...measured,
    // A process writes its profile as it exits.
    profile: profile
      ? {
          fresh: summarizeLatestProfile(
            path.join(PROFILES, 'fresh'),
            submissionLoadWindows.get(started[0]!),
          ),
          withHistory: summarizeLatestProfile(
            path.join(PROFILES, 'history'),
            submissionLoadWindows.get(started[1]!),
          ),
        }
      : undefined,
  };
}

/** The state machine's ARN, as a stack that has started an execution wrote it in its file. */
function stateMachineArn(dir: string): string {
  const first = fs
    .readFileSync(path.join(dir, 'executions', 'executions.jsonl'), 'utf8')
    .split('\n')[0]!;
  return (JSON.parse(first) as { stateMachineArn: string }).stateMachineArn;
}

/** One application through its last payment, on a fresh stack of its own. */
async function cost() {
  const stack = await startLocalStack({ fresh: true });
  try {
    const endpoint = dynamoEndpoint(stack);
    return await costThroughLastPayment(stack, endpoint, await tableName(endpoint));
  } finally {
    await stack.stop();
  }
}

async function dailyRuns() {
  // --expose-gc: the stack's memory is read as the heap still live after a full collection too.
  const profile = process.env.BENCH_PROFILE === '1';
  const profiles = path.join(PROFILES, 'daily');
  if (profile) fs.rmSync(profiles, { recursive: true, force: true });
  const stack = await startLocalStack({
    fresh: true,
    nodeArgs: ['--expose-gc', ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profiles}`] : [])],
  });
  try {
    const endpoint = dynamoEndpoint(stack);
    return await measureDailyRuns(stack, endpoint, await tableName(endpoint), SIZES.dueItems, log);
  } finally {
    await stack.stop();
  }
}

/** The timing of POST /staff/login, staff against other addresses, on a fresh stack of its own. */
async function staffLogin() {
  log(`POST /staff/login: ${SIZES.staffLogins} staff and ${SIZES.staffLogins} other addresses`);
  const stack = await startLocalStack({ fresh: true });
  try {
    return await measureStaffLogin(stack, SIZES.staffLogins);
  } finally {
    await stack.stop();
  }
}

/** The property tests at 10 000 runs, if they read FC_RUNS. */
function propertyTests(): { ran: boolean; passed?: boolean } {
  const dir = path.join(PROJECT_ROOT, 'test', 'unit', 'domain');
  const honoured =
    fs.existsSync(dir) &&
    fs.readdirSync(dir).some((f) => fs.readFileSync(path.join(dir, f), 'utf8').includes('FC_RUNS'));
  if (!honoured) return { ran: false };
  try {
    execFileSync('npx', ['vitest', 'run', 'test/unit/domain'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, FC_RUNS: '10000' },
      stdio: 'inherit',
    });
    return { ran: true, passed: true };
  } catch {
    return { ran: true, passed: false };
  }
}

async function main(): Promise<void> {
  const machine = {
    node: process.version,
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    loadAverage: os.loadavg().map((l) => Math.round(l * 10) / 10),
    scale: SCALE,
  };

  if (process.env.BENCH_ONLY === 'cost') {
    console.log(JSON.stringify(await cost(), null, 2));
    return;
  }

  if (PARTS.has('cold')) log('cold starts');
  const cold = PARTS.has('cold') ? await coldStarts(SIZES.coldStartRuns) : undefined;
  for (const c of cold ?? []) {
    rows.push([
      `cold start ${c.name}: load ${c.loadMs} ms vs baseline ${c.baselineLoadMs} ms (${c.bundleKiB} KiB vs ${c.baselineKiB} KiB)`,
      `${c.ratio}×`,
      '≤ 1.3×',
      c.ratio <= 1.3,
    ]);
  }

  const data = PARTS.has('data') ? await submissionsAndData() : undefined;
  if (data) dataRows(data);

  const daily = PARTS.has('daily') ? await dailyRuns() : undefined;
  if (daily) dailyRows(daily);

  const costs = PARTS.has('cost') ? await costRows() : undefined;

  const pages = PARTS.has('pages') ? await pageRows() : undefined;
  const login = PARTS.has('login') ? await staffLogin() : undefined;
  if (login) {
    rows.push([
      `POST /staff/login, median: ${login.staff.requests} to ${login.staff.addresses} staff addresses ${login.staff.medianMs} ms (p90 ${login.staff.p90Ms}) vs ${login.others.requests} to other addresses ${login.others.medianMs} ms (p90 ${login.others.p90Ms}); ${login.signInMails} sign-in e-mails`,
      `${login.ratio}×`,
      '0.8–1.2×',
      login.ratio >= 0.8 && login.ratio <= 1.2 && login.failed === 0,
    ]);
  }

  let properties: ReturnType<typeof propertyTests> | undefined;
  if (PARTS.has('properties')) {
    log('property tests at FC_RUNS=10000');
    properties = propertyTests();
    rows.push([
      'property tests, 10 000 runs each',
      properties.ran ? (properties.passed ? 'passed' : 'FAILED') : 'not run (FC_RUNS not read)',
      'pass',
      properties.ran ? properties.passed : undefined,
    ]);
  }

  const results = ONLY ? path.join(os.tmpdir(), `alis-bench-${ONLY.join('-')}.json`) : RESULTS;
  fs.mkdirSync(path.dirname(results), { recursive: true });
  fs.writeFileSync(
    results,
    `${JSON.stringify(
      {
        at: new Date().toISOString(),
        machine,
        sizes: SIZES,
        parts: [...PARTS],
        table: rows.map(([what, measured, target, ok]) => ({ what, measured, target, ok })),
        submissions: data && {
          fresh: data.fresh,
          withHistory: data.withHistory,
          turns: data.turns,
        },
        coldStarts: cold,
        dailyRuns: daily,
        costPerApplication: costs,
        pages,
        staffLogin: login,
        mailAfterLoad: data?.mailAfterLoad,
        prices: PRICES,
        profile: data?.profile,
        properties,
      },
      null,
      2,
    )}\n`,
  );

  const width = Math.max(...rows.map((r) => r[0].length));
  console.log(`${'measure'.padEnd(width)}  ${'measured'.padStart(16)}  ${'target'.padEnd(7)}  ok`);
  for (const [what, measured, target, ok] of rows) {
    const mark = ok === undefined ? '' : ok ? 'yes' : 'NO';
    console.log(`${what.padEnd(width)}  ${measured.padStart(16)}  ${target.padEnd(7)}  ${mark}`);
  }
  const profile = data?.profile;
  if (profile) {
    for (const [when, p] of [
      ['fresh', profile.fresh],
      ['with the stored history', profile.withHistory],
    ] as const) {
      if (!p) continue;
      console.log(
        `\nThe stack's Node process ${when}, during its submission loads (${p.seconds} s): idle ${p.idle} %. Its busy time (CPU profile, self time):`,
      );
      for (const b of p.busy) console.log(`  ${String(b.share).padStart(5)} %  ${b.what}`);
      console.log('  Functions with the most self time:');
      for (const f of p.functions) console.log(`  ${String(f.share).padStart(5)} %  ${f.what}`);
    }
  }
  console.log(
    `\nMachine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, Node ${machine.node}, load ${machine.loadAverage.join(' ')}. Written to ${path.relative(PROJECT_ROOT, results)}.`,
  );
}

/**
 * A ratio measured in turns, a / b in each: the median decides, and every turn's pair is shown.
 */
function turnsRow<T>(
  what: string,
  turns: T[],
  of: (turn: T) => [a: number, b: number],
  unit: string,
  /** None: reported, not a target. */
  target: [text: string, meets: (ratio: number) => boolean] | undefined,
  suffix = '',
): Row {
  const pairs = turns.map(of);
  const middle = median(pairs.map(([a, b]) => a / b));
  const shown = pairs.map(([a, b]) => `${Math.round(a * 10) / 10} vs ${Math.round(b * 10) / 10}`);
  return [
    `${what}, median of ${turns.length} turns (${shown.join('; ')} ${unit})`,
    `${ratio(middle, 1)}×${suffix}`,
    target?.[0] ?? '',
    target?.[1](middle),
  ];
}

function dataRows({
  fresh,
  withHistory,
  turns,
  mailAfterLoad,
}: Awaited<ReturnType<typeof submissionsAndData>>) {
  const withinHistoryTarget: [string, (r: number) => boolean] = ['≤ 1.2×', (r) => r <= 1.2];
  const loads = [fresh, withHistory].flatMap((l) => [
    ...l.floor.map((t) => t.submissions16),
    l.submissions1,
  ]);
  loads.push(...turns.flatMap((t) => [t.fresh16, t.history16, t.fresh1, t.history1]));
  const at16 = median(fresh.floor.map((t) => t.submissions16.throughput));
  rows.push(
    turnsRow(
      'submissions/s at 16 clients vs bare TransactWriteItems',
      fresh.floor,
      (t) => [t.submissions16.throughput, t.bareTransaction.throughput],
      '/s',
      ['≥ 0.5×', (r) => r >= 0.5],
    ),
    turnsRow(
      'p99 at 16 clients vs bare transaction',
      fresh.floor,
      (t) => [t.submissions16.p99, t.bareTransaction.p99],
      'ms',
      ['≤ 3×', (r) => r <= 3],
    ),
    [
      `submissions/s at 16 clients (median ${at16.toFixed(1)}/s) vs 1 client (${fresh.submissions1.throughput.toFixed(1)}/s)`,
      `${ratio(at16, fresh.submissions1.throughput)}×`,
      '> 1×',
      at16 > fresh.submissions1.throughput,
    ],
    turnsRow(
      'with history, the same against its own DynamoDB Local: submissions/s at 16 clients vs bare TransactWriteItems',
      withHistory.floor,
      (t) => [t.submissions16.throughput, t.bareTransaction.throughput],
      '/s',
      undefined,
    ),
    turnsRow(
      `with ${SIZES.storedApplications} applications, ${SIZES.storedEmails} e-mails vs fresh: p50 at 1 client`,
      turns,
      (t) => [t.history1.p50, t.fresh1.p50],
      'ms',
      withinHistoryTarget,
    ),
    turnsRow(
      'with that history: p50 at 16 clients',
      turns,
      (t) => [t.history16.p50, t.fresh16.p50],
      'ms',
      withinHistoryTarget,
    ),
    turnsRow(
      'with that history: submissions/s at 16 clients (fresh vs history)',
      turns,
      (t) => [t.fresh16.throughput, t.history16.throughput],
      '/s',
      withinHistoryTarget,
      ' slower',
    ),
    [
      `e-mail after the fresh stack's loads: ${mailAfterLoad.receipts} receipts, ${mailAfterLoad.reviewRequests} review requests; duplicates of either`,
      String(mailAfterLoad.duplicateReceipts + mailAfterLoad.duplicateRequests),
      '0',
      mailAfterLoad.duplicateReceipts + mailAfterLoad.duplicateRequests === 0,
    ],
    [
      `failed submissions (non-2xx, errors) in all ${loads.length} measured loads`,
      String(loads.reduce((n, l) => n + l.failed, 0)),
      '0',
      loads.every((l) => l.failed === 0),
    ],
  );
}

function dailyRows({ steps, slopes, warmUp }: Awaited<ReturnType<typeof dailyRuns>>) {
  rows.push([
    `daily run: warm-up, ${warmUp.due} due (not counted): ${warmUp.runMs} ms`,
    '',
    '',
    undefined,
  ]);
  for (const d of steps) {
    const done = !d.error && d.started === d.due && d.emails === d.due;
    rows.push([
      `daily run: ${d.due} due among ${d.notDue} not due: ${d.runMs} ms, ${d.emptyRunMs} ms with none due; ${d.started} payments started, ${d.emails} e-mails, ${d.dynamodbCallsPerItem} DynamoDB calls per item`,
      `${d.msPerDueItem} ms/item`,
      '',
      done ? undefined : false,
    ]);
    if (d.error) rows.push([`  failed: ${d.error}`, '', '', false]);
    rows.push([
      `  stack memory at ${d.due}: RSS ${d.before.rss} → peak ${d.peakRssDuring} → ${d.after.rss} MiB; live heap ${d.before.liveHeap ?? '?'} → ${d.after.liveHeap ?? '?'} MiB; DynamoDB Local ${d.dynamoRssMiB} MiB`,
      `+${Math.round(d.peakRssDuring - d.before.rss)} MiB`,
      '',
      undefined,
    ]);
  }
  for (const s of slopes) {
    rows.push([
      `daily run: slope from ${s.from} to ${s.to} due (run time difference / due difference)`,
      `${s.msPerItem} ms/item`,
      '',
      undefined,
    ]);
  }
  const perItem = steps.map((d) => d.msPerDueItem);
  const spread = ratio(Math.max(...perItem), Math.min(...perItem));
  rows.push([
    'daily run: time per due item, largest vs smallest',
    `${spread}×`,
    '≤ 1.5×',
    spread <= 1.5,
  ]);
  // Bounded: what a run adds to the live heap must not grow with what is due.
  const added = steps.map((d) => (d.after.liveHeap ?? 0) - (d.before.liveHeap ?? 0));
  const perThousand = steps.map((d, i) => Math.round((added[i]! / d.due) * 1000 * 10) / 10);
  rows.push([
    `daily run: live heap the run leaves behind, MiB per 1 000 due (${perThousand.join(' / ')})`,
    `${Math.round(added.at(-1)! * 10) / 10} MiB at ${steps.at(-1)!.due}`,
    '',
    undefined,
  ]);
}

/** Page weight and the form over 3G, on a fresh stack of their own. */
async function pageRows() {
  log('page weight and the form over throttled 3G');
  const stack = await startLocalStack({ fresh: true });
  let measured: {
    weights: Awaited<ReturnType<typeof measurePageWeights>>;
    load: Awaited<ReturnType<typeof measureThrottledLoad>>;
  };
  try {
    measured = {
      weights: await measurePageWeights(stack),
      load: await measureThrottledLoad(stack, SIZES.pageLoads),
    };
  } finally {
    await stack.stop();
  }
  const { weights, load } = measured;
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  const css = weights.stylesheet;
  rows.push([
    `stylesheet: ${kb(css.identity)} sent as is (${kb(css.before)} before the subset), gzip ${kb(css.gzip)}`,
    kb(css.br),
    '',
    undefined,
  ]);
  for (const p of weights.pages) {
    rows.push([
      `first visit to ${p.page}, HTML + CSS in brotli (HTML ${kb(p.html.identity)} → gzip ${kb(p.html.gzip)}, br ${kb(p.html.br)}; all gzip ${kb(p.firstVisit.gzip)}, as is ${kb(p.firstVisit.identity)}; before ${kb(p.before)})`,
      kb(p.firstVisit.br),
      p.page.startsWith('/apply/') ? '≤ 50 KiB' : '',
      p.page.startsWith('/apply/')
        ? Math.max(p.firstVisit.br, p.firstVisit.gzip) <= FIRST_VISIT_BUDGET_BYTES
        : undefined,
    ]);
  }
  rows.push([
    `${load.page} in Chromium over Regular 3G vs unthrottled, median of ${load.runs} (${load.throttledMs} vs ${load.unthrottledMs} ms; ${kb(load.transferredBytes)} transferred; uncompressed over 3G ${load.throttledIdentityMs} ms)`,
    `${load.ratio}×`,
    '',
    undefined,
  ]);
  return measured;
}

async function costRows() {
  log('cost per application, submission through the last payment');
  const costs = await cost();
  rows.push(
    [
      `AWS cost per application, submission to approval (${PRICES.region}, prices noted ${PRICES.noted})`,
      `$${costs.throughApproval.totalUsd.toFixed(6)}`,
      '',
      undefined,
    ],
    [
      `AWS cost per application, submission to the 5th payment, without the daily runs`,
      `$${costs.application.totalUsd.toFixed(6)}`,
      '',
      undefined,
    ],
    [
      `daily runs over those ${costs.simulatedDays} days (${costs.dailyRuns.count} runs, shared by all grants)`,
      `$${costs.dailyRuns.cost.totalUsd.toFixed(6)}`,
      '',
      undefined,
    ],
    [
      `AWS cost per application with its share of the daily runs (1/${costs.dailyRunShare.positions})`,
      `$${costs.totalUsd.toFixed(6)}`,
      '',
      undefined,
    ],
  );

  return costs;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
