// A municipality submits an application: validate, check the round, write once, start the review.
// Every step can be repeated: a retry with the same Idempotency-Key finishes what a failed attempt
// began (the workflow start is idempotent by execution name) and never writes a second application.

import { randomBytes } from 'node:crypto';
import {
  checkRoundCounty,
  validateApplication,
  type Application,
  type FieldError,
} from '../domain/application.js';
import { osloDateOf } from '../domain/calendar.js';
import {
  MAX_APPLICATIONS_PER_MUNICIPALITY_PER_DAY,
  MAX_RECEIPTS_PER_UNCONFIRMED_ADDRESS_PER_DAY,
  isProgrammeId,
  openRound,
  PROGRAMMES,
  programmeInRound,
  type Programme,
  type ProgrammeId,
  type Round,
} from '../domain/programmes.js';
import { loadProgramme } from './programme-settings.js';
import { contactConfirmationDeadline, newApplicationId } from '../domain/review.js';
import { errorName, logger } from '../adapters/logger.js';
import { METRIC_NAMES, recordMetric } from '../adapters/metrics.js';
import { startReview } from '../adapters/workflow.js';
import {
  ConflictError,
  ContactBlockedError,
  GoneError,
  TooManyRequestsError,
  ValidationError,
} from '../errors.js';
import { hashToken } from '../links.js';
import { foundPart, getDraft, pairHashOf, spendDraftPart } from '../store/drafts.js';
import type { DraftItem } from '../store/items.js';
import { deletionOf } from './drafts.js';
import { createApplicationPart, getApplication } from '../store/applications.js';
import { auditEvent, auditPut } from '../store/audit.js';
import { createContactVerificationPart } from '../store/contacts.js';
import {
  countReceiptToAddressPart,
  countSubmissionPart,
  submissionsBelowLimitPart,
} from '../store/daily-submissions.js';
import { pendingNoticePart } from '../store/notices.js';
import { createIdempotencyRecordPart, getIdempotencyRecord } from '../store/idempotency.js';
import { readBeforeSubmission, type BeforeSubmission } from '../store/submission-reads.js';
import {
  keys,
  timerAttributes,
  type ApplicationItem,
  type IdempotencyItem,
} from '../store/items.js';
import { transact } from '../store/table.js';
import {
  addressHashOf,
  hasConfirmed,
  isBlocked,
  secondsToOsloMidnight,
  tooManyToday,
} from './contacts.js';
import { statusTokenOf } from './status.js';
import { approvedPositionsText } from '../presentation/format.js';

const IDEMPOTENCY_HOURS = 24;
/** How long a new application may wait for its workflow before the daily run starts it. */
const START_GRACE_MS = 60 * 60 * 1000;

export interface SubmissionResult {
  applicationId: string;
  /** AWAITING_CONTACT until the contact confirms the address, unless it confirmed before. */
  status: 'SUBMITTED' | 'AWAITING_CONTACT';
  /** `<applicationId>.<secret>`: the capability to read the application's status. */
  statusToken: string;
  /** False when an earlier request with the same Idempotency-Key created it. */
  created: boolean;
}

