// POST /status/{token}/decline through the router and the real services, against the table fake
// (transactions applied; queries answered from it), SES and Step Functions mocked: the decline of
// one position, then of the rest, their e-mails, capacity and the waiting payment workflow; a
// repeat and a payment under way refused with 409; and bodies of every JSON type at any path,
// which get a 400 with field errors and write nothing unless they confirm.

import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { SFNClient, SendTaskSuccessCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import {
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mailDeclineNotices } from '../../../shared/services/decline.js';
import { route } from '../../../shared/web/router.js';
import { hostileBody, hostileValue, propertyRuns, toJsonText } from '../../support/hostile.js';
import { seededRegisters } from '../../support/staff-registers.js';
import { dynamo, fakeTable, type FakeItem } from '../../support/table-fake.js';
import { FORM, JSON_BODY, request, storedApplication } from './support.js';

const sfn = mockClient(SFNClient);
const ses = mockClient(SESv2Client);
const app = { ...storedApplication(), status: 'ACTIVE' };
const ID = app.applicationId;
const PK = app.pk;
const TOKEN = `${ID}.${app.statusSecret}`;
const KEY = 'POST /status/{token}/decline';
const LEAD = 'leder@alis-nord.example.no';
const FINANCE = 'okonomi@alis-nord.example.no';
const CONTACT = app.application.contact.email;
const ROUND = app.roundId;
const MUNICIPALITY = app.municipalityNumber;

const grant = {
  pk: PK,
  sk: 'GRANT',
  applicationId: ID,
  programme: 'alis-nord',
  roundId: ROUND,
  municipality: { number: MUNICIPALITY, name: 'Alta kommune', organisationNumber: '944496394' },
  contactEmail: CONTACT,
  positions: 2,
  employmentModel: 'salaried',
  yearlyAmountPerPosition: 200_000,
  egenandelPerPosition: 0,
  startDate: '2027-01-01',
  years: 5,
  status: 'ACTIVE',
  decidedAt: '2026-12-01T10:00:00.000Z',
  createdAt: '2026-12-01T10:00:00.000Z',
};

const position = (n: number, status: string, extra: Record<string, unknown> = {}) => ({
  pk: PK,
  sk: `POSITION#${String(n).padStart(3, '0')}`,
  applicationId: ID,
  programme: 'alis-nord',
  roundId: ROUND,
  municipalityNumber: MUNICIPALITY,
  position: n,
  candidate: { kind: n === 1 ? 'employed-doctor' : 'new-position', monthsCompleted: 0 },
  status,
  years: 5,
  updatedAt: grant.createdAt,
  ...extra,
});

/** Position 1's year `y`: year 1 READY and waiting for finance, the rest scheduled. */
function year(y: number, status = y === 1 ? 'READY' : 'SCHEDULED'): FakeItem {
  return {
    pk: PK,
    sk: `INSTALMENT#${String(y).padStart(3, '0')}`,
    applicationId: ID,
    programme: 'alis-nord',
    position: 1,
    year: y,
    years: 5,
    dueDate: `${2026 + y}-01-01`,
    grant: 200_000,
    egenandel: 0,
    net: 200_000,
    status,
    updatedAt: grant.createdAt,
    ...(status === 'READY' && { taskToken: 'await-payment-token', timerStage: 'ready' }),
    ...(status === 'NOTIFIED' && { notificationId: 'AN-U-1' }),
  };
}

function reset(year1 = 'READY'): Map<string, FakeItem> {
  const table = fakeTable(
    [
      app as unknown as FakeItem,
      grant,
      position(1, 'ACTIVE', { startDate: '2027-01-01', employmentModel: 'salaried' }),
      position(2, 'AWAITING_START', {
        lapsesAt: '2027-12-01T23:00:00.000Z',
        timerStage: 'remind',
        gsi1pk: 'TIMER',
        gsi1sk: `2027-11-01T23:00:00.000Z#${PK}#POSITION#002`,
      }),
      year(1, year1),
      ...[2, 3, 4, 5].map((y) => year(y)),
      { pk: `ROUND#${ROUND}`, sk: 'CAPACITY', approvedPositions: 7 },
      { pk: `ROUND#${ROUND}`, sk: `MUNICIPALITY#${MUNICIPALITY}`, approvedPositions: 2 },
      ...(seededRegisters() as FakeItem[]),
    ],
    { applyTransactions: true },
  );
  dynamo.on(QueryCommand).callsFake((input) => {
    const values = input.ExpressionAttributeValues as Record<string, string>;
    return {
      Items: [...table.values()]
        .filter((i) => i.pk === values[':pk'] && i.sk.startsWith(values[':prefix'] ?? ''))
        .sort((a, b) => (a.sk < b.sk ? -1 : 1))
        .map((i) => structuredClone(i)),
    };
  });
  sfn.reset();
  sfn.on(SendTaskSuccessCommand).resolves({});
  ses.reset();
  ses.on(SendEmailCommand).resolves({ MessageId: 'm' });
  return table;
}

const post = (body: unknown, headers = JSON_BODY) =>
  route(
    request(KEY, {
      pathParameters: { token: TOKEN },
      headers,
      body: typeof body === 'string' ? body : toJsonText(body),
    }),
  );

const mails = () =>
  ses.commandCalls(SendEmailCommand).map((c) => ({
    to: c.args[0].input.Destination?.ToAddresses,
    replyTo: c.args[0].input.ReplyToAddresses,
    subject: c.args[0].input.Content?.Simple?.Subject?.Data ?? '',
    text: c.args[0].input.Content?.Simple?.Body?.Text?.Data ?? '',
  }));

const item = (table: Map<string, FakeItem>, sk: string, pk = PK) => table.get(`${pk}|${sk}`)!;
/** The municipality requests the web function started, as their inputs. */
const requested = () =>
  sfn.commandCalls(StartExecutionCommand).map((c) => JSON.parse(c.args[0].input.input ?? '{}'));
const writes = () =>
  dynamo.commandCalls(TransactWriteCommand).length +
  dynamo.commandCalls(PutCommand).length +
  dynamo.commandCalls(UpdateCommand).length;

describe('declining after approval', () => {
  it('one position, then the rest: each ends, gives its place back, and all three are told once', async () => {
    const table = reset();
    const first = await post({ confirm: true, position: 2 });
    expect(first.statusCode, first.body).toBe(200);
    expect(JSON.parse(first.body!)).toEqual({
      applicationId: ID,
      status: 'ACTIVE',
      declined: [2],
      grant: { status: 'ACTIVE' },
    });
    expect(item(table, 'POSITION#002')).toMatchObject({ status: 'ENDED', endReason: 'declined' });
    expect(item(table, 'POSITION#002').timerStage).toBeUndefined();
    expect(item(table, 'POSITION#001').status).toBe('ACTIVE');
    expect(item(table, 'CAPACITY', `ROUND#${ROUND}`).approvedPositions).toBe(6);
    expect(item(table, `MUNICIPALITY#${MUNICIPALITY}`, `ROUND#${ROUND}`).approvedPositions).toBe(1);
    // The web function sends nothing itself: it hands the e-mails to the municipality request step.
    expect(mails()).toHaveLength(0);
    expect(requested()).toEqual([{ kind: 'decline', applicationId: ID }]);
    expect(await mailDeclineNotices(ID)).toBe('decline-mailed');
    const sent = mails();
    expect(sent.map((m) => m.to)).toEqual([[CONTACT], [LEAD], [FINANCE]]);
    expect(sent[0]!.subject).toBe(`Kvittering: dere har takket nei, søknad ${ID}`);
    expect(sent[0]!.replyTo).toEqual([LEAD]);
    expect(sent[0]!.text).toContain('stilling 2');
    expect(sent[0]!.text).toContain('De andre stillingene fortsetter');
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);

    ses.resetHistory();
    const rest = await post({ confirm: true });
    expect(rest.statusCode, rest.body).toBe(200);
    expect(JSON.parse(rest.body!)).toMatchObject({
      status: 'ENDED',
      declined: [1],
      grant: { status: 'ENDED' },
    });
    for (const y of [1, 2, 3, 4, 5]) {
      expect(item(table, `INSTALMENT#${String(y).padStart(3, '0')}`).status).toBe('CANCELLED');
    }
    // The year waiting for finance ends its workflow; no year is left in finance's queue.
    expect(sfn.commandCalls(SendTaskSuccessCommand).map((c) => c.args[0].input)).toEqual([
      { taskToken: 'await-payment-token', output: JSON.stringify({ cancelled: true }) },
    ]);
    expect(item(table, 'INSTALMENT#001').gsi1pk).toBeUndefined();
    expect(item(table, 'GRANT')).toMatchObject({ status: 'ENDED', endReason: 'declined' });
    expect(item(table, 'APPLICATION').status).toBe('ENDED');
    expect(item(table, 'CAPACITY', `ROUND#${ROUND}`).approvedPositions).toBe(5);
    await mailDeclineNotices(ID);
    const restMails = mails();
    expect(restMails.map((m) => m.to)).toEqual([[CONTACT], [LEAD], [FINANCE]]);
    expect(restMails[2]!.text).toMatch(/Stilling 1, år 1, 1\. januar 2027: 200\s000\skr/);

    ses.resetHistory();
    const again = await post({ confirm: true });
    expect(again.statusCode).toBe(409);
    expect(JSON.parse(again.body!).errors[0].code).toBe('already-declined');
    // A repeat asks the step again, which finds nothing left to send.
    await mailDeclineNotices(ID);
    expect(mails()).toHaveLength(0);
    const samePosition = await post({ confirm: true, position: 2 });
    expect(JSON.parse(samePosition.body!).errors[0]).toMatchObject({
      path: 'position',
      code: 'already-declined',
    });
  });

  it('a position whose first year is sent to finance is refused with 409, and nothing changes', async () => {
    const table = reset('NOTIFIED');
    const answer = await post({ confirm: true, position: 1 });
    expect(answer.statusCode).toBe(409);
    expect(JSON.parse(answer.body!).errors[0].code).toBe('payment-started');
    expect(JSON.parse(answer.body!).errors[0].message).toContain('økonomi');
    expect(item(table, 'POSITION#001').status).toBe('ACTIVE');
    expect(writes()).toBe(0);
    // The whole grant: only the position not under way.
    const whole = await post({ confirm: true });
    expect(JSON.parse(whole.body!).declined).toEqual([2]);
  });

  it('the form: the ticked box and the position chosen; without the box the page again', async () => {
    reset();
    const unticked = await post('position=2', FORM);
    expect(unticked.statusCode).toBe(400);
    expect(unticked.body).toContain('id="field-decline-confirm"');
    expect(unticked.body).toContain('aria-invalid="true"');
    const ticked = await post('position=2&confirm=ja', FORM);
    expect(ticked.statusCode).toBe(200);
    expect(ticked.body).toContain('Kommunen har takket nei');
  });

  it('an unknown position is a 400 on the field', async () => {
    reset();
    const answer = await post({ confirm: true, position: 3 });
    expect(answer.statusCode).toBe(400);
    expect(JSON.parse(answer.body!).errors[0]).toMatchObject({
      path: 'position',
      code: 'unknown-position',
    });
  });

  it('bodies of every JSON type: never a 5xx; a 400 with field errors writes nothing', async () => {
    const bodies = fc.oneof(
      hostileBody([{ confirm: true, position: 2, note: 'Vi fikk ikke lege.' }]).map((c) => c.body),
      fc.record({ confirm: hostileValue }),
      fc.record({ confirm: fc.constant(true), position: hostileValue }),
      hostileValue,
    );
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        reset();
        const answer = await post(body);
        expect(answer.statusCode, answer.body).toBeLessThan(500);
        if (answer.statusCode === 200) {
          expect((body as { confirm?: unknown }).confirm).toBe(true);
          return;
        }
        if (answer.statusCode === 413) return;
        expect([400, 409], answer.body).toContain(answer.statusCode);
        const errors = JSON.parse(answer.body ?? '{}').errors as { path: string; code: string }[];
        expect(errors.length).toBeGreaterThan(0);
        for (const e of errors) {
          expect(typeof e.path).toBe('string');
          expect(e.code).toMatch(/^[a-z-]+$/);
        }
        if (answer.statusCode === 400) expect(writes()).toBe(0);
      }),
      { numRuns: Math.max(1, Math.round(propertyRuns() / 2)) },
    );
  }, 600_000);
});
