// What the finance notification tests share: grants with instalments in the table fake, the
// byDue index's ready partition answered from it, SES and Step Functions mocked, every e-mail to
// finance kept with its CSV, and a crash switch: the process stops before its n-th write from now
// (a DynamoDB write or an e-mail taken by SES), as a kill -9 would stop it between two writes.

import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import {
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { onTestFinished } from 'vitest';
import { documentClient } from '../../../shared/store/document-client.js';
import { keys, readyAttributes } from '../../../shared/store/items.js';
import { dynamo, fakeTable, type FakeItem } from '../../support/table-fake.js';

export const PROGRAMME = 'alis-nord';
export const FINANCE = 'okonomi@alis-nord.example.no';

export class Crash extends Error {
  override name = 'Crash';
}

export interface FinanceMail {
  notificationId: string;
  subject: string;
  csv: string;
  /** The payment link's token. */
  token: string;
}

export interface Finance {
  table: Map<string, FakeItem>;
  /** Every e-mail to finance SES took, oldest first. */
  mails: FinanceMail[];
  /** From now on, the n-th write (0: the next one) and every one after it crashes. */
  crashBefore(n: number): void;
  /** No crash from now on. */
  recover(): void;
  /** How many writes happened (DynamoDB writes and e-mails), for choosing crash points. */
  writes(): number;
  /** Makes an instalment ready for finance, due at `dueAt` (what "Await payment" does). */
  makeReady(applicationId: string, year: number, dueAt: Date): void;
  notification(notificationId: string): FakeItem | undefined;
  instalment(applicationId: string, year: number): FakeItem;
}

const ses = mockClient(SESv2Client);
const sfn = mockClient(SFNClient);

export function applicationId(n: number): string {
  return `AN-2026-${String(n)
    .padStart(8, 'A')
    .replace(/\d/g, (d) => 'BCDEFGHJKM'[Number(d)]!)}`;
}

/** A grant of `years` years and its SCHEDULED instalments. */
export function grantItems(id: string, n: number, years = 2): FakeItem[] {
  return [
    {
      ...keys.grant(id),
      applicationId: id,
      programme: PROGRAMME,
      municipality: {
        number: '5601',
        name: `Kommune ${n}`,
        organisationNumber: `9${n}`.padEnd(9, '0'),
      },
      startDate: '2027-01-01',
      years,
      status: 'ACTIVE',
    },
    ...Array.from({ length: years }, (_, i) => ({
      ...keys.instalment({ applicationId: id, position: 1, year: i + 1 }),
      applicationId: id,
      programme: PROGRAMME,
      year: i + 1,
      years,
      dueDate: `${2027 + i}-01-01`,
      grant: 200_000 + n,
      egenandel: n,
      net: 200_000,
      status: 'SCHEDULED',
      updatedAt: '2026-12-01T00:00:00.000Z',
    })),
  ];
}

export function financeWorld(items: FakeItem[]): Finance {
  const table = fakeTable(items, { applyTransactions: true });
  // The one query these services make: the ready partition of the byDue index, below a bound.
  dynamo.on(QueryCommand).callsFake((input) => {
    if (
      input.IndexName !== 'byDue' ||
      input.KeyConditionExpression !== 'gsi1pk = :partition AND gsi1sk < :below'
    ) {
      throw new Error(`The finance fake does not model the query ${input.KeyConditionExpression}`);
    }
    const values = input.ExpressionAttributeValues;
    const found = [...table.values()]
      .filter((item) => item.gsi1pk === values[':partition'] && item.gsi1sk < values[':below'])
      .sort((a, b) => (a.gsi1sk < b.gsi1sk ? -1 : 1));
    return { Items: structuredClone(found) };
  });

  let left = Number.POSITIVE_INFINITY;
  let writes = 0;
  const write = () => {
    if (left <= 0) throw new Crash('The process stopped here');
    left--;
    writes++;
  };
  const mails: FinanceMail[] = [];
  ses.reset();
  ses.on(SendEmailCommand).callsFake((input) => {
    write();
    const simple = input.Content.Simple;
    const subject: string = simple.Subject.Data;
    const attachment = simple.Attachments?.[0];
    if (!attachment) return { MessageId: 'other' };
    mails.push({
      notificationId: /Utbetalingsvarsel (\S+):/.exec(subject)?.[1] ?? '',
      subject,
      csv: Buffer.from(attachment.RawContent).toString('utf8'),
      token: /\/payments\/([A-Za-z0-9_-]+)/.exec(simple.Body.Text.Data)?.[1] ?? '',
    });
    return { MessageId: `m${mails.length}` };
  });
  sfn.reset();
  sfn.onAnyCommand().resolves({});

  const writeCommands = [
    PutCommand,
    UpdateCommand,
    TransactWriteCommand,
    DeleteCommand,
    BatchWriteCommand,
  ];
  // Every call of the store goes through this one client; the fake answers on its prototype.
  const send = DynamoDBDocumentClient.prototype.send as (...args: unknown[]) => Promise<unknown>;
  documentClient.send = ((command: unknown, ...rest: unknown[]) => {
    if (writeCommands.some((kind) => command instanceof kind)) write();
    return send.call(documentClient, command, ...rest);
  }) as typeof documentClient.send;
  // The client outlives this file where unit files share a module graph (vitest.config.ts): the
  // counting send (and its crash) goes with the test.
  onTestFinished(() => {
    delete (documentClient as { send?: unknown }).send;
  });

  return {
    table,
    mails,
    crashBefore: (n) => {
      left = n;
    },
    recover: () => {
      left = Number.POSITIVE_INFINITY;
    },
    writes: () => writes,
    makeReady(id, year, dueAt) {
      const key = keys.instalment({ applicationId: id, position: 1, year: year });
      const item = table.get(`${key.pk}|${key.sk}`)!;
      if (item.status !== 'SCHEDULED') return;
      Object.assign(item, {
        status: 'READY',
        taskToken: `token-${id}-${year}`,
        timerStage: 'ready',
        ...readyAttributes(PROGRAMME, dueAt, key),
      });
    },
    notification: (id) => {
      const key = keys.financeNotification(id);
      return table.get(`${key.pk}|${key.sk}`);
    },
    instalment: (id, year) => {
      const key = keys.instalment({ applicationId: id, position: 1, year: year });
      return table.get(`${key.pk}|${key.sk}`)!;
    },
  };
}

/** The stored notifications, by id. */
export function notifications(table: Map<string, FakeItem>): FakeItem[] {
  return [...table.values()].filter((item) => item.sk === 'NOTIFICATION');
}
