// A position paid to its fifth year while the other of its grant ended, end to end through the
// local stack: an ALIS-Nord grant of a doctor 30 months into training and a new position whose
// start the municipality reports 3 months on; position 1 ends in year 2, position 2 is confirmed
// and paid each of its 5 years, and the grant ends with it. Every finance CSV is parsed: each
// position-year is notified exactly once. The first two years' own scenarios are
// test/integration/positions.test.ts, which runs beside this file.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advance, linksIn, postForm, postJson } from '../support/api.js';
import {
  CONTINUING,
  grantPositions,
  noonOslo,
  yearIs,
  type Granted,
} from '../support/grant-positions.js';
import { startLocalStack } from '../support/local-stack.js';

let stack: Awaited<ReturnType<typeof startLocalStack>>;

beforeAll(async () => {
  stack = await startLocalStack({ fresh: true });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

const { approved, grantOf, until, mailsTo, payNewest, confirmationRequest, notifiedOnce } =
  grantPositions(() => stack.baseUrl);

describe('a position paid to its fifth year', () => {
  let a: Granted; // a doctor 30 months in, and a new position

  it('position 2 is paid each of its 5 years; every position-year is notified exactly once', async () => {
    a = await approved('5601', [
      { candidate: { kind: 'employed-doctor', monthsCompleted: 30 } },
      { candidate: { kind: 'new-position' } },
    ]);
    const approval = (await mailsTo(a.contact, (m) => m.subject.includes('godkjent')))[0]!;
    const [startLink] = linksIn(approval, 'positions');

    await advance(stack.baseUrl, noonOslo('2027-01-01', 1));
    await until(a, 'year 1 of position 1 notified', yearIs(1, 1, 'NOTIFIED'));
    await payNewest();

    await advance(stack.baseUrl, noonOslo('2027-03-03'));
    const started = await postJson(startLink!, {
      startDate: '2027-03-01',
      employmentModel: 'salaried',
      listSize: '500',
    });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    await advance(stack.baseUrl, noonOslo('2027-03-05'));
    await until(a, 'year 1 of position 2 notified', yearIs(2, 1, 'NOTIFIED'));
    await payNewest();

    // Position 1 ends in its second year; only its own later years are cancelled.
    await advance(stack.baseUrl, noonOslo('2027-12-02'));
    const request = await confirmationRequest(a, 'år 2 av 3');
    const ended = await postForm(linksIn(request, 'confirmations')[0]!, {
      status: 'ended',
      endDate: '2027-12-15',
    });
    expect(ended.status).toBe(200);
    await until(a, 'position 1 ended', (g) => g.positions[0]!.status === 'ENDED');

    for (const [year, due] of [
      [2, '2028-03-01'],
      [3, '2029-03-01'],
      [4, '2030-03-01'],
      [5, '2031-03-01'],
    ] as const) {
      await advance(stack.baseUrl, noonOslo(due, -30));
      const confirmation = await confirmationRequest(a, `år ${year} av 5`);
      expect((await postForm(linksIn(confirmation, 'confirmations')[0]!, CONTINUING)).status).toBe(
        200,
      );
      await advance(stack.baseUrl, noonOslo(due, 1));
      await until(a, `year ${year} of position 2 notified`, yearIs(2, year, 'NOTIFIED'));
      await payNewest();
      await until(a, `year ${year} of position 2 paid`, yearIs(2, year, 'PAID'));
      if (year < 5) expect((await grantOf(a)).status).toBe('ACTIVE');
    }
    // Every position is done, one of them ended early.
    const grant = await grantOf(a, 'ENDED');
    expect(grant.positions.map((p) => p.status)).toEqual(['ENDED', 'COMPLETED']);
    expect(grant.instalments.filter((i) => i.position === 1).map((i) => i.status)).toEqual([
      'PAID',
      'CANCELLED',
      'CANCELLED',
    ]);

    const notified = await notifiedOnce();
    expect(notified(a)).toEqual(['1 1', '2 1', '2 2', '2 3', '2 4', '2 5']);
  }, 300_000);
});
