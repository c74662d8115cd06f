// History written directly, as a long-running stack would have it: applications in DynamoDB Local,
// e-mails and finished executions in the stack's files, reviews waiting for their reminder, and
// grants whose next year's payment workflow is to start.
// Seeding goes around the API, so no per-municipality daily limit applies.

import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BatchWriteItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';

import { PROGRAMMES } from '../../shared/domain/programmes.js';
import {
  keys,
  timerAttributes,
  type GrantItem,
  type InstalmentItem,
} from '../../shared/store/items.js';
import { submissionItems } from './applications.js';
import { dynamoClient } from './stack.js';

async function writeAll(endpoint: string, table: string, items: object[]): Promise<void> {
  const client = dynamoClient(endpoint);
  const batches: object[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  const worker = async () => {
    for (let batch = batches.shift(); batch; batch = batches.shift()) {
      let requests = batch.map((item) => ({
        PutRequest: { Item: marshall(item, { removeUndefinedValues: true }) },
      }));
      while (requests.length) {
        const answer = await client.send(
          new BatchWriteItemCommand({ RequestItems: { [table]: requests } }),
        );
        requests = (answer.UnprocessedItems?.[table] ?? []) as typeof requests;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: 4 }, worker));
  } finally {
    client.destroy();
  }
}

/** `count` submitted applications, each with its audit event and idempotency record. */
export async function seedApplications(endpoint: string, table: string, count: number) {
  const items: object[] = [];
  for (let n = 0; n < count; n++) items.push(...submissionItems(n));
  await writeAll(endpoint, table, items);
}

/** `count` e-mails of a receipt's size, appended to the stack's mail file (stack stopped). */
export function seedMail(dir: string, count: number): void {
  const body = 'Vi har mottatt søknaden. '.repeat(60);
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    lines.push(
      JSON.stringify({
        messageId: `seed-${i}`,
        from: 'ALIS lokalt <no-reply@alis.example.no>',
        replyTo: [],
        destination: { to: [`seed${i}@kommune.example.no`], cc: [], bcc: [] },
        subject: `Søknad mottatt (seed ${i})`,
        body: { text: body, html: `<p>${body}</p>` },
        attachments: [],
        at: Math.floor(Date.now() / 1000) - count + i,
      }),
    );
  }
  fs.appendFileSync(path.join(dir, 'mail.jsonl'), `${lines.join('\n')}\n`);
}

/** `count` finished executions in the stack's executions file (stack stopped). */
export function seedExecutions(dir: string, stateMachineArn: string, count: number): void {
  const lines: string[] = [];
  const at = Date.now() - 86_400_000;
  for (let i = 0; i < count; i++) {
    const name = `AN-2026-SEED${String(i).padStart(6, '0')}`;
    lines.push(
      JSON.stringify({
        executionArn: `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`,
        stateMachineArn,
        name,
        input: JSON.stringify({ applicationId: name, programme: 'alis-nord' }),
        status: 'SUCCEEDED',
        startDate: at + i,
        stopDate: at + i + 1000,
        output: '{}',
        journal: [],
      }),
    );
  }
  const file = path.join(dir, 'executions', 'executions.jsonl');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.appendFileSync(file, `${lines.join('\n')}\n`);
}

/**
 * Applications in review with their open review round: `due` of them with the reminder due at
 * `dueAt`, `notDue` with it far later. What the daily run finds through the byDue index.
 */
export async function seedWaitingReviews(
  endpoint: string,
  table: string,
  counts: { due: number; notDue: number },
  dueAt: Date,
  notDueAt: Date,
): Promise<void> {
  const items: object[] = [];
  const requestedAt = new Date(dueAt.getTime() - 7 * 86_400_000);
  const total = counts.due + counts.notDue;
  for (let n = 0; n < total; n++) {
    const [application] = submissionItems(n, requestedAt);
    const programme = PROGRAMMES[application.programme];
    const round = keys.reviewRound(application.applicationId, 1);
    items.push(
      { ...application, status: 'IN_REVIEW', reviewRound: 1 },
      {
        ...round,
        applicationId: application.applicationId,
        round: 1,
        taskToken: `AQ${randomBytes(96).toString('base64url')}`,
        status: 'OPEN',
        requestedAt: requestedAt.toISOString(),
        windowStart: requestedAt.toISOString(),
        windowEnd: new Date(requestedAt.getTime() + 30 * 86_400_000).toISOString(),
        reviewers: [...programme.people.reviewers],
        notified: [...programme.people.reviewers],
        timerStage: 'reminder',
        ...timerAttributes(n < counts.due ? dueAt : notDueAt, round),
      },
    );
  }
  await writeAll(endpoint, table, items);
}

/**
 * Active ALIS grants in their second year: the grant, its application and year 2's instalment,
 * whose "start" timer (the year's payment workflow, 30 days before the due date) is due at `dueAt`
 * for `due` of them and far later for the others. What the daily run finds through the byDue
 * index and starts an AnnualPayment execution for (which asks the municipality to confirm). Of
 * those not due only the instalment is written: it is what the index holds, and the run never
 * reads the grant or application of an item that is not due (a third of the writes at 100 000).
 */
export async function seedDueInstalments(
  endpoint: string,
  table: string,
  counts: { due: number; notDue: number },
  dueAt: Date,
  notDueAt: Date,
): Promise<void> {
  const items: object[] = [];
  const total = counts.due + counts.notDue;
  for (let n = 0; n < total; n++) {
    const startAt = n < counts.due ? dueAt : notDueAt;
    // Due 30 days after its workflow starts; the grant began a year before that.
    const dueDate = new Date(startAt.getTime() + 30 * 86_400_000).toISOString().slice(0, 10);
    const startDate = `${Number(dueDate.slice(0, 4)) - 1}${dueDate.slice(4)}`;
    const decidedAt = new Date(Date.parse(startDate) - 20 * 86_400_000);
    const [submitted] = submissionItems(n, decidedAt);
    const application = submitted.application as {
      municipality: { municipalityNumber: string; name: string; organisationNumber: string };
      contact: { email: string };
      employmentModel: GrantItem['employmentModel'];
    };
    const id = submitted.applicationId;
    const programme = PROGRAMMES[submitted.programme];
    const yearly = programme.grantPerPositionPerYear;
    const egenandel = programme.municipalSharePerPositionPerYear;
    const grant: GrantItem = {
      ...keys.grant(id),
      applicationId: id,
      programme: submitted.programme,
      roundId: submitted.roundId,
      municipality: {
        number: application.municipality.municipalityNumber,
        name: application.municipality.name,
        organisationNumber: application.municipality.organisationNumber,
      },
      contactEmail: application.contact.email,
      positions: 1,
      employmentModel: application.employmentModel,
      yearlyAmountPerPosition: yearly,
      egenandelPerPosition: egenandel,
      startDate,
      years: 5,
      status: 'ACTIVE',
      createdAt: decidedAt.toISOString(),
    };
    const key = keys.instalment({ applicationId: id, position: 1, year: 2 });
    const instalment: InstalmentItem = {
      ...key,
      applicationId: id,
      programme: submitted.programme,
      position: 1,
      year: 2,
      years: 5,
      dueDate,
      grant: yearly,
      egenandel,
      net: yearly - egenandel,
      status: 'SCHEDULED',
      updatedAt: decidedAt.toISOString(),
      timerStage: 'start',
      ...timerAttributes(startAt, key),
    };
    if (n < counts.due) items.push({ ...submitted, status: 'APPROVED' }, grant, instalment);
    else items.push(instalment);
  }
  await writeAll(endpoint, table, items);
}
