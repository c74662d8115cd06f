// Every store operation whose write carries a condition, against DynamoDB Local with the table the
// local stack creates from the synthesized template: once where the condition holds (the write is
// made) and once where it does not (the write is refused as the operation says: false, or the
// transaction part named as the one that refused). The unit tests' table fake models these
// conditions; this is where DynamoDB itself says what they mean (reserved words, types, missing
// attributes).
//
// recordStoppedWorkflow writes without a condition (a later stop overwrites an earlier one); it is
// here for what clearStoppedWorkflow's condition makes of that.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { accessKeyOf, ensureTables } from '../../infra/local/dynamodb.js';
import { SHARED_DYNAMODB_VARIABLE } from '../support/dynamodb-once.js';
import { synthesizedTemplate } from '../../infra/local/synthesized.js';
import { LOCAL_REGION, readTemplate } from '../../infra/local/template.js';
import * as applications from '../../shared/store/applications.js';
import * as capacity from '../../shared/store/capacity.js';
import * as changeRequests from '../../shared/store/change-requests.js';
import * as confirmations from '../../shared/store/confirmations.js';
import * as contacts from '../../shared/store/contacts.js';
import * as dailySubmissions from '../../shared/store/daily-submissions.js';
import * as finance from '../../shared/store/finance-notifications.js';
import * as grants from '../../shared/store/grants.js';
import * as idempotency from '../../shared/store/idempotency.js';
import {
  keys,
  readyAttributes,
  readyPartition,
  TIMER_PARTITION,
} from '../../shared/store/items.js';
import * as links from '../../shared/store/links.js';
import * as notices from '../../shared/store/notices.js';
import * as reviewRounds from '../../shared/store/review-rounds.js';
import * as sessions from '../../shared/store/sessions.js';
import * as stopped from '../../shared/store/stopped-workflows.js';
import {
  getItem,
  put,
  putNew,
  transact,
  update,
  type Key,
  type TransactItem,
} from '../../shared/store/table.js';
import * as waitingTasks from '../../shared/store/waiting-tasks.js';
import {
  POSITION_MOVES,
  POSITION_STATUSES,
  type PositionStatus,
} from '../../shared/domain/grant.js';
import { canMove } from '../../shared/domain/moves.js';

const NOW = new Date('2026-12-03T10:00:00.000Z');
const LATER = new Date('2026-12-10T05:00:00.000Z');

let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alis-store-conditions-'));
  const template = readTemplate(await synthesizedTemplate());
  // The DynamoDB Local of test/support/dynamodb-once.ts, with a database of this file's own.
  const endpoint = process.env[SHARED_DYNAMODB_VARIABLE];
  if (!endpoint)
    throw new Error(`${SHARED_DYNAMODB_VARIABLE} is not set: run this file with Vitest`);
  const accessKeyId = accessKeyOf(dir);
  await ensureTables(endpoint, template.tables, undefined, accessKeyId);
  // The store's client reads these at its first call (the SDK resolves them lazily).
  Object.assign(process.env, {
    TABLE_NAME: template.tables[0]!.tableName,
    AWS_ENDPOINT_URL_DYNAMODB: endpoint,
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: accessKeyId,
    AWS_SECRET_ACCESS_KEY: 'local',
    MAIL_FROM: 'ALIS-tilskudd <no-reply@alis.example.no>',
    SES_CONFIGURATION_SET: 'alis-test',
    PUBLIC_BASE_URL: 'https://alis.example.no',
  });
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;
}, 120_000);

