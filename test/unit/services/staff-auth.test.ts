// Staff sign-in against the table fake: a link only for configured addresses, one a minute; the
// link stored hashed, spent once with the session in one transaction, refused when expired; the
// session stored hashed, ended by sign-out and by its expiry; the programmes from configuration.

import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { PROGRAMME_IDS } from '../../../shared/domain/programmes.js';
import { seedRegister } from '../../../shared/domain/staff-seed.js';
import { ConflictError, GoneError, NotFoundError } from '../../../shared/errors.js';
import { hashToken } from '../../../shared/links.js';
import {
  currentSession,
  openSignInLink,
  requestSignIn,
  sendSignInLink,
  signIn,
  signOut,
} from '../../../shared/services/staff-auth.js';
import { dynamo, fakeTable } from '../../support/table-fake.js';

const ses = mockClient(SESv2Client);
const NOW = new Date('2026-12-01T09:00:00Z');
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);

let table: Map<string, Record<string, any>>;

beforeEach(() => {
  table = fakeTable([], { applyTransactions: true });
  ses.reset();
  ses.on(SendEmailCommand).resolves({ MessageId: 'm' });
});

function sentTokens(): string[] {
  return ses.commandCalls(SendEmailCommand).map((call) => {
    const text = call.args[0].input.Content!.Simple!.Body!.Text!.Data!;
    return /\/staff\/signin\/([A-Za-z0-9_-]{43})/.exec(text)![1]!;
  });
}

describe('the seed of the staff registers', () => {
  it('is the lead, the reviewers and finance of each programme, eight people in all', () => {
    expect(seedRegister('alis-nord').members).toEqual([
      { email: 'fagrad1@alis-nord.example.no', roles: ['reviewer'] },
      { email: 'fagrad2@alis-nord.example.no', roles: ['reviewer'] },
      { email: 'leder@alis-nord.example.no', roles: ['lead'] },
      { email: 'okonomi@alis-nord.example.no', roles: ['finance'] },
    ]);
    expect(PROGRAMME_IDS.flatMap((p) => seedRegister(p).members)).toHaveLength(8);
  });
});

describe('a sign-in request from the login page', () => {
  const sfn = mockClient(SFNClient);

  it('is handed to its step for any address, without reading the register or mailing', async () => {
    sfn.reset();
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn' });
    for (const address of [' Leder@ALIS-Nord.example.no ', 'kontakt@kommune.example.no']) {
      await requestSignIn(address);
    }
    expect(
      sfn.commandCalls(StartExecutionCommand).map((c) => JSON.parse(c.args[0].input.input!)),
    ).toEqual([{ email: 'leder@alis-nord.example.no' }, { email: 'kontakt@kommune.example.no' }]);
    const [first, second] = sfn.commandCalls(StartExecutionCommand).map((c) => c.args[0].input);
    expect(first!.stateMachineArn).toBe(process.env.SIGN_IN_STATE_MACHINE_ARN);
    expect(first!.name).not.toBe(second!.name);
    expect(dynamo.calls()).toHaveLength(0);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });
});

describe('the sign-in step', () => {
  it('mails a configured address a link stored only as its hash, for 15 minutes', async () => {
    await sendSignInLink('Leder@alis-nord.example.no', NOW);
    const [token] = sentTokens();
    expect(ses.commandCalls(SendEmailCommand)[0]!.args[0].input.Destination!.ToAddresses).toEqual([
      'leder@alis-nord.example.no',
    ]);
    const link = table.get(`LINK#${hashToken(token!)}|LINK`)!;
    expect(link).toMatchObject({
      purpose: 'staff-signin',
      holder: 'leder@alis-nord.example.no',
      expiresAt: minutes(15).toISOString(),
    });
    expect(JSON.stringify([...table.values()])).not.toContain(token);
  });

  it('mails nobody else, and keeps only the hash of their address (the minute claim)', async () => {
    await sendSignInLink('kontakt@kommune.example.no', NOW);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
    // The only puts are the registers' seeds, written the first time they are read.
    expect(dynamo.commandCalls(PutCommand).map((c) => c.args[0].input.Item!.pk as string)).toEqual([
      'REGISTER#alis-nord',
      'REGISTER#alis-vest',
    ]);
    expect([...table.keys()].filter((k) => !k.startsWith('REGISTER#'))).toEqual([
      `STAFF#${hashToken('kontakt@kommune.example.no')}|SIGNIN`,
    ]);
    expect(JSON.stringify([...table.values()])).not.toContain('kommune.example.no');
  });

  it('sends at most one link a minute to an address', async () => {
    await sendSignInLink('leder@alis-nord.example.no', NOW);
    await sendSignInLink('leder@alis-nord.example.no', minutes(0.5));
    expect(sentTokens()).toHaveLength(1);
    // A minute later it may have another: test/integration/staff.test.ts signs in again so.
  });
});

describe('signing in', () => {
  async function freshToken(): Promise<string> {
    await sendSignInLink('fagrad1@alis-vest.example.no', NOW);
    return sentTokens().at(-1)!;
  }

  it('opens a session once: the link is spent with it, a second use is refused', async () => {
    const token = await freshToken();
    await openSignInLink(token, minutes(1));
    await openSignInLink(token, minutes(1));
    const { sessionId, expiresAt } = await signIn(token, minutes(2));
    expect(expiresAt.toISOString()).toBe(minutes(2 + 8 * 60).toISOString());
    const session = await currentSession(sessionId, minutes(3));
    expect(session).toMatchObject({
      email: 'fagrad1@alis-vest.example.no',
      programmes: ['alis-vest'],
      roles: { 'alis-vest': ['reviewer'] },
    });
    expect(session!.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(table.has(`SESSION#${hashToken(sessionId)}|SESSION`)).toBe(true);
    expect(JSON.stringify([...table.values()])).not.toContain(sessionId);
    await expect(signIn(token, minutes(3))).rejects.toBeInstanceOf(ConflictError);
    await expect(openSignInLink(token, minutes(3))).rejects.toBeInstanceOf(ConflictError);
  });

  it('refuses an expired link, and unknown or malformed ones', async () => {
    const token = await freshToken();
    await expect(signIn(token, minutes(15))).rejects.toBeInstanceOf(GoneError);
    await expect(openSignInLink(token, minutes(16))).rejects.toBeInstanceOf(GoneError);
    await expect(signIn('A'.repeat(43), NOW)).rejects.toBeInstanceOf(NotFoundError);
    await expect(signIn('../../x', NOW)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('a session ends at sign-out and after 8 hours; a made-up id is no session', async () => {
    const { sessionId } = await signIn(await freshToken(), minutes(1));
    expect(await currentSession(sessionId, minutes(1 + 8 * 60 - 1))).toBeDefined();
    expect(await currentSession(sessionId, minutes(1 + 8 * 60))).toBeUndefined();
    await signOut(sessionId, minutes(5));
    expect(await currentSession(sessionId, minutes(6))).toBeUndefined();
    expect(await currentSession('B'.repeat(43), NOW)).toBeUndefined();
    expect(await currentSession('kort', NOW)).toBeUndefined();
  });
});
