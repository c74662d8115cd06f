// `POST /staff/login` must not tell staff from anyone else by its timing: the answer only hands
// the request to its step (shared/services/staff-auth.ts), so it waits neither on the register nor
// on sending. Staff and other addresses are sent one at a time, shuffled together, so that
// the order favours neither; the medians are compared.

import { PROGRAMME_IDS } from '../../shared/domain/programmes.js';
import { seedRegister } from '../../shared/domain/staff-seed.js';
import type { LocalStack } from '../support/local-stack.js';
import { median } from './load.js';

export interface StaffLoginTiming {
  staff: { requests: number; addresses: number; medianMs: number; p90Ms: number };
  others: { requests: number; medianMs: number; p90Ms: number };
  /** Staff median / others' median. */
  ratio: number;
  /** Sign-in e-mails the steps sent (one a minute per staff address at most). */
  signInMails: number;
  /** Answers other than 200. */
  failed: number;
}

/** Deterministic shuffle (a fixed seed), so that two runs send the same order. */
function shuffled<T>(items: T[], seed = 26): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function postLogin(baseUrl: string, email: string): Promise<{ ms: number; status: number }> {
  const started = performance.now();
  const response = await fetch(`${baseUrl}/staff/login`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'sec-fetch-site': 'same-origin',
    },
    body: new URLSearchParams({ email }).toString(),
  });
  await response.arrayBuffer();
  return { ms: performance.now() - started, status: response.status };
}

async function settle(baseUrl: string): Promise<void> {
  await (await fetch(`${baseUrl}/_local/settle`, { method: 'POST' })).arrayBuffer();
}

export async function measureStaffLogin(
  stack: LocalStack,
  perGroup: number,
): Promise<StaffLoginTiming> {
  // The register has a handful of addresses: staff requests take them in turn, in any case (the
  // step normalises them), so the first of each a minute goes all the way to an e-mail.
  const register = [
    ...new Set(PROGRAMME_IDS.flatMap((p) => seedRegister(p).members.map((m) => m.email))),
  ];
  const staff = Array.from({ length: perGroup }, (_, i) => {
    const address = register[i % register.length]!;
    return i % 2 ? address.toUpperCase() : address;
  });
  const others = Array.from(
    { length: perGroup },
    (_, i) => `person${i}@kommune${i % 7}.example.no`,
  );
  const order = shuffled([
    ...staff.map((email) => ({ email, group: 'staff' as const })),
    ...others.map((email) => ({ email, group: 'others' as const })),
  ]);

  // Warm-up: the web function's first requests load its code paths.
  for (let i = 0; i < 20; i++) await postLogin(stack.baseUrl, `warm${i}@example.no`);

  const times = { staff: [] as number[], others: [] as number[] };
  let failed = 0;
  for (const { email, group } of order) {
    const { ms, status } = await postLogin(stack.baseUrl, email);
    if (status !== 200) failed++;
    times[group].push(ms);
    // In AWS the step runs in another Lambda environment; here it shares the stack's process, so
    // it is let finish (untimed) before the next request rather than land on a random one.
    await settle(stack.baseUrl);
  }

  const mail = (await (await fetch(`${stack.baseUrl}/_local/mail`)).json()) as {
    text: string;
  }[];
  const signInMails = mail.filter((m) => m.text.includes('/staff/signin/')).length;

  const staffMedian = median(times.staff);
  const othersMedian = median(times.others);
  return {
    staff: {
      requests: times.staff.length,
      addresses: register.length,
      medianMs: Math.round(staffMedian * 100) / 100,
      p90Ms: Math.round(percentile(times.staff, 90) * 100) / 100,
    },
    others: {
      requests: times.others.length,
      medianMs: Math.round(othersMedian * 100) / 100,
      p90Ms: Math.round(percentile(times.others, 90) * 100) / 100,
    },
    ratio: Math.round((staffMedian / othersMedian) * 1000) / 1000,
    signInMails,
    failed,
  };
}