afterAll(async () => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

let counter = 0;
/** A fresh application id per test, so that tests on one table never meet. */
const newId = () => `AN-2026-T${String(++counter).padStart(7, '0')}`;

const seed = (item: Key & Record<string, unknown>) => put(item);
const read = (key: Key) => getItem<Record<string, unknown>>(key);

/** Runs one part alone: { ok: true }, or the part named as refused. */
const alone = (part: TransactItem) => transact({ part });
const REFUSED = { ok: false, failed: ['part'] };
const OK = { ok: true };

/** The part refuses on `before`, then (after `fix` is written over it) makes its write. */
async function refusedThenMade(
  key: Key,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  part: () => TransactItem,
): Promise<Record<string, unknown>> {
  await seed({ ...key, ...before });
  await expect(alone(part())).resolves.toEqual(REFUSED);
  expect(await read(key)).toEqual({ ...key, ...before });
  await seed({ ...key, ...after });
  await expect(alone(part())).resolves.toEqual(OK);
  return (await read(key))!;
}

describe('table', () => {
  it('putNew writes a new key once', async () => {
    const key = keys.application(newId());
    await expect(putNew({ ...key, n: 1 })).resolves.toBe(true);
    await expect(putNew({ ...key, n: 2 })).resolves.toBe(false);
    expect(await read(key)).toMatchObject({ n: 1 });
  });

  it('update with a condition answers whether it wrote', async () => {
    const key = keys.application(newId());
    await seed({ ...key, status: 'A' });
    const move = () =>
      update({
        key,
        set: { status: 'B' },
        condition: '#status = :a',
        names: { '#status': 'status' },
        values: { ':a': 'A' },
      });
    await expect(move()).resolves.toBe(true);
    await expect(move()).resolves.toBe(false);
  });
});

describe('applications', () => {
  it('createApplicationPart refuses an id that exists', async () => {
    const id = newId();
    const item = {
      ...keys.application(id),
      applicationId: id,
      programme: 'alis-nord',
      submittedAt: NOW.toISOString(),
    } as never;
    await expect(alone(applications.createApplicationPart(item))).resolves.toEqual(OK);
    expect(await read(keys.application(id))).toMatchObject({ gsi2pk: 'PROGRAMME#alis-nord' });
    await expect(alone(applications.createApplicationPart(item))).resolves.toEqual(REFUSED);
  });

  it('beginReviewRoundPart moves from the round it saw only', async () => {
    const id = newId();
    const made = await refusedThenMade(
      keys.application(id),
      {
        reviewRound: 1,
        status: 'SUBMITTED',
        timerStage: 'start',
        gsi1pk: TIMER_PARTITION,
        gsi1sk: 'x',
      },
      {
        reviewRound: 0,
        status: 'SUBMITTED',
        timerStage: 'start',
        gsi1pk: TIMER_PARTITION,
        gsi1sk: 'x',
      },
      () => applications.beginReviewRoundPart({ applicationId: id, reviewRound: 0 }, 1, NOW),
    );
    expect(made).toMatchObject({ reviewRound: 1, status: 'IN_REVIEW' });
    expect(made).not.toHaveProperty('gsi1sk');
  });

  it('decideApplicationPart decides only in review of this round', async () => {
    const id = newId();
    const made = await refusedThenMade(
      keys.application(id),
      { status: 'IN_REVIEW', reviewRound: 2 },
      { status: 'IN_REVIEW', reviewRound: 1 },
      () => applications.decideApplicationPart(id, 1, 'APPROVED', NOW),
    );
    expect(made).toMatchObject({ status: 'APPROVED' });
    await expect(
      alone(applications.decideApplicationPart(id, 1, 'REJECTED', NOW)),
    ).resolves.toEqual(REFUSED);
  });

  it('amendApplicationPart amends only the version the change request was made on', async () => {
    const id = newId();
    const made = await refusedThenMade(
      keys.application(id),
      { status: 'CHANGES_REQUESTED', version: 2 },
      { status: 'CHANGES_REQUESTED', version: 1 },
      () =>
        applications.amendApplicationPart(
          { applicationId: id, version: 1 },
          { amended: true } as never,
          NOW,
        ),
    );
    expect(made).toMatchObject({ status: 'IN_REVIEW', version: 2, application: { amended: true } });
  });

  it('withdrawApplicationPart withdraws only while changes are requested', async () => {
    const id = newId();
    const made = await refusedThenMade(
      keys.application(id),
      { status: 'IN_REVIEW' },
      { status: 'CHANGES_REQUESTED' },
      () => applications.withdrawApplicationPart(id, NOW),
    );
    expect(made).toMatchObject({ status: 'WITHDRAWN' });
  });

  it('followGrantPart moves only from the statuses named', async () => {
    const id = newId();
    const made = await refusedThenMade(
      keys.application(id),
      { status: 'REJECTED' },
      { status: 'APPROVED' },
      () => applications.followGrantPart(id, 'ENDED', NOW),
    );
    expect(made).toMatchObject({ status: 'ENDED' });
  });

  it('clearStartTimer clears only the timer it saw', async () => {
    const key = keys.application(newId());
    const timer = { timerStage: 'start', gsi1pk: TIMER_PARTITION };
    await seed({ ...key, ...timer, gsi1sk: 'moved' });
    await expect(applications.clearStartTimer({ ...key, gsi1sk: 'seen' })).resolves.toBe(false);
    await seed({ ...key, ...timer, gsi1sk: 'seen' });
    await expect(applications.clearStartTimer({ ...key, gsi1sk: 'seen' })).resolves.toBe(true);
    expect(await read(key)).toEqual(key);
  });

  it('claimResume claims from the count it saw, the first one from none', async () => {
    const id = newId();
    const key = keys.application(id);
    await seed({ ...key, status: 'IN_REVIEW' });
    const claim = (seen: number | undefined, next: number) =>
      applications.claimResume({ applicationId: id, executionResumes: seen }, next, NOW);
    await expect(claim(1, 2)).resolves.toBe(false);
    await expect(claim(undefined, 1)).resolves.toBe(true);
    await expect(claim(undefined, 1)).resolves.toBe(false);
    await expect(claim(0, 1)).resolves.toBe(false);
    await expect(claim(1, 2)).resolves.toBe(true);
    expect(await read(key)).toMatchObject({ executionResumes: 2, timerStage: 'start' });
  });
});

describe('review rounds', () => {
  const round = (id: string, extra: Record<string, unknown> = {}) =>
    ({
      ...keys.reviewRound(id, 1),
      applicationId: id,
      round: 1,
      status: 'OPEN',
      requestedAt: NOW.toISOString(),
      ...extra,
    }) as never;

  it('openReviewRoundPart opens a round once', async () => {
    const id = newId();
    await expect(alone(reviewRounds.openReviewRoundPart(round(id), 'alis-nord'))).resolves.toEqual(
      OK,
    );
    await expect(alone(reviewRounds.openReviewRoundPart(round(id), 'alis-nord'))).resolves.toEqual(
      REFUSED,
    );
  });

  it('decideReviewRoundPart decides an open round only', async () => {
    const id = newId();
    const made = await refusedThenMade(
      keys.reviewRound(id, 1),
      { status: 'DECIDED' },
      { status: 'OPEN' },
      () =>
        reviewRounds.decideReviewRoundPart(
          id,
          1,
          { decision: 'approve', by: 'x', at: NOW.toISOString() } as never,
          NOW,
        ),
    );
    expect(made).toMatchObject({ status: 'DECIDED', timerStage: 'resume' });
  });

  it('beginTimerStagePart begins the stage and due time seen, of an open round not being mailed', async () => {
    const id = newId();
    const key = keys.reviewRound(id, 1);
    const begin = () =>
      reviewRounds.beginTimerStagePart(
        { ...key, gsi1sk: 'due' },
        {
          stage: 'reminder',
          next: { stage: 'escalation', dueAt: LATER },
          windowStart: NOW,
          windowEnd: LATER,
          resetNotified: true,
        },
      );
    const due = { status: 'OPEN', timerStage: 'reminder', gsi1pk: TIMER_PARTITION, gsi1sk: 'due' };
    for (const refusing of [
      { ...due, timerStage: 'escalation' },
      { ...due, gsi1sk: 'other' },
      { ...due, status: 'DECIDED' },
      { ...due, mailingStage: 'reminder' },
    ]) {
      await seed({ ...key, ...refusing });
      await expect(alone(begin())).resolves.toEqual(REFUSED);
    }
    await seed({ ...key, ...due, notified: ['a@example.no'] });
    await expect(alone(begin())).resolves.toEqual(OK);
    expect(await read(key)).toMatchObject({
      mailingStage: 'reminder',
      notified: [],
      gsi1sk: 'due',
    });
  });

  it('finishTimerStage moves the timer only after the mailing of that stage', async () => {
    const id = newId();
    const key = keys.reviewRound(id, 1);
    const mailingNext = { stage: 'escalation', dueAt: LATER.toISOString() };
    const finish = () =>
      reviewRounds.finishTimerStage({ ...key, gsi1sk: 'due', mailingNext } as never, 'reminder');
    const state = { timerStage: 'reminder', gsi1pk: TIMER_PARTITION, gsi1sk: 'due', mailingNext };
    await seed({ ...key, ...state });
    await expect(finish()).resolves.toBe(false); // no mailing begun
    await seed({ ...key, ...state, mailingStage: 'reminder', gsi1sk: 'other' });
    await expect(finish()).resolves.toBe(false);
    await seed({ ...key, ...state, mailingStage: 'reminder' });
    await expect(finish()).resolves.toBe(true);
    const made = await read(key);
    expect(made).toMatchObject({ timerStage: 'escalation' });
    expect(made).not.toHaveProperty('mailingStage');
  });
});

describe('change requests', () => {
  it('createChangeRequest records one request per round', async () => {
    const id = newId();
    const request = { ...keys.changeRequest(id, 1), applicationId: id, round: 1 } as never;
    await expect(changeRequests.createChangeRequest(request)).resolves.toBe(true);
    await expect(changeRequests.createChangeRequest(request)).resolves.toBe(false);
  });

  it('closeChangeRequestPart closes an open request only', async () => {
    const id = newId();
    const made = await refusedThenMade(
      keys.changeRequest(id, 1),
      { status: 'WITHDRAWN' },
      { status: 'OPEN' },
      () => changeRequests.closeChangeRequestPart(id, 1, 'amended', NOW),
    );
    expect(made).toMatchObject({ status: 'AMENDED', outcome: 'amended' });
  });
});

describe('capacity', () => {
  it.each([
    ['takeRoundPositionsPart', (round: string) => capacity.takeRoundPositionsPart(round, 3, 20)],
    [
      'takeMunicipalityPositionsPart',
      (round: string) => capacity.takeMunicipalityPositionsPart(round, '5607', 3, 20),
    ],
  ])('%s takes positions while held + taken <= limit, from none at first', async (_, take) => {
    const round = newId();
    await expect(alone(take(round))).resolves.toEqual(OK); // none held: 3
    const key = take(round).Update!.Key as Key;
    expect(await read(key)).toMatchObject({ approvedPositions: 3 });
    await seed({ ...key, approvedPositions: 18 });
    await expect(alone(take(round))).resolves.toEqual(REFUSED);
    await seed({ ...key, approvedPositions: 17 });
    await expect(alone(take(round))).resolves.toEqual(OK);
    expect(await read(key)).toMatchObject({ approvedPositions: 20 });
  });
});

describe('daily submissions', () => {
  it('countSubmissionPart counts while the day holds fewer than the limit', async () => {
    const municipality = newId();
    const count = () => dailySubmissions.countSubmissionPart(municipality, '2026-12-03', 2, NOW);
    await expect(alone(count())).resolves.toEqual(OK);
    await expect(alone(count())).resolves.toEqual(OK);
    await expect(alone(count())).resolves.toEqual(REFUSED);
    const key = keys.submissionsOfDay(municipality, '2026-12-03');
    expect(await read(key)).toMatchObject({ submissions: 2 });
  });
});

describe('idempotency and links', () => {
  it('createIdempotencyRecordPart keeps the first record', async () => {
    const record = { ...keys.idempotency(newId()), applicationId: 'A' } as never;
    await expect(alone(idempotency.createIdempotencyRecordPart(record))).resolves.toEqual(OK);
    await expect(alone(idempotency.createIdempotencyRecordPart(record))).resolves.toEqual(REFUSED);
  });

  it('spendLinkPart spends a link once', async () => {
    const key = keys.link(newId());
    await seed({ ...key, purpose: 'decision' });
    await expect(alone(links.spendLinkPart(key, NOW))).resolves.toEqual(OK);
    await expect(alone(links.spendLinkPart(key, LATER))).resolves.toEqual(REFUSED);
    expect(await read(key)).toMatchObject({ usedAt: NOW.toISOString() });
  });
});

describe('grants and instalments', () => {
  it('createGrantPart and createInstalmentPart write once', async () => {
    const id = newId();
    const grant = {
      ...keys.grant(id),
      applicationId: id,
      programme: 'alis-nord',
      startDate: '2027-01-01',
    } as never;
    const instalment = {
      ...keys.instalment({ applicationId: id, position: 1, year: 1 }),
      applicationId: id,
      programme: 'alis-nord',
      year: 1,
      dueDate: '2027-01-01',
    } as never;
    await expect(
      transact({
        grant: grants.createGrantPart(grant),
        y1: grants.createInstalmentPart(instalment),
      }),
    ).resolves.toEqual(OK);
    await expect(
      transact({
        grant: grants.createGrantPart(grant),
        y1: grants.createInstalmentPart(instalment),
      }),
    ).resolves.toEqual({ ok: false, failed: ['grant', 'y1'] });
  });

  it('clearStartTimer clears only the timer it saw', async () => {
    const key = keys.instalment({ applicationId: newId(), position: 1, year: 1 });
    const timer = { timerStage: 'start', gsi1pk: TIMER_PARTITION };
    await seed({ ...key, ...timer, gsi1sk: 'moved' });
    await grants.clearStartTimer({ ...key, gsi1sk: 'seen' });
    expect(await read(key)).toMatchObject({ gsi1sk: 'moved' });
    await seed({ ...key, ...timer, gsi1sk: 'seen' });
    await grants.clearStartTimer({ ...key, gsi1sk: 'seen' });
    expect(await read(key)).toEqual(key);
  });

  it('moveInstalment moves only from the statuses named', async () => {
    const id = newId();
    const key = keys.instalment({ applicationId: id, position: 1, year: 2 });
    await seed({ ...key, status: 'PAID' });
    const move = () =>
      grants.moveInstalment({ applicationId: id, position: 1, year: 2 }, 'CANCELLED', NOW);
    await expect(move()).resolves.toBe(false);
    await seed({ ...key, status: 'HELD', timerStage: 'x', gsi1pk: TIMER_PARTITION, gsi1sk: 'x' });
    await expect(move()).resolves.toBe(true);
    expect(await read(key)).toEqual({ ...key, status: 'CANCELLED', updatedAt: NOW.toISOString() });
  });

  it('makeInstalmentReady makes a scheduled, awaiting or held instalment ready', async () => {
    const id = newId();
    const key = keys.instalment({ applicationId: id, position: 1, year: 1 });
    const ready = () =>
      grants.makeInstalmentReady(
        { applicationId: id, position: 1, year: 1 },
        'alis-nord',
        'token',
        LATER,
        NOW,
      );
    await seed({ ...key, status: 'NOTIFIED' });
    await expect(ready()).resolves.toBe(false);
    for (const status of ['SCHEDULED', 'AWAITING_CONFIRMATION', 'HELD']) {
      await seed({ ...key, status });
      await expect(ready()).resolves.toBe(true);
    }
    expect(await read(key)).toMatchObject({ status: 'READY', gsi1pk: 'READY#alis-nord' });
  });

  it('claimForNotificationPart claims a ready instalment not yet in a notification', async () => {
    const id = newId();
    const made = await refusedThenMade(
      keys.instalment({ applicationId: id, position: 1, year: 1 }),
      { status: 'READY', notificationId: 'other' },
      { status: 'READY', timerStage: 'ready', gsi1pk: 'READY#alis-nord', gsi1sk: 'x' },
      () => grants.claimForNotificationPart({ applicationId: id, position: 1, year: 1 }, 'N1', NOW),
    );
    expect(made).toMatchObject({ status: 'NOTIFIED', notificationId: 'N1' });
    expect(made).not.toHaveProperty('gsi1pk');
  });

  it('markPaidPart records a payment of the notification that listed it', async () => {
    const id = newId();
    const made = await refusedThenMade(
      keys.instalment({ applicationId: id, position: 1, year: 1 }),
      { status: 'NOTIFIED', notificationId: 'N2' },
      { status: 'NOTIFIED', notificationId: 'N1' },
      () =>
        grants.markPaidPart({ applicationId: id, position: 1, year: 1 }, 'N1', '2026-12-03', NOW),
    );
    expect(made).toMatchObject({ status: 'PAID', paidOn: '2026-12-03', timerStage: 'resume' });
  });

  it('claimPaymentResume claims from the count it saw, the first one from none', async () => {
    const id = newId();
    const key = keys.instalment({ applicationId: id, position: 1, year: 2 });
    await seed({ ...key, status: 'AWAITING_CONFIRMATION' });
    const claim = (seen: number | undefined, next: number) =>
      grants.claimPaymentResume(
        { applicationId: id, position: 1, year: 2, executionResumes: seen },
        next,
        NOW,
      );
    await expect(claim(1, 2)).resolves.toBe(false);
    await expect(claim(undefined, 1)).resolves.toBe(true);
    await expect(claim(undefined, 1)).resolves.toBe(false);
    await expect(claim(0, 1)).resolves.toBe(false);
    await expect(claim(1, 2)).resolves.toBe(true);
    expect(await read(key)).toEqual({
      ...key,
      status: 'AWAITING_CONFIRMATION',
      executionResumes: 2,
      updatedAt: NOW.toISOString(),
    });
  });

  it.each([
    ['endGrantPart', (id: string) => grants.endGrantPart(id, '2027-06-30', 'position-ended', NOW)],
    ['completeGrantPart', (id: string) => grants.completeGrantPart(id, NOW)],
  ])('%s ends an active grant only', async (_, end) => {
    const id = newId();
    const made = await refusedThenMade(
      keys.grant(id),
      { status: 'ENDED' },
      { status: 'ACTIVE' },
      () => end(id),
    );
    expect(made.status).not.toBe('ACTIVE');
  });
});

describe('positions', () => {
  const DUE = '2027-12-01T23:00:00.000Z#APP#x#POSITION#002';
  const writers: Record<Exclude<PositionStatus, 'AWAITING_START'>, (id: string) => TransactItem> = {
    ACTIVE: (id) =>
      grants.startPositionPart(
        id,
        2,
        { startDate: '2027-03-01', employmentModel: 'salaried', listSize: 600, years: 5 },
        NOW,
      ),
    LAPSED: (id) => grants.lapsePositionPart({ applicationId: id, position: 2, gsi1sk: DUE }, NOW),
    ENDED: (id) => grants.endPositionPart(id, 2, '2027-06-30', 'position-ended', NOW),
    COMPLETED: (id) => grants.completePositionPart(id, 2, NOW),
  };

  it('DynamoDB writes exactly the moves the domain allows, from every status', async () => {
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const from of POSITION_STATUSES) {
      for (const [to, part] of Object.entries(writers) as [
        PositionStatus,
        (id: string) => TransactItem,
      ][]) {
        const id = newId();
        const key = keys.position(id, 2);
        await seed({ ...key, status: from, gsi1pk: TIMER_PARTITION, gsi1sk: DUE });
        const written = (await alone(part(id))).ok;
        const now = (await read(key))?.status;
        outcomes.push(`${from}→${to} ${written ? 'written' : 'refused'} ${now}`);
        const allowed = canMove(POSITION_MOVES, from, to);
        expected.push(`${from}→${to} ${allowed ? 'written' : 'refused'} ${allowed ? to : from}`);
      }
    }
    expect(outcomes).toEqual(expected);
  });

  it('a lapse written at another timer than the one seen is refused', async () => {
    const id = newId();
    const key = keys.position(id, 2);
    await seed({
      ...key,
      status: 'AWAITING_START',
      gsi1pk: TIMER_PARTITION,
      gsi1sk: `${DUE}-moved`,
    });
    await expect(alone(writers.LAPSED(id))).resolves.toEqual(REFUSED);
  });

  it('items from before positions: an instalment and a confirmation without position read as 1 and move on', async () => {
    const id = newId();
    const instalmentKey = keys.instalment({ applicationId: id, position: 1, year: 2 });
    const confirmationKey = keys.confirmation({ applicationId: id, position: 1, year: 2 });
    expect(instalmentKey.sk).toBe('INSTALMENT#002');
    expect(confirmationKey.sk).toBe('CONFIRMATION#002');
    await seed({
      ...instalmentKey,
      applicationId: id,
      programme: 'alis-nord',
      year: 2,
      years: 5,
      dueDate: '2028-01-01',
      status: 'AWAITING_CONFIRMATION',
    });
    await seed({ ...confirmationKey, applicationId: id, year: 2, status: 'OPEN', taskToken: 't' });
    const ref = { applicationId: id, position: 1, year: 2 };
    expect(await grants.getInstalment(ref)).toMatchObject({ position: 1, year: 2 });
    expect(await grants.listInstalments(id)).toMatchObject([{ position: 1, year: 2 }]);
    expect(await confirmations.getConfirmation(ref)).toMatchObject({ position: 1, year: 2 });
    expect(await grants.listPositionItems(id)).toEqual([]);
    await expect(grants.moveInstalment(ref, 'HELD', NOW)).resolves.toBe(true);
    expect(await read(instalmentKey)).toMatchObject({ status: 'HELD' });
  });
});

