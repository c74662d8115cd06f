import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { BatchGetCommand, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ConflictError,
  ContactBlockedError,
  TooManyRequestsError,
  ValidationError,
} from '../../../shared/errors.js';
import { validateApplication } from '../../../shared/domain/application.js';
import { hashToken } from '../../../shared/links.js';
import { addressHashOf } from '../../../shared/services/contacts.js';
import { submitApplication } from '../../../shared/services/submission.js';
import nord from '../../fixtures/application-alis-nord.json';
import { answerReads, dynamo, fakeTable } from '../../support/table-fake.js';

const sfn = mockClient(SFNClient);
const OPEN = new Date('2026-12-01T10:00:00Z');
/** A repeat is recognised by the application as validated, not by the body's bytes. */
const validatedNord = validateApplication(nord);
const NORD_HASH = hashToken(JSON.stringify(validatedNord.ok && validatedNord.application));

beforeEach(() => {
  fakeTable();
  sfn.reset();
  sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:exec' });
});
afterEach(() => vi.restoreAllMocks());

const changingTable = answerReads;

const CONTACT_KEY = {
  pk: `CONTACT#alis-nord#${addressHashOf(nord.contact.email)}`,
  sk: 'CONTACT',
};
/** The fixture's contact address, confirmed for ALIS-Nord before: straight to review. */
const confirmedContact = () => ({ ...CONTACT_KEY, confirmedAt: '2026-11-01T10:00:00.000Z' });

/** A first submission with key-1 of the NORD fixture, and its application. */
function earlierSubmission() {
  return [
    {
      pk: `IDEMPOTENCY#${hashToken('submission:key-1')}`,
      sk: 'IDEMPOTENCY',
      applicationId: 'AN-2026-AAAAAAAA',
      requestHash: NORD_HASH,
    },
    storedApplication('AN-2026-AAAAAAAA'),
  ];
}

function storedApplication(applicationId: string) {
  return {
    pk: `APP#${applicationId}`,
    sk: 'APPLICATION',
    applicationId,
    programme: 'alis-nord',
    statusSecret: 'secret123',
  };
}

