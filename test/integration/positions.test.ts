// Each approved position lives on its own, end to end through the local stack, over the grants'
// first two years: an ALIS-Nord grant of a doctor 30 months into training (paid 3 years from the
// month after the decision) and a new position (paid 5 years from the start the municipality
// reports through its link, 3 months on); position 1 ends in year 2 while position 2 goes on; a new
// position never filled lapses after 12 months and gives its place back; two doctors who started
// together are asked about in one e-mail. Every finance CSV is parsed: each position-year is
// notified exactly once. Position 2's later years, to its fifth, are
// test/integration/positions-five-years.test.ts, which runs beside this file.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../shared/store/items.js';
import { advance, getText, linksIn, postForm, postJson } from '../support/api.js';
import {
  LEAD,
  ROUND,
  grantPositions,
  noonOslo,
  yearIs,
  type Granted,
} from '../support/grant-positions.js';
import { startLocalStack } from '../support/local-stack.js';
import { readNumber } from '../support/local-table.js';

let stack: Awaited<ReturnType<typeof startLocalStack>>;

beforeAll(async () => {
  stack = await startLocalStack({ fresh: true });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

const {
  approved,
  grantOf,
  until,
  newest,
  mailsTo,
  today,
  payNewest,
  confirmationRequest,
  notifiedOnce,
} = grantPositions(() => stack.baseUrl);

describe('positions with lives of their own', () => {
  let a: Granted; // a doctor 30 months in, and a new position
  let c: Granted; // a new position never filled
  let b: Granted; // two doctors who started together
  let startLink: string;
  let decidedOn: string;

  it('approval: an employed doctor starts the month after, a new position waits with a start link', async () => {
    a = await approved('5601', [
      { candidate: { kind: 'employed-doctor', monthsCompleted: 30 } },
      { candidate: { kind: 'new-position' } },
    ]);
    c = await approved('5603', [{ candidate: { kind: 'new-position' } }]);
    b = await approved('5605', [
      { candidate: { kind: 'employed-doctor', monthsCompleted: 0 } },
      { candidate: { kind: 'employed-doctor', monthsCompleted: 0 } },
    ]);
    decidedOn = await today();

    const grant = await grantOf(a);
    expect(grant.status).toBe('ACTIVE');
    expect(grant.positions).toEqual([
      {
        position: 1,
        status: 'ACTIVE',
        startDate: '2027-01-01',
        years: 3,
        employmentModel: 'salaried',
      },
      { position: 2, status: 'AWAITING_START', years: 5 },
    ]);
    expect(grant.instalments.map((i) => [i.position, i.year, i.dueDate])).toEqual([
      [1, 1, '2027-01-01'],
      [1, 2, '2028-01-01'],
      [1, 3, '2029-01-01'],
    ]);
    expect(await readNumber(stack, keys.roundCapacity(ROUND), 'approvedPositions')).toBe(5);

    const approval = (await mailsTo(a.contact, (m) => m.subject.includes('godkjent')))[0]!;
    const links = linksIn(approval, 'positions');
    expect(links).toHaveLength(1);
    startLink = links[0]!;

    // GET changes nothing, however often.
    for (let i = 0; i < 3; i++) expect((await getText(startLink)).status).toBe(200);
    expect((await grantOf(a)).positions[1]!.status).toBe('AWAITING_START');
    const start = { employmentModel: 'salaried', listSize: '500' };
    const before = await postJson(startLink, { ...start, startDate: '2026-11-30' });
    expect(before.status).toBe(400);
    expect(JSON.stringify(before.body)).toContain('before-decision');
    const ahead = await postJson(startLink, { ...start, startDate: '2027-03-01' });
    expect(ahead.status).toBe(400);
    expect(JSON.stringify(ahead.body)).toContain('in-future');
    const unknown = `${startLink.slice(0, startLink.lastIndexOf('/') + 1)}${'x'.repeat(43)}`;
    expect((await getText(unknown)).status).toBe(404);
    expect((await postJson(unknown, { ...start, startDate: decidedOn })).status).toBe(404);
    expect((await grantOf(a)).positions[1]!.status).toBe('AWAITING_START');
  });

  it('position 2 starts when reported, 3 months on, and is paid 5 years from its start', async () => {
    await advance(stack.baseUrl, noonOslo('2027-01-01', 1));
    await until(a, 'year 1 of position 1 notified', yearIs(1, 1, 'NOTIFIED'));
    await payNewest();

    await advance(stack.baseUrl, noonOslo('2027-03-03'));
    const started = await postJson(startLink, {
      startDate: '2027-03-01',
      employmentModel: 'salaried',
      listSize: '500',
    });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    expect((await postJson(startLink, { startDate: '2027-03-01' })).status).toBe(409);
    const grant = await grantOf(a);
    expect(grant.positions[1]).toMatchObject({ status: 'ACTIVE', startDate: '2027-03-01' });
    expect(grant.instalments.filter((i) => i.position === 2).map((i) => i.dueDate)).toEqual([
      '2027-03-01',
      '2028-03-01',
      '2029-03-01',
      '2030-03-01',
      '2031-03-01',
    ]);

    await advance(stack.baseUrl, noonOslo('2027-03-05'));
    await until(a, 'year 1 of position 2 notified', yearIs(2, 1, 'NOTIFIED'));
    await payNewest();
  });

  it('a position never filled is reminded, then lapses after 12 months and gives its place back', async () => {
    await advance(stack.baseUrl, noonOslo('2027-11-04'));
    const reminder = await newest(
      (m) => m.to.includes(c.contact) && m.subject.startsWith('Meld oppstart'),
      'positions',
    );
    expect(reminder.text).toContain(c.applicationId);
    expect((await grantOf(c)).positions[0]!.status).toBe('AWAITING_START');
  });

  it('year 2: one e-mail for the doctors who started together; position 1 of the first grant ends, position 2 goes on', async () => {
    await advance(stack.baseUrl, noonOslo('2027-12-02'));

    // The two doctors of one grant, due the same day: one e-mail, one link, an answer each.
    const together = await confirmationRequest(b, 'år 2 av 5');
    expect(together.subject).toContain('Bekreft 2 ALIS-stillinger');
    expect(await mailsTo(b.contact, (m) => linksIn(m, 'confirmations').length > 0)).toHaveLength(1);
    const link = linksIn(together, 'confirmations')[0]!;
    const question = await fetch(link, { headers: { accept: 'application/json' } });
    expect((await question.json()).positions.map((p: { position: number }) => p.position)).toEqual([
      1, 2,
    ]);
    // The page's form, an answer for each position.
    const page = await getText(link);
    expect(page.text).toContain('name="positions.1.status"');
    const answered = await postForm(link, {
      'positions.0.position': '1',
      'positions.0.status': 'continuing',
      'positions.0.employmentModel': 'salaried',
      'positions.0.listSize': '650',
      'positions.1.position': '2',
      'positions.1.status': 'ended',
      'positions.1.endDate': '2027-12-10',
    });
    expect(answered.status, answered.text).toBe(200);
    await until(
      b,
      'position 2 ended, position 1 ready',
      (g) => g.positions[1]!.status === 'ENDED' && yearIs(1, 2, 'READY')(g),
    );

    // The first grant's position 1 ends; only its own later years are cancelled.
    const request = await confirmationRequest(a, 'år 2 av 3');
    const ended = await postForm(linksIn(request, 'confirmations')[0]!, {
      status: 'ended',
      endDate: '2027-12-15',
    });
    expect(ended.status).toBe(200);
    const grant = await until(a, 'position 1 ended', (g) => g.positions[0]!.status === 'ENDED');
    expect(grant.status).toBe('ACTIVE');
    expect(grant.instalments.filter((i) => i.position === 1).map((i) => i.status)).toEqual([
      'PAID',
      'CANCELLED',
      'CANCELLED',
    ]);
    expect(grant.positions[1]!.status).toBe('ACTIVE');
  });

  it('the unfilled position lapsed: its place is back in the round and the municipality', async () => {
    await advance(stack.baseUrl, noonOslo('2027-12-04'));
    const grant = await grantOf(c, 'ENDED');
    expect(grant.positions).toEqual([{ position: 1, status: 'LAPSED', years: 5 }]);
    expect(grant.instalments).toEqual([]);
    for (const to of [c.contact, LEAD]) {
      expect(
        await mailsTo(to, (m) => m.text.includes(c.applicationId) && /falt bort/.test(m.subject)),
      ).toHaveLength(1);
    }
    // What a later approval counts against: 5 approved, 1 back.
    expect(await readNumber(stack, keys.roundCapacity(ROUND), 'approvedPositions')).toBe(4);
    expect(
      await readNumber(stack, keys.municipalityCapacity(ROUND, '5603'), 'approvedPositions'),
    ).toBe(0);
  });

  it('year 2 of the doctors who started together is notified; every position-year so far exactly once', async () => {
    await advance(stack.baseUrl, noonOslo('2028-01-02'));
    await until(b, 'year 2 of position 1 notified', yearIs(1, 2, 'NOTIFIED'));
    await payNewest();

    const notified = await notifiedOnce();
    expect(notified(a)).toEqual(['1 1', '2 1']);
    expect(notified(b)).toEqual(['1 1', '1 2', '2 1']);
    expect(notified(c)).toEqual([]);
  });
});