describe('confirmations', () => {
  it('claimConfirmationMailPart claims an open request not yet mailed, once, for one mailer', async () => {
    const key = (id: string) => keys.confirmation({ applicationId: id, position: 2, year: 2 });
    const claim = (id: string, mailer: number) =>
      alone(
        confirmations.claimConfirmationMailPart(
          { applicationId: id, position: 2, year: 2 },
          mailer,
        ),
      );
    const id = newId();
    await seed({ ...key(id), status: 'OPEN' });
    await expect(claim(id, 1)).resolves.toEqual(OK);
    await expect(claim(id, 2)).resolves.toEqual(REFUSED);
    expect(await read(key(id))).toMatchObject({ mailer: 1 });
    for (const before of [
      { status: 'OPEN', notifiedAt: NOW.toISOString() },
      { status: 'ANSWERED' },
    ]) {
      const other = newId();
      await seed({ ...key(other), ...before });
      await expect(claim(other, 1)).resolves.toEqual(REFUSED);
    }
  });

  it('openConfirmation opens the year once', async () => {
    const id = newId();
    const item = {
      ...keys.confirmation({ applicationId: id, position: 1, year: 2 }),
      applicationId: id,
      year: 2,
      status: 'OPEN',
      dueDate: '2028-01-01',
    } as never;
    await expect(confirmations.openConfirmation(item, 'alis-nord')).resolves.toBe(true);
    await expect(confirmations.openConfirmation(item, 'alis-nord')).resolves.toBe(false);
  });

  it.each([
    [
      'replaceConfirmationLink',
      (id: string) =>
        confirmations.replaceConfirmationLink({ applicationId: id, position: 1, year: 2 }, 'h2'),
    ],
    [
      'markConfirmationMailed',
      (id: string) =>
        confirmations.markConfirmationMailed({ applicationId: id, position: 1, year: 2 }, NOW),
    ],
  ])('%s writes to an open request only', async (_, write) => {
    const id = newId();
    const key = keys.confirmation({ applicationId: id, position: 1, year: 2 });
    await seed({ ...key, status: 'ANSWERED' });
    await expect(write(id)).resolves.toBe(false);
    await seed({ ...key, status: 'OPEN' });
    await expect(write(id)).resolves.toBe(true);
  });

  it('answerConfirmationPart answers an open request through its current link only', async () => {
    const id = newId();
    const answer = { status: 'continuing', by: 'x', at: NOW.toISOString() } as never;
    const key = keys.confirmation({ applicationId: id, position: 1, year: 2 });
    await seed({ ...key, status: 'OPEN', linkHash: 'new' });
    await expect(
      alone(
        confirmations.answerConfirmationPart(
          { applicationId: id, position: 1, year: 2 },
          'old',
          answer,
          NOW,
        ),
      ),
    ).resolves.toEqual(REFUSED);
    await seed({ ...key, status: 'UNCONFIRMED', linkHash: 'new' });
    await expect(
      alone(
        confirmations.answerConfirmationPart(
          { applicationId: id, position: 1, year: 2 },
          'new',
          answer,
          NOW,
        ),
      ),
    ).resolves.toEqual(REFUSED);
    await seed({ ...key, status: 'OPEN', linkHash: 'new' });
    await expect(
      alone(
        confirmations.answerConfirmationPart(
          { applicationId: id, position: 1, year: 2 },
          'new',
          answer,
          NOW,
        ),
      ),
    ).resolves.toEqual(OK);
    expect(await read(key)).toMatchObject({ status: 'ANSWERED', outcome: 'continuing' });
  });

  it('markUnconfirmedPart acts on an open request with the timer seen only', async () => {
    const id = newId();
    const made = await refusedThenMade(
      keys.confirmation({ applicationId: id, position: 1, year: 2 }),
      { status: 'OPEN', gsi1pk: TIMER_PARTITION, gsi1sk: 'moved' },
      { status: 'OPEN', gsi1pk: TIMER_PARTITION, gsi1sk: 'seen' },
      () =>
        confirmations.markUnconfirmedPart(
          { applicationId: id, position: 1, year: 2, gsi1sk: 'seen' },
          NOW,
        ),
    );
    expect(made).toMatchObject({ status: 'UNCONFIRMED', outcome: 'unconfirmed' });
  });

  it('advanceConfirmationStagePart claims the stage and due time seen, of an open request', async () => {
    const id = newId();
    const made = await refusedThenMade(
      keys.confirmation({ applicationId: id, position: 1, year: 2 }),
      { status: 'OPEN', timerStage: 'hold', gsi1pk: TIMER_PARTITION, gsi1sk: 'seen' },
      { status: 'OPEN', timerStage: 'remind', gsi1pk: TIMER_PARTITION, gsi1sk: 'seen' },
      () =>
        confirmations.advanceConfirmationStagePart(
          { applicationId: id, position: 1, year: 2, gsi1sk: 'seen' },
          'remind',
          { stage: 'hold', dueAt: LATER },
        ),
    );
    expect(made).toMatchObject({ timerStage: 'hold' });
  });
});