describe('submitApplication', () => {
  it('writes the application, its audit event and the idempotency record in one transaction, then starts the review named after it', async () => {
    fakeTable([confirmedContact()]);
    const result = await submitApplication(nord, 'key-1', OPEN);

    expect(result).toMatchObject({ status: 'SUBMITTED', created: true });
    expect(result.applicationId).toMatch(/^AN-2026-[0-9A-Z]{8}$/);
    const writes = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    const secret = writes[0]!.Put!.Item!.statusSecret as string;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(result.statusToken).toBe(`${result.applicationId}.${secret}`);
    expect(writes.map((w) => (w.Put?.Item ?? w.Update?.Key)?.sk.split('#')[0])).toEqual([
      'APPLICATION',
      'EVENT',
      'IDEMPOTENCY',
      // The receipt is owed from this commit on, whatever becomes of the workflow.
      'NOTICE',
      // Counted per municipality and Oslo day.
      'DAY',
      // What its organisation number and contact address find again (/find).
      'FOUND',
    ]);
    expect([writes[0], writes[2]].map((w) => w!.Put!.ConditionExpression)).toEqual([
      'attribute_not_exists(pk)',
      'attribute_not_exists(pk)',
    ]);
    expect(writes[0]!.Put!.Item).toMatchObject({
      status: 'SUBMITTED',
      roundId: 'alis-nord-2027',
      municipalityNumber: '5607',
      version: 1,
    });
    // Should the start below fail for good, the daily run starts the review after an hour.
    expect(writes[0]!.Put!.Item).toMatchObject({
      timerStage: 'start',
      gsi1pk: 'TIMER',
      gsi1sk: expect.stringMatching(/^2026-12-01T11:00:00.000Z#APP#/),
    });
    expect(sfn).toHaveReceivedCommandWith(StartExecutionCommand, {
      name: result.applicationId,
      input: JSON.stringify({ applicationId: result.applicationId, programme: 'alis-nord' }),
    });
  });

  it('answers a repeat with the same Idempotency-Key with the first application, writing nothing, and completes its start', async () => {
    fakeTable(earlierSubmission());
    sfn
      .on(StartExecutionCommand)
      .rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));

    const result = await submitApplication(nord, 'key-1', OPEN);

    expect(result).toMatchObject({ applicationId: 'AN-2026-AAAAAAAA', created: false });
    expect(dynamo).not.toHaveReceivedCommand(TransactWriteCommand);
    expect(sfn).toHaveReceivedCommandTimes(StartExecutionCommand, 1);
  });

  it('reads the programme as it runs, then once before it writes: the capacity counters and the key’s record in one BatchGetItem', async () => {
    await submitApplication(nord, 'key-1', OPEN);
    expect(dynamo).toHaveReceivedCommandTimes(BatchGetCommand, 1);
    expect(dynamo).toHaveReceivedCommandTimes(GetCommand, 1);
    expect(dynamo).toHaveReceivedCommandWith(GetCommand, {
      Key: { pk: 'SETTINGS#alis-nord', sk: 'SETTINGS' },
    });
    const asked = Object.values(
      dynamo.commandCalls(BatchGetCommand)[0]!.args[0].input.RequestItems!,
    )[0]!.Keys!;
    expect(asked.map((key) => key.pk)).toEqual([
      'ROUND#alis-nord-2027',
      expect.stringMatching(/^ROUND#alis-nord-2027/),
      CONTACT_KEY.pk,
      `IDEMPOTENCY#${hashToken('submission:key-1')}`,
    ]);
  });

  it('answers a repeat with its first application after the round has closed', async () => {
    fakeTable(earlierSubmission());
    const closed = new Date('2027-06-01T10:00:00Z');
    await expect(submitApplication(nord, 'key-1', closed)).resolves.toMatchObject({
      applicationId: 'AN-2026-AAAAAAAA',
      created: false,
    });
    await expect(submitApplication(nord, 'key-2', closed)).rejects.toBeInstanceOf(ConflictError);
  });

  it('refuses a repeated Idempotency-Key with another body, revealing nothing of the first application', async () => {
    fakeTable(earlierSubmission());

    const another = { ...nord, recruitmentSituation: 'En annen søknad med samme nøkkel.' };
    const error = await submitApplication(another, 'key-1', OPEN).catch((e) => e);

    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).errors[0]).toMatchObject({ code: 'idempotency-key-reused' });
    expect(JSON.stringify((error as ConflictError).errors)).not.toContain('AN-2026-AAAAAAAA');
    expect(sfn).not.toHaveReceivedCommand(StartExecutionCommand);
  });

  it('refuses more positions than the round has left, and a full round', async () => {
    fakeTable([{ pk: 'ROUND#alis-nord-2027', sk: 'CAPACITY', approvedPositions: 19 }]);
    const two = await submitApplication({ ...nord, positionsRequested: 2 }, undefined, OPEN).catch(
      (e) => e,
    );
    expect((two as ConflictError).errors[0]).toMatchObject({
      path: 'positionsRequested',
      code: 'round-full',
      message: expect.stringContaining('Bare 1 av 20'),
    });
    await expect(
      submitApplication({ ...nord, positionsRequested: 1 }, undefined, OPEN),
    ).resolves.toMatchObject({ created: true });

    fakeTable([{ pk: 'ROUND#alis-nord-2027', sk: 'CAPACITY', approvedPositions: 20 }]);
    const full = await submitApplication(nord, undefined, OPEN).catch((e) => e);
    expect((full as ConflictError).errors[0]).toMatchObject({
      path: 'programme',
      code: 'round-full',
    });
  });

  it('returns the winner when a concurrent request with the same key commits first', async () => {
    const table = fakeTable([], { applyTransactions: true });
    const winner = [
      {
        pk: `IDEMPOTENCY#${hashToken('submission:key-2')}`,
        sk: 'IDEMPOTENCY',
        applicationId: 'AN-2026-BBBBBBBB',
        requestHash: NORD_HASH,
      },
      storedApplication('AN-2026-BBBBBBBB'),
    ];
    // The other request's transaction commits right after this one found the key unused: the
    // table then holds what it wrote, and this one's idempotency condition meets it.
    let raced: [string, unknown][] | undefined;
    changingTable((pk, sk) => {
      const item = structuredClone(table.get(`${pk}|${sk}`));
      if (pk.startsWith('IDEMPOTENCY#') && !raced) {
        for (const written of winner) table.set(`${written.pk}|${written.sk}`, written);
        raced = structuredClone([...table.entries()]);
      }
      return item;
    });

    const result = await submitApplication(nord, 'key-2', OPEN);

    expect(result).toMatchObject({ applicationId: 'AN-2026-BBBBBBBB', created: false });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
    // Refused whole: nothing of this request was written; only the winner's review is started.
    expect([...table.entries()]).toEqual(raced);
    expect(sfn.commandCalls(StartExecutionCommand).map((call) => call.args[0].input.name)).toEqual([
      'AN-2026-BBBBBBBB',
    ]);
  });

  it('refuses invalid input with every field error and writes nothing', async () => {
    const error = await submitApplication(
      {
        ...nord,
        supervisor: { ...nord.supervisor, hoursPerMonth: 1 },
        practice: { ...nord.practice, doctors: [] },
      },
      undefined,
      OPEN,
    ).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors.map((e) => e.code)).toEqual([
      'solo-practice',
      'supervision-hours',
    ]);
    expect(dynamo).not.toHaveReceivedCommand(TransactWriteCommand);
    expect(sfn).not.toHaveReceivedCommand(StartExecutionCommand);
  });

  it('refuses an application when the programme has no open round', async () => {
    const error = await submitApplication(nord, undefined, new Date('2025-06-01T10:00:00Z')).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).errors[0]).toMatchObject({
      path: 'programme',
      code: 'round-closed',
    });
  });

  it('refuses a municipality that already holds its cap of positions', async () => {
    fakeTable([{ pk: 'ROUND#alis-nord-2027', sk: 'MUNICIPALITY#5607', approvedPositions: 2 }]);
    const error = await submitApplication(nord, undefined, OPEN).catch((e) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).errors[0]).toMatchObject({
      path: 'positionsRequested',
      code: 'municipality-cap',
    });
    expect(dynamo).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it('answers 201 when starting the workflow fails after the write, leaving the start to the daily run', async () => {
    fakeTable([confirmedContact()]);
    sfn
      .on(StartExecutionCommand)
      .rejects(Object.assign(new Error('unavailable'), { name: 'ServiceUnavailable' }));

    const result = await submitApplication(nord, 'key-1', OPEN);

    expect(result).toMatchObject({ status: 'SUBMITTED', created: true });
    const writes = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(writes[0]!.Put!.Item).toMatchObject({ timerStage: 'start', gsi1pk: 'TIMER' });
  });

  it('takes at most 3 new applications per municipality and Oslo day, then 429 until Oslo midnight', async () => {
    const table = fakeTable([confirmedContact()], { applyTransactions: true });
    const late = new Date('2026-12-01T22:30:00Z'); // 23:30 in Oslo
    for (let i = 0; i < 3; i++)
      await expect(submitApplication(nord, `key-${i}`, late)).resolves.toMatchObject({
        created: true,
      });

    const refused = await submitApplication(nord, 'key-3', late).catch((e) => e);

    expect(refused).toBeInstanceOf(TooManyRequestsError);
    expect(refused).toMatchObject({
      retryAfterSeconds: 30 * 60,
      errors: [{ path: 'municipality.municipalityNumber', code: 'too-many-today' }],
    });
    // Nothing of the refused request is stored: three applications, three receipts, one counter.
    const applications = [...table.values()].filter((item) => item.sk === 'APPLICATION');
    expect(applications).toHaveLength(3);
    expect(table.get('SUBMISSIONS#5607|DAY#2026-12-01')).toMatchObject({ submissions: 3 });
    expect(table.has(`IDEMPOTENCY#${hashToken('submission:key-3')}|IDEMPOTENCY`)).toBe(false);
    expect(sfn).toHaveReceivedCommandTimes(StartExecutionCommand, 3);

    // A new Oslo day (midnight is 23:00 UTC in winter) takes applications again.
    await expect(
      submitApplication(nord, 'key-4', new Date('2026-12-01T23:00:00Z')),
    ).resolves.toMatchObject({ created: true });
  });

  describe('an address that has not confirmed for the programme', () => {
    it('waits for the contact: AWAITING_CONTACT, the wait with its expiry timer, counted for the address, the municipality only checked', async () => {
      const result = await submitApplication(nord, 'key-1', OPEN);

      expect(result).toMatchObject({ status: 'AWAITING_CONTACT', created: true });
      const writes = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
      const byKind = (sk: string) =>
        writes.find((w) => (w.Put?.Item ?? w.Update?.Key ?? w.ConditionCheck?.Key)?.sk === sk);
      expect(writes[0]!.Put!.Item).toMatchObject({
        status: 'AWAITING_CONTACT',
        contactConfirmation: 'required',
      });
      // The municipality's day is only checked: a stranger's application does not fill it.
      expect(byKind('DAY#2026-12-01')?.ConditionCheck?.Key).toEqual({
        pk: 'SUBMISSIONS#5607',
        sk: 'DAY#2026-12-01',
      });
      const address = writes.find((w) => w.Update?.Key?.pk.startsWith('SUBMISSIONS#ADDRESS#'));
      expect(address?.Update?.Key).toEqual({
        pk: `SUBMISSIONS#ADDRESS#${addressHashOf(nord.contact.email)}`,
        sk: 'DAY#2026-12-01',
      });
      // Withdrawn unless confirmed by the end of the seventh Oslo day after the submission's.
      expect(byKind('VERIFY')?.Put?.Item).toMatchObject({
        status: 'OPEN',
        addressHash: addressHashOf(nord.contact.email),
        deadline: '2026-12-07T23:00:00.000Z',
        timerStage: 'expire',
        gsi1sk: expect.stringMatching(/^2026-12-07T23:00:00.000Z#APP#AN-2026-/),
      });
      // The address is kept as its hash only, outside the application itself.
      expect(JSON.stringify([byKind('VERIFY'), address])).not.toContain(nord.contact.email);
    });

    it('answers a repeat with AWAITING_CONTACT, as the first answer said', async () => {
      fakeTable([
        ...earlierSubmission().map((item) =>
          item.sk === 'APPLICATION'
            ? { ...item, status: 'IN_REVIEW', contactConfirmation: 'required' }
            : item,
        ),
      ]);
      sfn
        .on(StartExecutionCommand)
        .rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));
      await expect(submitApplication(nord, 'key-1', OPEN)).resolves.toMatchObject({
        status: 'AWAITING_CONTACT',
        created: false,
      });
    });

    it('sends at most 3 receipts a day to it, then 429 too-many-for-address until Oslo midnight', async () => {
      const table = fakeTable([], { applyTransactions: true });
      const late = new Date('2026-12-01T22:00:00Z'); // 23:00 in Oslo
      // The municipality's limit would not stop the fourth: these do not count against it.
      for (let i = 0; i < 3; i++) await submitApplication(nord, `k${i}`, late);

      const refused = await submitApplication(nord, 'k3', late).catch((e) => e);

      expect(refused).toBeInstanceOf(TooManyRequestsError);
      expect(refused).toMatchObject({
        retryAfterSeconds: 3600,
        errors: [{ path: 'contact.email', code: 'too-many-for-address' }],
      });
      expect([...table.values()].filter((item) => item.sk === 'APPLICATION')).toHaveLength(3);
      // None of them counts against the municipality.
      expect(table.has('SUBMISSIONS#5607|DAY#2026-12-01')).toBe(false);
    });

    it('is refused at once with too-many-today when the municipality has its day of confirmed applications', async () => {
      fakeTable([{ pk: 'SUBMISSIONS#5607', sk: 'DAY#2026-12-01', submissions: 3 }], {
        applyTransactions: true,
      });
      const refused = await submitApplication(nord, undefined, OPEN).catch((e) => e);
      expect(refused).toMatchObject({ errors: [{ code: 'too-many-today' }] });
    });
  });

  it('refuses a blocked address with ContactBlockedError, writing, starting and mailing nothing', async () => {
    fakeTable([{ ...confirmedContact(), blocked: true }]);
    const refused = await submitApplication(nord, 'key-1', OPEN).catch((e) => e);
    expect(refused).toBeInstanceOf(ContactBlockedError);
    expect(dynamo).not.toHaveReceivedCommand(TransactWriteCommand);
    expect(sfn).not.toHaveReceivedCommand(StartExecutionCommand);
  });
});