export async function submitApplication(
  input: unknown,
  idempotencyKey: string | undefined,
  now = new Date(),
  /** The draft this application is sent from: spent in the same transaction, once. */
  draft?: Pick<DraftItem, 'draftId' | 'closesAt'>,
): Promise<SubmissionResult> {
  // The programme as it runs, and its open round, whose terms the application must meet. Then
  // validation: a refused request writes nothing, and what is hashed below is the validated
  // application, never an arbitrarily deep body.
  const programmeId = programmeNamedIn(input);
  const running = programmeId && (await loadProgramme(programmeId, now));
  const round = running ? openRound(running, now) : undefined;
  const validation = validateApplication(
    input,
    running && round ? programmeInRound(running, round) : running || undefined,
  );
  if (!validation.ok) throw new ValidationError(validation.errors);
  const application = validation.application;

  const keyHash = idempotencyKey ? hashToken(`submission:${idempotencyKey}`) : undefined;
  // A repeat must be the same request: otherwise a guessed key would hand out someone's status link.
  const requestHash = hashToken(JSON.stringify(application));

  // Validation accepted the programme the body names, so `running` is that programme.
  if (!running || !round) {
    // A repeat gets its first answer, even after the round has closed.
    const earlier = keyHash ? await getIdempotencyRecord(keyHash) : undefined;
    if (earlier) return repeat(earlier, requestHash);
    throw new ConflictError([
      {
        path: 'programme',
        code: 'round-closed',
        message: `${PROGRAMMES[application.programme].name} har ingen åpen søknadsrunde nå.`,
      },
    ]);
  }
  const programme = programmeInRound(running, round);
  // One read before the write: the key's earlier application, the positions approved so far and
  // what the programme knows of the contact's address.
  const addressHash = addressHashOf(application.contact.email);
  const before = await readBeforeSubmission(
    keyHash,
    round.id,
    application.municipality.municipalityNumber,
    { programme: programme.id, addressHash },
  );
  if (before.earlier) return repeat(before.earlier, requestHash);
  // Refused without a word to anyone: nothing is written, nothing is mailed.
  if (isBlocked(before.contact)) throw new ContactBlockedError('Contact is blocked');
  const confirmed = hasConfirmed(before.contact);
  const outsideRound = checkRoundCounty(round, application.municipality.municipalityNumber);
  if (outsideRound) throw new ValidationError([outsideRound]);
  assertCapacityLeft(programme, round, application, before);

  const applicationId = newApplicationId(programme, now, randomBytes(8));
  const item: ApplicationItem = {
    ...keys.application(applicationId),
    applicationId,
    programme: programme.id,
    roundId: round.id,
    municipalityNumber: application.municipality.municipalityNumber,
    status: confirmed ? 'SUBMITTED' : 'AWAITING_CONTACT',
    ...(!confirmed && { contactConfirmation: 'required' as const }),
    submittedAt: now.toISOString(),
    updatedAt: now.toISOString(),
    statusSecret: randomBytes(24).toString('base64url'),
    application,
    version: 1,
    reviewRound: 0,
    // Cleared when the workflow opens the first review round. Should starting the workflow fail
    // after this write (and no Idempotency-Key lets the client finish it), the daily run starts it.
    timerStage: 'start',
    ...timerAttributes(new Date(now.getTime() + START_GRACE_MS), keys.application(applicationId)),
  };
  const record: IdempotencyItem | undefined = keyHash
    ? {
        ...keys.idempotency(keyHash),
        applicationId,
        requestHash,
        createdAt: now.toISOString(),
        expiresAtEpoch: Math.floor(now.getTime() / 1000) + IDEMPOTENCY_HOURS * 3600,
      }
    : undefined;
  const written = await transact({
    application: createApplicationPart(item),
    audit: auditPut(auditEvent(applicationId, 'submitted', application.contact.email, now)),
    idempotency: record && createIdempotencyRecordPart(record),
    // The receipt is due from now on, whatever becomes of the workflow's "Send receipt" step.
    receipt: pendingNoticePart(applicationId, 'received', now),
    // Counted in the same transaction, so that concurrent submissions cannot pass it together.
    // Only confirmed applications count; one that waits for its contact is refused at once when
    // the day is full already, and counts when confirmed (services/contacts.ts).
    submissionsToday: confirmed
      ? countSubmissionPart(
          item.municipalityNumber,
          osloDateOf(now),
          MAX_APPLICATIONS_PER_MUNICIPALITY_PER_DAY,
          now,
        )
      : submissionsBelowLimitPart(
          item.municipalityNumber,
          osloDateOf(now),
          MAX_APPLICATIONS_PER_MUNICIPALITY_PER_DAY,
        ),
    // The receipts an address that never confirmed may be sent today.
    receiptsToAddress: confirmed
      ? undefined
      : countReceiptToAddressPart(
          addressHash,
          osloDateOf(now),
          MAX_RECEIPTS_PER_UNCONFIRMED_ADDRESS_PER_DAY,
          now,
        ),
    contactVerification: confirmed
      ? undefined
      : createContactVerificationPart({
          applicationId,
          programme: programme.id,
          addressHash,
          status: 'OPEN',
          deadline: contactConfirmationDeadline(now, programme).toISOString(),
        }),
    draft: draft && spendDraftPart(draft, applicationId, deletionOf(draft.closesAt), now),
    // So that the organisation number and the contact's address find it again (services/find.ts).
    found: foundPart(
      pairHashOf(application.municipality.organisationNumber, application.contact.email),
      'application',
      applicationId,
    ),
  });
  if (!written.ok) {
    // A concurrent request with the same key: its application is this request's answer.
    const winner = keyHash ? await getIdempotencyRecord(keyHash) : undefined;
    if (winner) return repeat(winner, requestHash);
    if (draft && written.failed.includes('draft')) return sentFromDraft(draft.draftId);
    if (written.failed.includes('submissionsToday')) throw tooManyToday(now);
    if (written.failed.includes('receiptsToAddress')) throw tooManyForAddress(now);
    throw new Error('Application write refused for a fresh id');
  }
  logger.info('application submitted', { applicationId, programme: programme.id });
  recordMetric(METRIC_NAMES.applicationsSubmitted, { programme: programme.id });
  return finish(item, true);
}