describe('finance notifications', () => {
  const notification = (id: string, extra: Record<string, unknown> = {}) =>
    ({
      ...keys.financeNotification(id),
      notificationId: id,
      programme: 'alis-vest',
      createdAt: NOW.toISOString(),
      status: 'SEALED',
      instalments: [{ applicationId: 'A', year: 1 }],
      payments: 0,
      ...extra,
    }) as never;
  // The programme's pointer is shared by every test of the file: each test seeds it first.
  const pointer = keys.openFinanceNotification('alis-vest');
  const unsent = () => finance.unsentFinanceNotificationId('alis-vest');

  it('sealNotificationParts writes a notification once, while the programme has none unsent', async () => {
    const first = newId();
    await seed({ ...pointer });
    await expect(transact(finance.sealNotificationParts(notification(first)))).resolves.toEqual(OK);
    expect(await read(pointer)).toEqual({
      ...pointer,
      current: first,
      gsi1pk: readyPartition('alis-vest'),
      gsi1sk: `${NOW.toISOString()}#${pointer.pk}#${pointer.sk}`,
    });
    expect(await read(keys.financeNotification(first))).toMatchObject({ status: 'SEALED' });
    await expect(unsent()).resolves.toBe(first);
    const second = newId();
    await expect(transact(finance.sealNotificationParts(notification(second)))).resolves.toEqual({
      ok: false,
      failed: ['pointer'],
    });
    expect(await read(keys.financeNotification(second))).toBeUndefined();
    await expect(transact(finance.sealNotificationParts(notification(first)))).resolves.toEqual({
      ok: false,
      failed: ['notification', 'pointer'],
    });
    // Written again after its pointer was freed (a repeated write of one sent): its rows stay.
    await seed({ ...pointer });
    await expect(
      transact(finance.sealNotificationParts(notification(first, { instalments: [] }))),
    ).resolves.toEqual({ ok: false, failed: ['notification'] });
    expect(await read(keys.financeNotification(first))).toMatchObject({
      instalments: [{ applicationId: 'A', year: 1 }],
    });
  });

  it('sealNotificationParts with the claims of its rows writes nothing when a row is in another notification', async () => {
    const id = newId();
    const app = newId();
    const instalment = keys.instalment({ applicationId: app, position: 1, year: 1 });
    const seal = () => ({
      ...finance.sealNotificationParts(
        notification(id, { instalments: [{ applicationId: app, position: 1, year: 1 }] }),
      ),
      claim: grants.claimForNotificationPart({ applicationId: app, position: 1, year: 1 }, id, NOW),
    });
    await seed({ ...pointer });
    await seed({ ...instalment, status: 'READY', notificationId: 'other' });
    await expect(transact(seal())).resolves.toEqual({ ok: false, failed: ['claim'] });
    expect(await read(keys.financeNotification(id))).toBeUndefined();
    expect(await read(pointer)).toEqual(pointer);
    await seed({ ...instalment, status: 'READY' });
    await expect(transact(seal())).resolves.toEqual(OK);
    expect(await read(instalment)).toMatchObject({ status: 'NOTIFIED', notificationId: id });
  });

  it('financeWork finds the unsent notification and the ready instalments in one query, until it is marked sent', async () => {
    const id = newId();
    const app = newId();
    const instalment = keys.instalment({ applicationId: app, position: 1, year: 1 });
    await seed({ ...pointer });
    await seed({
      ...instalment,
      applicationId: app,
      year: 1,
      status: 'READY',
      ...readyAttributes('alis-vest', NOW, instalment),
    });
    await expect(transact(finance.sealNotificationParts(notification(id)))).resolves.toEqual(OK);
    const mine = (work: finance.FinanceWork) =>
      work.ready.filter((item) => item.applicationId === app).map((item) => item.position);

    const before = await finance.financeWork('alis-vest', NOW);
    expect(before.unsent).toBe(id);
    expect(mine(before)).toEqual([1]);
    // Nothing is due before it was written.
    const earlier = await finance.financeWork('alis-vest', new Date(NOW.getTime() - 1000));
    expect(earlier.unsent).toBeUndefined();
    expect(mine(earlier)).toEqual([]);

    await expect(
      transact(
        finance.markNotificationSentParts(
          { notificationId: id, programme: 'alis-vest' },
          LATER,
          NOW,
        ),
      ),
    ).resolves.toEqual(OK);
    expect(await read(pointer)).toEqual(pointer);
    const after = await finance.financeWork('alis-vest', LATER);
    expect(after.unsent).toBeUndefined();
    expect(mine(after)).toEqual([1]);
  });

  it('markNotificationSentParts marks a sealed notification sent and frees its own pointer only', async () => {
    const id = newId();
    const key = keys.financeNotification(id);
    const sent = () =>
      transact(
        finance.markNotificationSentParts(
          { notificationId: id, programme: 'alis-vest' },
          LATER,
          NOW,
        ),
      );
    await seed({ ...key, status: 'SEALED' });
    await seed({ ...pointer, current: 'another' });
    await expect(sent()).resolves.toEqual({ ok: false, failed: ['pointer'] });
    await seed({ ...key, status: 'SENT' });
    await seed({ ...pointer, current: id });
    await expect(sent()).resolves.toEqual({ ok: false, failed: ['notification'] });
    await seed({ ...key, status: 'SEALED' });
    await expect(sent()).resolves.toEqual(OK);
    expect(await read(key)).toMatchObject({
      status: 'SENT',
      timerStage: 'remind',
      gsi1pk: TIMER_PARTITION,
    });
    expect(await read(pointer)).toEqual(pointer);
    await expect(unsent()).resolves.toBeUndefined();
    await expect(sent()).resolves.toEqual({ ok: false, failed: ['notification', 'pointer'] });
  });

  it('recordPaymentPart records from the payment count it saw, the first one from none', async () => {
    const id = newId();
    const key = keys.financeNotification(id);
    const record = (payments: number | undefined) =>
      alone(finance.recordPaymentPart({ notificationId: id, payments } as never, NOW));
    // Written before payments were counted: no count at all.
    await seed({ ...key, status: 'SENT' });
    await expect(record(0)).resolves.toEqual(REFUSED);
    await expect(record(undefined)).resolves.toEqual(OK);
    await expect(record(undefined)).resolves.toEqual(REFUSED);
    await expect(record(0)).resolves.toEqual(REFUSED);
    await expect(record(1)).resolves.toEqual(OK);
    expect(await read(key)).toMatchObject({ payments: 2, lastPaymentAt: NOW.toISOString() });
    // Written with a count of none.
    await seed({ ...key, status: 'SENT', payments: 0 });
    await expect(record(undefined)).resolves.toEqual(REFUSED);
    await expect(record(0)).resolves.toEqual(OK);
    await expect(record(0)).resolves.toEqual(REFUSED);
  });

  it('recordPaymentPart with markPaidPart: of two posts that read the same count, one records', async () => {
    const id = newId();
    const app = newId();
    await seed({ ...keys.financeNotification(id), status: 'SENT', payments: 0 });
    await seed({
      ...keys.instalment({ applicationId: app, position: 1, year: 1 }),
      status: 'NOTIFIED',
      notificationId: id,
    });
    await seed({
      ...keys.instalment({ applicationId: app, position: 1, year: 2 }),
      status: 'NOTIFIED',
      notificationId: id,
    });
    const post = (year: number) =>
      transact({
        notification: finance.recordPaymentPart({ notificationId: id, payments: 0 }, NOW),
        paid: grants.markPaidPart(
          { applicationId: app, position: 1, year: year },
          id,
          '2026-12-03',
          NOW,
        ),
      });
    await expect(post(1)).resolves.toEqual(OK);
    // The other post paid a different row, which its own condition allows: the count refuses it.
    await expect(post(2)).resolves.toEqual({ ok: false, failed: ['notification'] });
    expect(await read(keys.instalment({ applicationId: app, position: 1, year: 2 }))).toMatchObject(
      { status: 'NOTIFIED' },
    );
  });

  it('clearNotificationTimerPart clears only the timer it saw', async () => {
    const id = newId();
    const made = await refusedThenMade(
      keys.financeNotification(id),
      { status: 'SENT', timerStage: 'remind', gsi1pk: TIMER_PARTITION, gsi1sk: 'moved' },
      { status: 'SENT', timerStage: 'remind', gsi1pk: TIMER_PARTITION, gsi1sk: 'seen' },
      () => finance.clearNotificationTimerPart({ notificationId: id, gsi1sk: 'seen' }),
    );
    expect(made).toEqual({ ...keys.financeNotification(id), status: 'SENT' });
  });
});

