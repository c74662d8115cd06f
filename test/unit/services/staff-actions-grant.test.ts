// The lead's actions on a grant (services/staff-actions-grant.ts) against the strict table fake,
// Step Functions and SES mocked: end-grant cancels what finance has not been told of, answers the
// "Await payment" task of a ready year it cancels ("cancelled"), ends the grant and hands its
// e-mails to the municipality request step; hold and release keep a year out of finance's ready
// list and put it back; each 409 when repeated. Then that step (its handler's `lead-action` input,
// mailLeadAction): each e-mail once, however often it runs.

import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { SFNClient, SendTaskSuccessCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../functions/municipality-requests/handler.js';
import { ConflictError } from '../../../shared/errors.js';
import { mailLeadAction } from '../../../shared/services/staff-action-mail.js';
import {
  endGrantByLead,
  holdInstalment,
  releaseInstalment,
} from '../../../shared/services/staff-actions-grant.js';
import { keys, type ApplicationItem } from '../../../shared/store/items.js';
import { seededRegisters } from '../../support/staff-registers.js';
import { dynamo, fakeTable, type FakeItem } from '../../support/table-fake.js';
import { storedApplication } from '../web/support.js';

const sfn = mockClient(SFNClient);
const ses = mockClient(SESv2Client);
const NOW = new Date('2027-12-10T10:00:00Z');
const LEAD = 'leder@alis-nord.example.no';
const FINANCE = 'okonomi@alis-nord.example.no';
const CONTACT = 'kontakt@kommune.example.no';
const app: ApplicationItem = { ...storedApplication(), status: 'APPROVED' };
const ID = app.applicationId;

let table: Map<string, FakeItem>;

beforeAll(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});
afterAll(() => vi.useRealTimers());

/** A one-position grant of three years: year 1 notified, year 2 ready (waiting), year 3 planned. */
function reset(): void {
  const instalment = (year: number, fields: FakeItem) => ({
    ...keys.instalment({ applicationId: ID, position: 1, year }),
    applicationId: ID,
    programme: 'alis-nord',
    position: 1,
    year,
    years: 3,
    dueDate: `${2026 + year}-01-01`,
    grant: 200_000,
    egenandel: 0,
    net: 200_000,
    updatedAt: '2026-12-01T00:00:00.000Z',
    ...fields,
  });
  table = fakeTable(
    [
      app as unknown as FakeItem,
      {
        ...keys.grant(ID),
        applicationId: ID,
        programme: 'alis-nord',
        roundId: 'alis-nord-2027',
        municipality: { number: '5601', name: 'Alta kommune', organisationNumber: '944496394' },
        contactEmail: CONTACT,
        positions: 1,
        employmentModel: 'salaried',
        yearlyAmountPerPosition: 200_000,
        egenandelPerPosition: 0,
        startDate: '2027-01-01',
        years: 3,
        status: 'ACTIVE',
        createdAt: '2026-12-01T00:00:00.000Z',
      },
      instalment(1, { status: 'NOTIFIED', notificationId: 'AN-U-20270101-A1B2C3' }),
      instalment(2, {
        status: 'READY',
        taskToken: 'pay-token',
        timerStage: 'ready',
        gsi1pk: 'READY#alis-nord',
        gsi1sk: '2027-12-31T23:00:00.000Z#x',
      }),
      instalment(3, { status: 'SCHEDULED' }),
      ...seededRegisters(),
    ],
    { applyTransactions: true },
  );
  dynamo.on(QueryCommand).callsFake((input) => {
    if (input.IndexName) return { Items: [] };
    const pk = input.ExpressionAttributeValues[':pk'];
    const prefix = input.ExpressionAttributeValues[':prefix'] ?? '';
    return {
      Items: [...table.values()].filter((i) => i.pk === pk && String(i.sk).startsWith(prefix)),
    };
  });
  sfn.reset();
  sfn.on(SendTaskSuccessCommand).resolves({});
  sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn' });
  ses.reset();
  ses.on(SendEmailCommand).resolves({ MessageId: 'm' });
}

beforeEach(() => reset());

const year = (n: number) =>
  table.get(`APP#${ID}|${keys.instalment({ applicationId: ID, position: 1, year: n }).sk}`)!;
const events = (type: string) => [...table.values()].filter((i) => i.type === type);
const started = () =>
  sfn.commandCalls(StartExecutionCommand).map((c) => JSON.parse(c.args[0].input.input ?? '{}'));
const sentTo = () =>
  ses
    .commandCalls(SendEmailCommand)
    .map((c) => c.args[0].input.Destination?.ToAddresses ?? [])
    .map((to) => to.join(','))
    .sort();

async function conflictCode(run: Promise<unknown>): Promise<string> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConflictError);
  return (error as ConflictError).errors[0]!.code;
}

const END = { endDate: '2027-12-31', reason: 'Legen sluttet.' };