/** A draft sent meanwhile (a double click): the application it became is the answer. */
async function sentFromDraft(draftId: string): Promise<SubmissionResult> {
  const spent = await getDraft(draftId);
  const item = spent?.applicationId ? await getApplication(spent.applicationId) : undefined;
  if (!item) throw new GoneError('The draft is no longer open');
  return finish(item, false);
}

function tooManyForAddress(now: Date): TooManyRequestsError {
  return new TooManyRequestsError(
    [
      {
        path: 'contact.email',
        code: 'too-many-for-address',
        message: `Det er allerede sendt ${MAX_RECEIPTS_PER_UNCONFIRMED_ADDRESS_PER_DAY} kvitteringer i dag til denne e-postadressen, som ikke er bekreftet. Bekreft adressen med lenken i kvitteringen, eller prøv igjen etter midnatt.`,
      },
    ],
    secondsToOsloMidnight(now),
  );
}

/** The answer to a repeated Idempotency-Key: the first application, if the request is the same. */
async function repeat(earlier: IdempotencyItem, requestHash: string): Promise<SubmissionResult> {
  if (earlier.requestHash !== requestHash) {
    throw new ConflictError([
      {
        path: '',
        code: 'idempotency-key-reused',
        message:
          'Idempotency-Key er allerede brukt for en annen søknad. Bruk en ny nøkkel for hver søknad.',
      },
    ]);
  }
  const item = await getApplication(earlier.applicationId);
  if (!item)
    throw new Error(`Idempotency record points at a missing application ${earlier.applicationId}`);
  return finish(item, false);
}

/** Starts (or finds) the review: the step a retry completes if an earlier attempt died before it. */
async function finish(item: ApplicationItem, created: boolean): Promise<SubmissionResult> {
  try {
    await startReview({ applicationId: item.applicationId, programme: item.programme });
  } catch (error) {
    // The application is written: a 5xx now would invite a retry with a new key, and so a
    // duplicate. Its "start" timer makes the daily run start the review instead.
    logger.error('review start failed after the application was written; the daily run starts it', {
      applicationId: item.applicationId,
      error: errorName(error),
    });
  }
  return {
    applicationId: item.applicationId,
    // A repeat answers as the first request did.
    status: item.contactConfirmation === 'required' ? 'AWAITING_CONTACT' : 'SUBMITTED',
    statusToken: statusTokenOf(item),
    created,
  };
}

function programmeNamedIn(input: unknown): ProgrammeId | undefined {
  const named =
    typeof input === 'object' && input !== null ? Reflect.get(input, 'programme') : undefined;
  return isProgrammeId(named) ? named : undefined;
}

/** Refuses early what approval would refuse anyway: a full round, or a municipality at its cap. */
function assertCapacityLeft(
  programme: Programme,
  round: Round,
  application: Application,
  approved: Pick<BeforeSubmission, 'roundPositionsApproved' | 'municipalityPositionsApproved'>,
): void {
  const roundHeld = approved.roundPositionsApproved;
  const held = approved.municipalityPositionsApproved;
  const errors: FieldError[] = [];
  const free = round.positions - roundHeld;
  if (application.positionsRequested > free) {
    errors.push({
      path: free > 0 ? 'positionsRequested' : 'programme',
      code: 'round-full',
      message:
        free > 0
          ? `Bare ${free} av ${round.positions} ALIS-stillinger i ${programme.name} (${round.name}) er ${free === 1 ? 'ledig' : 'ledige'}.`
          : `Alle ${round.positions} ALIS-stillingene i ${programme.name} (${round.name}) er tildelt.`,
    });
  }
  if (held + application.positionsRequested > programme.maxPositionsPerMunicipality) {
    errors.push({
      path: 'positionsRequested',
      code: 'municipality-cap',
      message: `Kommunen har allerede ${approvedPositionsText(held)}; ${programme.name} gir høyst ${programme.maxPositionsPerMunicipality} per kommune.`,
    });
  }
  if (errors.length > 0) throw new ConflictError(errors);
}