describe('stopped workflows', () => {
  const stop = (applicationId: string, executionName: string, year?: number) => ({
    applicationId,
    workflow: year === undefined ? ('review' as const) : ('payment' as const),
    ...(year !== undefined && { year }),
    executionName,
    error: 'States.TaskFailed',
    stoppedAt: NOW.toISOString(),
  });

  it.each([
    ['a review', undefined],
    ['a payment', 2],
  ])('clearStoppedWorkflow clears %s stop only while it is the one recorded', async (_, year) => {
    const id = newId();
    const key = keys.stoppedWorkflow(id, year === undefined ? undefined : { position: 1, year });
    const first = await stopped.recordStoppedWorkflow(stop(id, `${id}-a`, year), NOW);
    expect(await read(key)).toMatchObject({ timerStage: 'resume', gsi1pk: TIMER_PARTITION });
    // The resumed execution stopped again before the first stop was cleared: a newer record.
    const second = await stopped.recordStoppedWorkflow(stop(id, `${id}-b`, year), LATER);
    await expect(stopped.clearStoppedWorkflow(first)).resolves.toBe(false);
    expect(await read(key)).toMatchObject({ executionName: `${id}-b`, timerStage: 'resume' });
    await expect(stopped.clearStoppedWorkflow(second)).resolves.toBe(true);
    const made = await read(key);
    expect(made).toMatchObject({ executionName: `${id}-b` });
    expect(made).not.toHaveProperty('timerStage');
    expect(made).not.toHaveProperty('gsi1pk');
    expect(made).not.toHaveProperty('gsi1sk');
  });
});