describe('end-grant', () => {
  it('cancels the years after the end, answers the waiting payment task "cancelled", ends the grant', async () => {
    const status = await endGrantByLead(app, LEAD, END, NOW);
    expect(status).toBe('ENDED');
    expect(year(1).status).toBe('NOTIFIED');
    expect([year(2).status, year(3).status]).toEqual(['CANCELLED', 'CANCELLED']);
    // Out of the ready list; the answer handed over, so its "resume" timer is gone too.
    expect(year(2).gsi1pk).toBeUndefined();
    expect(year(2).resumedAt).toBe(NOW.toISOString());
    const answers = sfn.commandCalls(SendTaskSuccessCommand).map((c) => c.args[0].input);
    expect(answers).toEqual([
      { taskToken: 'pay-token', output: JSON.stringify({ cancelled: true }) },
    ]);
    expect(table.get(`APP#${ID}|GRANT`)!.status).toBe('ENDED');
    expect(events('instalment-cancelled').map((e) => e.by)).toEqual([LEAD, LEAD]);
    expect(events('position-ended-by-lead')).toHaveLength(1);
    expect(started()).toContainEqual({
      kind: 'lead-action',
      applicationId: ID,
      action: 'end-grant',
    });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);

    expect(await conflictCode(endGrantByLead(app, LEAD, END, NOW))).toBe('already-ended');
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(1);
  });

  it('leaves the answer to the daily run when Step Functions cannot be reached', async () => {
    sfn.on(SendTaskSuccessCommand).rejects(new Error('unreachable'));
    await endGrantByLead(app, LEAD, END, NOW);
    expect(year(2)).toMatchObject({ status: 'CANCELLED', timerStage: 'resume', gsi1pk: 'TIMER' });
  });

  it('a position that is not in the grant is 409, an end before the start 400; nothing written', async () => {
    expect(await conflictCode(endGrantByLead(app, LEAD, { ...END, position: 2 }, NOW))).toBe(
      'no-position',
    );
    await expect(
      endGrantByLead(app, LEAD, { ...END, endDate: '2026-12-31' }, NOW),
    ).rejects.toMatchObject({ errors: [{ path: 'endDate', code: 'before-start' }] });
    expect(year(2).status).toBe('READY');
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });
});

describe('hold-instalment and release-instalment', () => {
  it('a held ready year leaves the ready list until released; each repeated is 409', async () => {
    await holdInstalment(app, LEAD, { position: 1, year: 2 }, NOW);
    expect(year(2)).toMatchObject({ status: 'READY', heldByLead: expect.anything() });
    expect(year(2).gsi1pk).toBeUndefined();
    expect(events('instalment-held-by-lead')).toHaveLength(1);
    expect(await conflictCode(holdInstalment(app, LEAD, { position: 1, year: 2 }, NOW))).toBe(
      'already-held',
    );

    await releaseInstalment(app, LEAD, { position: 1, year: 2 }, NOW);
    expect(year(2).heldByLead).toBeUndefined();
    expect(year(2).gsi1pk).toBe('READY#alis-nord');
    expect(events('instalment-released')).toHaveLength(1);
    expect(await conflictCode(releaseInstalment(app, LEAD, { position: 1, year: 2 }, NOW))).toBe(
      'already-released',
    );
    expect(started().map((s) => s.action)).toEqual([
      'hold-instalment',
      'hold-instalment',
      'release-instalment',
      'release-instalment',
    ]);
  });

  it('a year finance was told of, or never held, is 409', async () => {
    expect(await conflictCode(holdInstalment(app, LEAD, { position: 1, year: 1 }, NOW))).toBe(
      'already-notified',
    );
    expect(await conflictCode(releaseInstalment(app, LEAD, { position: 1, year: 3 }, NOW))).toBe(
      'not-held',
    );
    expect(await conflictCode(holdInstalment(app, LEAD, { position: 1, year: 9 }, NOW))).toBe(
      'no-instalment',
    );
    expect(year(1).heldByLead).toBeUndefined();
  });
});

describe("the municipality request step's lead-action e-mails", () => {
  it('end-grant: finance, the lead and the municipality, each once however often it runs', async () => {
    await endGrantByLead(app, LEAD, END, NOW);
    const input = { kind: 'lead-action', applicationId: ID, action: 'end-grant' };
    expect(await handler(input, {} as never)).toEqual({ handled: 'end-grant-mailed' });
    expect(sentTo()).toEqual([CONTACT, FINANCE, LEAD].sort());
    await mailLeadAction(ID, 'end-grant', NOW);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(3);
  });

  it('hold and release: finance and the municipality told of each, once', async () => {
    await holdInstalment(app, LEAD, { position: 1, year: 3 }, NOW);
    expect(await mailLeadAction(ID, 'hold-instalment', NOW)).toBe('holds-mailed');
    await mailLeadAction(ID, 'hold-instalment', NOW);
    expect(sentTo()).toEqual([CONTACT, FINANCE].sort());
    const subjects = () =>
      ses.commandCalls(SendEmailCommand).map((c) => c.args[0].input.Content?.Simple?.Subject?.Data);
    expect(subjects()).toContainEqual(expect.stringMatching(/holdt tilbake/));

    await releaseInstalment(app, LEAD, { position: 1, year: 3 }, NOW);
    await mailLeadAction(ID, 'release-instalment', NOW);
    await mailLeadAction(ID, 'release-instalment', NOW);
    expect(sentTo()).toEqual([CONTACT, CONTACT, FINANCE, FINANCE].sort());
    expect(subjects()).toContainEqual(expect.stringMatching(/frigitt/));
  });

  it('refuses an action the step does not mail for, and an application without a grant sends nothing', async () => {
    await expect(
      handler({ kind: 'lead-action', applicationId: ID, action: 'withdraw' }, {} as never),
    ).rejects.toThrow(/unknown shape/);
    table.delete(`APP#${ID}|GRANT`);
    expect(await mailLeadAction(ID, 'end-grant', NOW)).toBe('no-grant');
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });
});
