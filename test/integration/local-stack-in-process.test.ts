// The local stack started in this process (startStack, as main.ts starts it), over the fixture
// template, with stand-in handlers that use the emulators through the unchanged SDK clients (so the
// environment the stack sets is tested too). Starts DynamoDB Local (Java): a few seconds.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { SFNClient, SendTaskSuccessCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { FunctionName } from '../../infra/functions.js';
import type { Handler } from '../../infra/local/lambda.js';
import { startStack, type RunningStack } from '../../infra/local/stack.js';
import { fixtureTemplate } from '../support/fixture-template.js';

const RealDate = Date;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alis-stack-'));
const dailyRuns: { payload: unknown; at: string }[] = [];

async function mail(to: string, subject: string, text: string): Promise<void> {
  const ses = new SESv2Client({});
  await ses.send(
    new SendEmailCommand({
      FromEmailAddress: process.env.MAIL_FROM,
      ConfigurationSetName: process.env.SES_CONFIGURATION_SET,
      Destination: { ToAddresses: [to] },
      Content: { Simple: { Subject: { Data: subject }, Body: { Text: { Data: text } } } },
    }),
  );
  ses.destroy();
}

/** Stand-ins for the real handlers: just enough to drive the workflow through every emulator. */
const STAND_INS: Record<FunctionName, Handler> = {
  web: async (raw) => {
    const event = raw as APIGatewayProxyEventV2;
    if (event.routeKey === 'POST /applications') {
      const body = JSON.parse(event.body ?? '{}') as { applicationId: string };
      const db = new DynamoDBClient({});
      await db.send(
        new PutItemCommand({
          TableName: process.env.TABLE_NAME,
          Item: { pk: { S: body.applicationId }, sk: { S: 'app' } },
        }),
      );
      db.destroy();
      const sfn = new SFNClient({});
      await sfn.send(
        new StartExecutionCommand({
          stateMachineArn: process.env.STATE_MACHINE_ARN,
          name: body.applicationId,
          input: JSON.stringify({ applicationId: body.applicationId, programme: 'alis-nord' }),
        }),
      );
      sfn.destroy();
      return {
        statusCode: 201,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      };
    }
    if (event.routeKey === 'POST /decisions/{token}') {
      const form = new URLSearchParams(
        Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8').toString(),
      );
      const sfn = new SFNClient({});
      await sfn.send(
        new SendTaskSuccessCommand({
          taskToken: event.pathParameters?.token,
          output: JSON.stringify({ decision: form.get('decision') }),
        }),
      );
      sfn.destroy();
      return { statusCode: 200, body: 'ok' };
    }
    return {
      statusCode: 200,
      headers: { 'content-type': 'text/plain' },
      body: `${event.routeKey} ${JSON.stringify(event.pathParameters)}`,
    };
  },
  notifyMunicipality: async (payload) => {
    const { applicationId, notice } = payload as { applicationId: string; notice: string };
    await mail('kontakt@kommune.example.no', `${applicationId}: ${notice}`, notice);
    return null;
  },
  // As the real step does for an address confirmed before: it answers its own task at once.
  awaitContact: async (payload) => {
    const { taskToken } = payload as { taskToken: string };
    const sfn = new SFNClient({});
    await sfn.send(
      new SendTaskSuccessCommand({ taskToken, output: JSON.stringify({ outcome: 'confirmed' }) }),
    );
    sfn.destroy();
    return null;
  },
  requestReview: async (payload) => {
    const { applicationId, taskToken } = payload as { applicationId: string; taskToken: string };
    await mail(
      'fagrad1@alis-nord.example.no',
      `Vurder ${applicationId}`,
      `${process.env.PUBLIC_BASE_URL}/decisions/${taskToken}`,
    );
    return null;
  },
  requestChanges: async () => null,
  dailyRun: async (payload) => {
    dailyRuns.push({ payload, at: new Date().toISOString() });
    const db = new DynamoDBClient({});
    const item = await db.send(
      new GetItemCommand({
        TableName: process.env.TABLE_NAME,
        Key: { pk: { S: 'AN-1' }, sk: { S: 'app' } },
      }),
    );
    db.destroy();
    if (!item.Item) throw new Error('the application is missing');
    return null;
  },
  // The payment workflow's steps: this test drives only the review workflow.
  createGrant: async () => null,
  requestConfirmation: async () => null,
  awaitPayment: async () => null,
  endGrant: async () => null,
  staffSignIn: async () => ({ handled: true }),
  municipalityRequests: async () => ({ handled: 'skipped' }),
  notifyPaid: async () => null,
  mailEvents: async () => ({ outcomes: [] }),
  recordStop: async () => ({ recorded: true }),
};

