// A daily run the stack is killed (-9) in the middle of is completed at the next start of the
// stack, without another advance: the local scheduler records a run begun and not finished
// (scheduler.json in the data directory), and invokes it again at start, as Lambda retries an
// invocation whose environment died. Otherwise its work would wait for the next day's run.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, eventually, localNow, mail, advance, submit } from '../support/api.js';
import { startLocalStack, type LocalStack } from '../support/local-stack.js';

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({ fresh: true });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

const DAY = 86_400_000;
const REVIEWERS = ['fagrad1@alis-nord.example.no', 'fagrad2@alis-nord.example.no'];
/** Three applications a municipality may send a day: four of them make a run of twelve rounds. */
const MUNICIPALITIES = ['5601', '5603', '5605', '5610'];
const REMINDER = 'Påminnelse: søknad ';

/** Noon in Oslo on a calendar date, `days` on: after that day's 06:00 run, in any season. */
function noonOslo(date: string, days: number): string {
  return new Date(Date.parse(`${date}T11:00:00Z`) + days * DAY).toISOString();
}

/** "<application id> <reviewer>" of each reminder in the stack's mail. */
async function remindersSent(): Promise<Set<string>> {
  const sent = (await mail(stack.baseUrl)).filter((m) => m.subject.startsWith(REMINDER));
  return new Set(sent.map((m) => `${m.subject.slice(REMINDER.length).split(' ')[0]} ${m.to[0]}`));
}

/** The schedules whose invocation the stack has begun and not finished, as its file says. */
function unfinishedRuns(): Record<string, number> {
  try {
    const file = JSON.parse(fs.readFileSync(path.join(stack.dir, 'scheduler.json'), 'utf8'));
    return file.started ?? {};
  } catch {
    return {}; // between its write and its rename
  }
}

/** Reminders the local SES had written to its file when the stack died (read without the stack). */
function remindersOnDisk(): number {
  const file = path.join(stack.dir, 'mail.jsonl');
  if (!fs.existsSync(file)) return 0;
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.includes(REMINDER)).length;
}

describe('a daily run killed in the middle', () => {
  it('is run again at the next start: every reminder of that day goes out without another advance', async () => {
    const ids: string[] = [];
    let counter = 0;
    for (const municipalityNumber of MUNICIPALITIES) {
      for (let i = 0; i < 3; i++) {
        const body = structuredClone(FIXTURES['alis-nord']) as Record<string, any>;
        body.municipality.municipalityNumber = municipalityNumber;
        body.contact.email = `kontakt${++counter}@kommune.example.no`;
        const answer = await submit(stack.baseUrl, body);
        expect(answer.status, JSON.stringify(answer.body)).toBe(201);
        ids.push((answer.body as { applicationId: string }).applicationId);
      }
    }
    const expected = new Set(ids.flatMap((id) => REVIEWERS.map((r) => `${id} ${r}`)));
    const submittedOn = (await localNow(stack.baseUrl)).toISOString().slice(0, 10);

    // Up to the day before the reminders are due: nothing reminded yet, no run unfinished.
    await advance(stack.baseUrl, noonOslo(submittedOn, 6));
    expect(await remindersSent()).toEqual(new Set());
    expect(unfinishedRuns()).toEqual({});

    // The reminders' day: the stack dies once its daily run has begun and sent a first reminder.
    const advancing = advance(stack.baseUrl, noonOslo(submittedOn, 7)).catch(() => undefined);
    const deadline = Date.now() + 60_000;
    while (Object.keys(unfinishedRuns()).length === 0 || remindersOnDisk() === 0) {
      if (Date.now() > deadline) throw new Error('The daily run did not begin its reminders');
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    process.kill(-stack.pid()!, 'SIGKILL');
    await advancing;
    // Killed before the run was through (else this test shows nothing about the restart).
    expect(remindersOnDisk()).toBeLessThan(expected.size);

    await stack.restart();
    const sent = await eventually(async () => {
      const now = await remindersSent();
      return [...expected].every((pair) => now.has(pair)) ? now : undefined;
    }, 'every reminder of the interrupted run, after the restart');
    expect(sent).toEqual(expected);
    await eventually(
      async () => Object.keys(unfinishedRuns()).length === 0,
      'the run to be recorded as finished',
    );
    // The local clock is still on the reminders' day: no later run did the work.
    expect((await localNow(stack.baseUrl)).getTime()).toBeLessThan(
      Date.parse(noonOslo(submittedOn, 8)) - 6 * 3_600_000,
    );
  }, 300_000);
});
