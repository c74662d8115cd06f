// Applications for the benchmarks: valid submissions spread over every municipality the two
// programmes serve (so no per-municipality limit refuses them), and the items a submission writes,
// for seeding history directly and for the bare transaction it is compared with.

import { randomBytes } from 'node:crypto';
import { marshall } from '@aws-sdk/util-dynamodb';

import { MUNICIPALITIES } from '../../shared/domain/municipalities.js';
import { PROGRAMMES, type ProgrammeId } from '../../shared/domain/programmes.js';
import { keys, programmeIndexAttributes, timerAttributes } from '../../shared/store/items.js';
import { FIXTURES } from '../support/api.js';

interface Applicant {
  programme: ProgrammeId;
  municipalityNumber: string;
  name: string;
  region: string;
}

/** Every municipality with the programme and region that serve it. */
export const APPLICANTS: Applicant[] = MUNICIPALITIES.flatMap((m) =>
  (Object.keys(PROGRAMMES) as ProgrammeId[]).flatMap((programme) => {
    const region = PROGRAMMES[programme].regions.find((r) => r.counties.includes(m.county));
    return region
      ? [{ programme, municipalityNumber: m.number, name: m.name, region: region.id }]
      : [];
  }),
);

/** The n-th submission body (JSON): municipality by turn, a contact address of its own. */
export function submissionBody(n: number, run = 'bench'): string {
  const applicant = APPLICANTS[n % APPLICANTS.length]!;
  const body = structuredClone(FIXTURES[applicant.programme]) as {
    municipality: Record<string, string>;
    contact: Record<string, string>;
    positionsRequested: number;
  };
  body.municipality.municipalityNumber = applicant.municipalityNumber;
  body.municipality.name = applicant.name;
  body.municipality.region = applicant.region;
  body.contact.email = `${run}${n}@kommune.example.no`;
  body.positionsRequested = 1;
  return JSON.stringify(body);
}

/** The application, its audit event and its idempotency record, as a submission writes them. */
export function submissionItems(n: number, at = new Date()) {
  const applicant = APPLICANTS[n % APPLICANTS.length]!;
  const application = JSON.parse(submissionBody(n, 'seed')) as Record<string, unknown>;
  const id = `${PROGRAMMES[applicant.programme].idPrefix}-${at.getUTCFullYear()}-${randomBytes(5).toString('hex').toUpperCase().slice(0, 8)}`;
  const when = at.toISOString();
  const keyHash = randomBytes(32).toString('hex');
  const applicationItem = {
    ...keys.application(id),
    applicationId: id,
    programme: applicant.programme,
    roundId: `${applicant.programme}-bench`,
    municipalityNumber: applicant.municipalityNumber,
    status: 'SUBMITTED',
    submittedAt: when,
    updatedAt: when,
    statusSecret: randomBytes(24).toString('base64url'),
    application,
    version: 1,
    reviewRound: 0,
    // In the byProgramme index, as the submission writes it.
    ...programmeIndexAttributes(applicant.programme, 'application', `${when}#${id}`),
  };
  return [
    applicationItem,
    {
      ...keys.event(id, when, randomBytes(4).toString('hex')),
      applicationId: id,
      type: 'submitted',
      at: when,
      by: String((application.contact as { email: string }).email),
    },
    {
      ...keys.idempotency(keyHash),
      applicationId: id,
      requestHash: randomBytes(32).toString('hex'),
      createdAt: when,
      expiresAtEpoch: Math.floor(at.getTime() / 1000) + 24 * 3600,
    },
  ] as const;
}

/**
 * Everything one submission's transaction commits: those three, its pending receipt, and its
 * municipality's count of the day (a fresh item here; the submission's own is a conditional
 * increment of the same size).
 */
function submissionTransactionItems(n: number, at = new Date()) {
  const [application, ...others] = submissionItems(n, at);
  const { applicationId: id, municipalityNumber } = application;
  const when = at.toISOString();
  return [
    // With the "start" timer a new application has until its workflow opens the review, written
    // to the index as a submission writes it, but due a century on: the benchmark's daily runs
    // must not start workflows for these (nor for seeded history, which has none).
    {
      ...application,
      timerStage: 'start',
      ...timerAttributes(new Date(at.getTime() + 100 * 365 * 86_400_000), keys.application(id)),
    },
    ...others,
    {
      ...keys.notice(id, 'received'),
      applicationId: id,
      kind: 'received',
      status: 'PENDING',
      pendingSince: when,
      timerStage: 'send',
      ...timerAttributes(new Date(at.getTime() + 3_600_000), keys.notice(id, 'received')),
    },
    {
      ...keys.submissionsOfDay(municipalityNumber, `${id}-${when}`),
      submissions: 1,
      expiresAtEpoch: Math.floor(at.getTime() / 1000) + 3 * 24 * 3600,
    },
  ];
}

/** The TransactWriteItems body of one submission, as the DynamoDB JSON protocol carries it. */
export function transactionBody(n: number, tableName: string): string {
  return JSON.stringify({
    TransactItems: submissionTransactionItems(n).map((item) => ({
      Put: {
        TableName: tableName,
        Item: marshall(item, { removeUndefinedValues: true }),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    })),
  });
}

/** Headers DynamoDB Local accepts for a call (it reads the credential scope, not the signature). */
export function dynamoHeaders(operation: string): Record<string, string> {
  return {
    'content-type': 'application/x-amz-json-1.0',
    'x-amz-target': `DynamoDB_20120810.${operation}`,
    authorization:
      'AWS4-HMAC-SHA256 Credential=local/20260101/eu-north-1/dynamodb/aws4_request, SignedHeaders=content-type;host;x-amz-target, Signature=0000',
  };
}
