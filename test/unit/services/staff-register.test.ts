// The staff registers against the table fake: seeded once and never over a change; a role given
// and taken with its audit event (who, when, old and new); the last lead kept; a removal ending
// the person's sessions at once; the sign-in step mailing whoever the register holds now.

import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, ValidationError } from '../../../shared/errors.js';
import { currentSession, sendSignInLink, signIn } from '../../../shared/services/staff-auth.js';
import {
  addStaff,
  removeStaff,
  staffRegister,
  staffWithRole,
} from '../../../shared/services/staff-register.js';
import { fakeTable } from '../../support/table-fake.js';

const ses = mockClient(SESv2Client);
const sfn = mockClient(SFNClient);
const NOW = new Date('2026-12-01T09:00:00Z');
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);
const LEAD = 'leder@alis-nord.example.no';

let table: Map<string, Record<string, any>>;

beforeEach(() => {
  table = fakeTable([], { applyTransactions: true });
  ses.reset();
  ses.on(SendEmailCommand).resolves({ MessageId: 'm' });
  sfn.reset();
  sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn' });
});

const register = () => table.get('REGISTER#alis-nord|STAFF')!;
const adminEvents = () =>
  [...table.entries()].filter(([k]) => k.startsWith('ADMIN#alis-nord|')).map(([, v]) => v);

async function sessionOf(address: string, at: Date): Promise<string> {
  await sendSignInLink(address, at);
  const text = ses.commandCalls(SendEmailCommand).at(-1)!.args[0].input.Content!.Simple!.Body!.Text!
    .Data!;
  const token = /\/staff\/signin\/([A-Za-z0-9_-]{43})/.exec(text)![1]!;
  return (await signIn(token, at)).sessionId;
}

describe('the register', () => {
  it('is seeded at its first read, and a later read does not write the seed over a change', async () => {
    expect(await staffWithRole('alis-nord', 'reviewer')).toEqual([
      'fagrad1@alis-nord.example.no',
      'fagrad2@alis-nord.example.no',
    ]);
    expect(register().version).toBe(1);
    await removeStaff(
      'alis-nord',
      { email: 'fagrad2@alis-nord.example.no', role: 'reviewer' },
      LEAD,
      NOW,
    );
    expect(await staffWithRole('alis-nord', 'reviewer')).toEqual(['fagrad1@alis-nord.example.no']);
    expect(register().version).toBe(2);
  });

  it('gives a role: the register and an audit event in one write, then a sign-in request', async () => {
    const result = await addStaff(
      'alis-nord',
      { email: ' Ny.Fagrad@Kommune.example.no ', role: 'reviewer' },
      LEAD,
      NOW,
    );
    expect(result).toMatchObject({ changed: true, roles: ['reviewer'] });
    expect(await staffWithRole('alis-nord', 'reviewer')).toContain('ny.fagrad@kommune.example.no');
    expect(adminEvents()).toEqual([
      expect.objectContaining({
        programme: 'alis-nord',
        subject: 'staff',
        type: 'staff-role-added',
        by: LEAD,
        at: NOW.toISOString(),
        old: { email: 'ny.fagrad@kommune.example.no', roles: [] },
        new: { email: 'ny.fagrad@kommune.example.no', roles: ['reviewer'] },
      }),
    ]);
    expect(
      sfn.commandCalls(StartExecutionCommand).map((c) => JSON.parse(c.args[0].input.input!)),
    ).toEqual([{ email: 'ny.fagrad@kommune.example.no' }]);
    // The same again changes nothing and logs nothing; the link is asked for again.
    await addStaff(
      'alis-nord',
      { email: 'ny.fagrad@kommune.example.no', role: 'reviewer' },
      LEAD,
      NOW,
    );
    expect(register().version).toBe(2);
    expect(adminEvents()).toHaveLength(1);
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(2);
  });

  it('keeps the last lead: 409, nothing written; with a second lead the first may go', async () => {
    await staffRegister('alis-nord');
    await expect(
      removeStaff('alis-nord', { email: LEAD, role: 'lead' }, LEAD, NOW),
    ).rejects.toSatisfy((e) => e instanceof ConflictError && e.errors[0]!.code === 'last-lead');
    expect(register().version).toBe(1);
    await addStaff('alis-nord', { email: 'ny.leder@kommune.example.no', role: 'lead' }, LEAD, NOW);
    await removeStaff(
      'alis-nord',
      { email: LEAD, role: 'lead' },
      'ny.leder@kommune.example.no',
      NOW,
    );
    expect(await staffWithRole('alis-nord', 'lead')).toEqual(['ny.leder@kommune.example.no']);
  });

  it('refuses a body that is not an address and a role, writing nothing', async () => {
    for (const body of [{}, { email: 'x', role: 'reviewer' }, { email: 'a@b.no', role: 'admin' }]) {
      await expect(addStaff('alis-nord', body, LEAD, NOW)).rejects.toBeInstanceOf(ValidationError);
    }
    expect(adminEvents()).toHaveLength(0);
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });
});

describe('sessions and sign-in follow the register', () => {
  it("a removal ends the person's session at once; they may sign in again with the roles they keep", async () => {
    await addStaff(
      'alis-nord',
      { email: 'fagrad1@alis-nord.example.no', role: 'finance' },
      LEAD,
      NOW,
    );
    const sessionId = await sessionOf('fagrad1@alis-nord.example.no', minutes(1));
    expect((await currentSession(sessionId, minutes(2)))!.roles).toEqual({
      'alis-nord': ['reviewer', 'finance'],
    });
    await removeStaff(
      'alis-nord',
      { email: 'fagrad1@alis-nord.example.no', role: 'reviewer' },
      LEAD,
      minutes(3),
    );
    expect(await currentSession(sessionId, minutes(4))).toBeUndefined();
    const again = await sessionOf('fagrad1@alis-nord.example.no', minutes(5));
    expect((await currentSession(again, minutes(6)))!.roles).toEqual({ 'alis-nord': ['finance'] });
  });

  it('mails a sign-in link to a person added, and to nobody removed', async () => {
    await addStaff('alis-nord', { email: 'ny@kommune.example.no', role: 'finance' }, LEAD, NOW);
    await sendSignInLink('ny@kommune.example.no', minutes(1));
    await removeStaff(
      'alis-nord',
      { email: 'fagrad2@alis-nord.example.no', role: 'reviewer' },
      LEAD,
      NOW,
    );
    await sendSignInLink('fagrad2@alis-nord.example.no', minutes(1));
    expect(
      ses.commandCalls(SendEmailCommand).map((c) => c.args[0].input.Destination!.ToAddresses),
    ).toEqual([['ny@kommune.example.no']]);
  });
});