const start = (fresh: boolean) =>
  startStack({
    dir,
    port: 0,
    fresh,
    template: () => fixtureTemplate(),
    loadHandler: async (key) => STAND_INS[key],
    // Its own DynamoDB Local, as `npm start` runs it (the other files share one).
    log: () => {},
  });

const get = async <T>(stack: RunningStack, route: string): Promise<T> =>
  (await (await fetch(`${stack.baseUrl}${route}`)).json()) as T;
const advance = (stack: RunningStack, to: string) =>
  fetch(`${stack.baseUrl}/_local/advance`, { method: 'POST', body: JSON.stringify({ to }) });

type Mail = { to: string[]; subject: string; text: string };
type Execution = { name: string; status: string; input: unknown; waitingAt: string[] };

let stack: RunningStack;
beforeAll(async () => {
  stack = await start(true);
}, 60_000);
afterAll(async () => {
  await stack?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the local stack', () => {
  it('routes HTTP requests to the web handler as API Gateway events', async () => {
    const response = await fetch(`${stack.baseUrl}/apply/alis-nord`);
    expect(await response.text()).toBe('GET /apply/{programme} {"programme":"alis-nord"}');
    expect((await fetch(`${stack.baseUrl}/nowhere`)).status).toBe(404);
  });

  it('runs the workflow through DynamoDB Local, SES and the local Step Functions', async () => {
    const response = await fetch(`${stack.baseUrl}/applications`, {
      method: 'POST',
      body: '{"applicationId":"AN-1"}',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(201);

    expect(await get<Execution[]>(stack, '/_local/executions')).toEqual([
      expect.objectContaining({
        name: 'AN-1',
        status: 'RUNNING',
        input: { applicationId: 'AN-1', programme: 'alis-nord' },
        waitingAt: ['Request review'],
      }),
    ]);
    const sent = await get<Mail[]>(stack, '/_local/mail');
    expect(sent.map((m) => m.subject)).toEqual(['AN-1: received', 'Vurder AN-1']);
    expect(sent[1]?.text).toMatch(new RegExp(`^${stack.baseUrl}/decisions/AQ`));
  });

  it('fires the daily schedule at 06:00 Oslo time with the clock set to it, and never goes back', async () => {
    const now = await get<{ now: string }>(stack, '/_local/clock');
    const tomorrow = new RealDate(Date.parse(now.now) + 86_400_000).toISOString().slice(0, 10);
    const target = `${tomorrow}T12:00:00Z`;
    const answer = (await (await advance(stack, target)).json()) as {
      now: string;
      fired: { at: string; schedule: string }[];
    };

    expect(answer.fired.length).toBeGreaterThanOrEqual(1);
    const last = answer.fired.at(-1)!;
    expect(last.schedule).toBe('DailySchedule');
    expect(
      new Intl.DateTimeFormat('nb-NO', {
        timeZone: 'Europe/Oslo',
        hour: '2-digit',
        minute: '2-digit',
      }).format(new RealDate(last.at)),
    ).toBe('06:00');
    const run = dailyRuns.at(-1)!;
    expect(run.payload).toEqual({ scheduledTime: last.at.replace('.000Z', 'Z') });
    expect(Date.parse(run.at) - Date.parse(last.at)).toBeLessThan(5000); // the handler saw the occurrence's time
    expect(Date.parse(answer.now)).toBeGreaterThanOrEqual(Date.parse(target));

    const back = await advance(stack, now.now);
    expect(back.status).toBe(400);
    expect(((await back.json()) as { message: string }).message).toMatch(/never goes back/);
  });

  it('keeps mail, executions, clock and task tokens across a restart', async () => {
    const clockBefore = Date.parse((await get<{ now: string }>(stack, '/_local/clock')).now);
    await stack.stop();
    expect(Date).toBe(RealDate);

    stack = await start(false);
    expect(
      Date.parse((await get<{ now: string }>(stack, '/_local/clock')).now),
    ).toBeGreaterThanOrEqual(clockBefore);
    const before = await get<Mail[]>(stack, '/_local/mail');
    expect(before.map((m) => m.subject)).toEqual(['AN-1: received', 'Vurder AN-1']);

    // The task token e-mailed before the restart still works. (Port 0 picks a new port on each
    // start, so the test takes the token from the link rather than the whole URL.)
    const token = before[1]!.text.split('/decisions/')[1]!;
    const decided = await fetch(`${stack.baseUrl}/decisions/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'decision=approve',
    });
    expect(decided.status).toBe(200);
    expect((await get<Execution[]>(stack, '/_local/executions'))[0]?.status).toBe('SUCCEEDED');
    expect((await get<Mail[]>(stack, '/_local/mail')).map((m) => m.subject)).toEqual([
      'AN-1: received',
      'Vurder AN-1',
      'AN-1: approved',
    ]);
  });
}, 60_000);