describe('notices', () => {
  it('pendingNoticePart and recordPendingNotice record a notice once', async () => {
    const id = newId();
    await expect(alone(notices.pendingNoticePart(id, 'received', NOW))).resolves.toEqual(OK);
    await expect(alone(notices.pendingNoticePart(id, 'received', NOW))).resolves.toEqual(REFUSED);
    await notices.recordPendingNotice(id, 'approved', NOW);
    await notices.recordPendingNotice(id, 'approved', LATER); // no error, no change
    expect(await read(keys.notice(id, 'approved'))).toMatchObject({
      status: 'PENDING',
      pendingSince: NOW.toISOString(),
    });
  });

  it('claimNotice claims a pending notice, or a claim gone stale, never a live or sent one', async () => {
    const id = newId();
    const key = keys.notice(id, 'received');
    const claim = (at: Date) => notices.claimNotice(id, 'received', at);
    const grace = notices.NOTICE_GRACE_MS;
    await seed({ ...key, status: 'SENT' });
    await expect(claim(NOW)).resolves.toBe(false);
    await seed({ ...key }); // not recorded as pending
    await expect(claim(NOW)).resolves.toBe(false);
    await seed({ ...key, status: 'PENDING' });
    await expect(claim(NOW)).resolves.toBe(true);
    await expect(claim(new Date(NOW.getTime() + grace - 1))).resolves.toBe(false); // live
    await expect(claim(new Date(NOW.getTime() + grace))).resolves.toBe(true); // stale
  });

  it('releaseNotice releases its own claim only', async () => {
    const id = newId();
    const key = keys.notice(id, 'received');
    await seed({ ...key, status: 'SENDING', claimedAtMs: LATER.getTime() });
    await expect(notices.releaseNotice(id, 'received', NOW)).resolves.toBe(false);
    await seed({ ...key, status: 'SENDING', claimedAtMs: NOW.getTime() });
    await expect(notices.releaseNotice(id, 'received', NOW)).resolves.toBe(true);
    expect(await read(key)).toMatchObject({ status: 'PENDING' });
  });
});

describe('sessions and sign-in', () => {
  it('openSessionPart opens a session under a hash not taken', async () => {
    const hash = newId();
    const session = (email: string) =>
      sessions.openSessionPart(hash, { email, programmes: ['alis-nord'] } as never);
    await expect(alone(session('a@example.no'))).resolves.toEqual(OK);
    await expect(alone(session('b@example.no'))).resolves.toEqual(REFUSED);
    expect(await read(keys.session(hash))).toMatchObject({ email: 'a@example.no' });
  });

  it('endSession ends a session that exists only', async () => {
    const hash = newId();
    await sessions.endSession(hash, NOW);
    expect(await read(keys.session(hash))).toBeUndefined();
    await seed({ ...keys.session(hash) });
    await sessions.endSession(hash, NOW);
    expect(await read(keys.session(hash))).toMatchObject({ endedAt: NOW.toISOString() });
  });

  it('claimSignInMail claims once the last link is older than `since`', async () => {
    const address = `${newId()}@example.no`;
    const since = new Date(NOW.getTime() - 60_000);
    await expect(sessions.claimSignInMail(address, NOW, since)).resolves.toBe(true);
    await expect(sessions.claimSignInMail(address, NOW, since)).resolves.toBe(false);
    await expect(sessions.claimSignInMail(address, LATER, NOW)).resolves.toBe(false); // at `since`
    const after = new Date(NOW.getTime() + 1);
    await expect(sessions.claimSignInMail(address, LATER, after)).resolves.toBe(true);
  });
});

describe('waiting tasks', () => {
  it('moveTaskToken moves from the token it saw only', async () => {
    const key = keys.reviewRound(newId(), 1);
    await seed({ ...key, taskToken: 'attempt-2', resumedAt: 'x' });
    await expect(waitingTasks.moveTaskToken(key, 'attempt-1', 'attempt-3')).resolves.toBe(false);
    await expect(waitingTasks.moveTaskToken(key, 'attempt-2', 'attempt-3')).resolves.toBe(true);
    expect(await read(key)).toEqual({ ...key, taskToken: 'attempt-3' });
  });

  it('markTaskResumed marks only while the item holds the token answered', async () => {
    const key = keys.reviewRound(newId(), 1);
    const timer = { timerStage: 'resume', gsi1pk: TIMER_PARTITION, gsi1sk: 'x' };
    await seed({ ...key, taskToken: 'attempt-2', ...timer });
    await expect(waitingTasks.markTaskResumed(key, 'attempt-1', NOW)).resolves.toBe(false);
    expect(await read(key)).toMatchObject(timer);
    await expect(waitingTasks.markTaskResumed(key, 'attempt-2', NOW)).resolves.toBe(true);
    expect(await read(key)).toEqual({
      ...key,
      taskToken: 'attempt-2',
      resumedAt: NOW.toISOString(),
    });
  });
});

describe('contacts', () => {
  it('confirmContactPart records a confirmation, keeps the first one, and refuses a blocked address', async () => {
    const hash = `h${newId()}`;
    const key = keys.contact('alis-nord', hash);
    await expect(alone(contacts.confirmContactPart('alis-nord', hash, NOW))).resolves.toEqual(OK);
    await expect(alone(contacts.confirmContactPart('alis-nord', hash, LATER))).resolves.toEqual(OK);
    expect(await read(key)).toMatchObject({ confirmedAt: NOW.toISOString() });
    await contacts.blockContact('alis-nord', hash, LATER);
    await expect(alone(contacts.confirmContactPart('alis-nord', hash, LATER))).resolves.toEqual(
      REFUSED,
    );
  });

  it('createContactVerificationPart writes a wait once, with its timer at the deadline', async () => {
    const applicationId = newId();
    const wait = () =>
      contacts.createContactVerificationPart({
        applicationId,
        programme: 'alis-nord',
        addressHash: 'h',
        status: 'OPEN',
        deadline: LATER.toISOString(),
      });
    await expect(alone(wait())).resolves.toEqual(OK);
    await expect(alone(wait())).resolves.toEqual(REFUSED);
    expect(await read(keys.contactVerification(applicationId))).toMatchObject({
      timerStage: 'expire',
      gsi1pk: TIMER_PARTITION,
    });
  });

  it('closeContactVerificationPart closes an open wait only', async () => {
    const applicationId = newId();
    const made = await refusedThenMade(
      keys.contactVerification(applicationId),
      { status: 'EXPIRED' },
      { status: 'OPEN' },
      () => contacts.closeContactVerificationPart(applicationId, 'confirmed', NOW),
    );
    expect(made).toMatchObject({ status: 'CONFIRMED', outcome: 'confirmed', timerStage: 'resume' });
  });

  it('attachFirstTaskToken gives an existing wait its first token only', async () => {
    const key = keys.contactVerification(newId());
    await expect(contacts.attachFirstTaskToken(key, 'first')).resolves.toBe(false);
    await seed({ ...key, status: 'OPEN' });
    await expect(contacts.attachFirstTaskToken(key, 'first')).resolves.toBe(true);
    await expect(contacts.attachFirstTaskToken(key, 'second')).resolves.toBe(false);
    expect(await read(key)).toMatchObject({ taskToken: 'first' });
  });
});
