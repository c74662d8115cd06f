// A complaint of a decision letter: the letter's link shows the decision and a form (reading
// only), its POST files the one complaint the letter may have, within three weeks; then the lead
// answers it from the staff page, granting it (forvaltningsloven § 33: the body that decided may
// reverse its decision) or sending it on to the klageinstans with the case's documents.

import { type ComplaintAction, parseComplaint } from '../domain/letters.js';
import { isComplaintOpen, type Letter } from '../domain/letters.js';
import { formatDate } from '../presentation/format.js';
import { complaintLastDayText } from '../presentation/letter.js';
import { logger } from '../adapters/logger.js';
import { startMunicipalityRequest } from '../adapters/municipality-requests.js';
import { reviewExecutionName, startReview } from '../adapters/workflow.js';
import { ConflictError, GoneError, ValidationError, WorkflowDataError } from '../errors.js';
import {
  complaintAnsweredMessage,
  complaintFiledLeadMessage,
  complaintForwardedMessage,
  complaintReceiptMessage,
} from '../mail/letters.js';
import { publicUrls } from '../public-urls.js';
import { getApplication } from '../store/applications.js';
import { auditEvent, auditPut } from '../store/audit.js';
import { takeMunicipalityPositionsPart, takeRoundPositionsPart } from '../store/capacity.js';
import { getGrant } from '../store/grants.js';
import { keys, timerAttributes, type ApplicationItem, type LinkItem } from '../store/items.js';
import {
  countOpenComplaintPart,
  decideComplaintPart,
  fileComplaintPart,
  getComplaint,
  getLetter,
  listComplaints,
  raisePositionsParts,
  reopenReviewPart,
  type ComplaintItem,
} from '../store/letters.js';
import { spendLinkPart } from '../store/links.js';
import { reopenNoticePart } from '../store/notices.js';
import { transact } from '../store/table.js';
import { caseDocumentAttachments } from './case-documents.js';
import { addedPositionParts, mailOnce } from './grants.js';
import { resolveLink } from './links.js';
import { startLinks } from './positions.js';
import { loadProgramme, programmeForApplication } from './programme-settings.js';
import { programmeLead, staffWithRole } from './staff-register.js';
import { statusTokenOf } from './status.js';

export interface ComplaintContext {
  link: LinkItem;
  app: ApplicationItem;
  letter: Letter;
}

/**
 * What a complaint link shows; reads only. Filed already (by this link or another of the same
 * letter): 409. Past the three weeks: 410, with what a late complaint may still do (§ 31).
 */
export async function openComplaint(token: string, now = new Date()): Promise<ComplaintContext> {
  const link = await resolveLink(token, 'complaint');
  const [app, item, complaint] = await Promise.all([
    getApplication(link.applicationId),
    getLetter(link.applicationId, link.round),
    getComplaint(link.applicationId, link.round),
  ]);
  if (!app || !item) throw new WorkflowDataError(`Complaint link to a missing letter`);
  if (complaint || link.usedAt) throw alreadyFiled(complaint);
  if (!isComplaintOpen(new Date(item.letter.sentAt), now)) throw lateComplaint(item.letter);
  return { link, app, letter: item.letter };
}

function alreadyFiled(complaint: ComplaintItem | undefined): ConflictError {
  return new ConflictError([
    {
      path: '',
      code: 'already-filed',
      message: complaint
        ? `Klagen på dette vedtaket ble mottatt ${formatDate(complaint.filedAt)}. Det kan bare sendes én klage gjennom lenken; har dere mer å legge til, skriv til prosjektleder.`
        : 'Lenken er allerede brukt til å sende en klage.',
    },
  ]);
}

/** Past the deadline: the page says that a late complaint may still be heard, and where to write. */
function lateComplaint(letter: Letter): GoneError {
  return new GoneError('Complaint deadline passed', {
    title: 'Klagefristen er ute',
    message: `Fristen for å klage på vedtaket gikk ut ${complaintLastDayText(letter)} (tre uker fra dere mottok brevet). En klage som kommer for sent, kan likevel bli behandlet dersom det er særlige grunner til det, for eksempel at dere ikke kunne klage i tide (forvaltningsloven § 31). Skriv i så fall til ${letter.programme.owner} ved prosjektleder i ${letter.programme.name}, ${letter.programme.contact}, oppgi saksnummeret ${letter.caseNumber}, og forklar hvorfor klagen kommer for sent.`,
  });
}

export interface FiledComplaint {
  applicationId: string;
  letterId: string;
  status: 'COMPLAINED';
}

/**
 * Files the complaint: one transaction writes it (refused if the letter has one), spends the
 * link, counts it open on the application and audits it; then the municipality's receipt and the
 * lead's news go, each once. A repeat is 409, and sends whatever of those had not gone.
 */
export async function fileComplaint(
  token: string,
  input: unknown,
  now = new Date(),
): Promise<FiledComplaint> {
  const { link, app, letter } = await openComplaint(token, now);
  const parsed = parseComplaint(input);
  if (!parsed.ok) throw new ValidationError(parsed.errors);
  const complaint: Omit<ComplaintItem, 'pk' | 'sk'> = {
    applicationId: app.applicationId,
    letter: letter.number,
    text: parsed.text,
    filedAt: now.toISOString(),
    by: link.holder,
    status: 'FILED',
  };
  const written = await transact({
    complaint: fileComplaintPart(complaint),
    link: spendLinkPart(link, now),
    application: countOpenComplaintPart(app.applicationId, 1),
    audit: auditPut(
      auditEvent(
        app.applicationId,
        'complaint-filed',
        link.holder,
        now,
        `Klage på brev ${letter.number}`,
      ),
    ),
  });
  if (!written.ok) {
    const existing = await getComplaint(app.applicationId, letter.number);
    // A repeat: whatever the first left unsent goes now.
    if (existing)
      await startMunicipalityRequest({ kind: 'complaint', applicationId: app.applicationId });
    throw alreadyFiled(existing);
  }
  logger.info('complaint filed', { applicationId: app.applicationId, letter: letter.number });
  // The web function sends no mail: the municipality request step sends the receipt and the lead's.
  await startMunicipalityRequest({ kind: 'complaint', applicationId: app.applicationId });
  return {
    applicationId: app.applicationId,
    letterId: `letter-${letter.number}`,
    status: 'COMPLAINED',
  };
}

async function mailFiled(
  app: ApplicationItem,
  letter: Letter,
  complaint: Pick<ComplaintItem, 'text' | 'letter'>,
  now: Date,
): Promise<void> {
  const programme = await loadProgramme(app.programme, now);
  const lead = await programmeLead(app.programme);
  await mailOnce(
    app.applicationId,
    `complaint-${complaint.letter}-receipt`,
    [app.application.contact.email],
    () =>
      complaintReceiptMessage({
        programme,
        lead,
        letter,
        text: complaint.text,
        statusUrl: publicUrls.status(statusTokenOf(app)),
      }),
    now,
  );
  await mailOnce(
    app.applicationId,
    `complaint-${complaint.letter}-lead`,
    await staffWithRole(app.programme, 'lead'),
    () =>
      complaintFiledLeadMessage({
        programme,
        letter,
        text: complaint.text,
        staffUrl: publicUrls.staffApplication(app.applicationId),
      }),
    now,
  );
}

// ---- The lead's answer ----

/** The complaint an action is about: the one named, or the oldest still waiting; 409 if none. */
async function openComplaintOf(
  app: ApplicationItem,
  number: number | undefined,
): Promise<{ complaint: ComplaintItem; letter: Letter }> {
  const waiting = (await listComplaints(app.applicationId))
    .filter((c) => c.status === 'FILED' && (number === undefined || c.letter === number))
    .sort((a, b) => a.letter - b.letter);
  const complaint = waiting[0];
  if (!complaint) {
    throw new ConflictError([
      {
        path: number === undefined ? 'action' : 'complaint',
        code: 'no-open-complaint',
        message: 'Søknaden har ingen klage som venter på svar.',
      },
    ]);
  }
  const letter = (await getLetter(app.applicationId, complaint.letter))?.letter;
  if (!letter) throw new WorkflowDataError(`Complaint of a missing letter ${complaint.letter}`);
  return { complaint, letter };
}

export interface ComplaintDecision {
  status: ApplicationItem['status'];
  /** A granted rejection: the review execution that takes it up again. */
  executionName?: string;
  positionsApproved?: number;
}

/**
 * `complaint-granted`: a rejection goes back to review (a fresh round, fresh links to today's
 * reviewers); a reduction is raised to the positions the lead enters. Other letters (an ended or
 * lapsed position) are not reversed here: 409, and they go on to the klageinstans.
 */
export async function grantComplaint(
  app: ApplicationItem,
  lead: string,
  action: Extract<ComplaintAction, { action: 'complaint-granted' }>,
  now = new Date(),
): Promise<ComplaintDecision> {
  const { complaint, letter } = await openComplaintOf(app, action.complaint);
  const decision = letter.decision;
  if (decision.kind === 'rejected') return reopenReview(app, lead, complaint, letter, now);
  if (decision.kind === 'reduced' && decision.positionsApproved < decision.positionsRequested)
    return raisePositions(app, lead, complaint, letter, action.positionsApproved, now);
  throw new ConflictError([
    {
      path: 'action',
      code: 'not-reversible',
      message:
        decision.kind === 'reduced'
          ? 'Vedtaket ga alle stillingene det ble søkt om; et høyere beløp kan ikke settes her. Send klagen til klageinstansen, eller kontakt økonomi.'
          : 'Et vedtak om en avsluttet eller bortfalt stilling kan ikke omgjøres her. Send klagen til klageinstansen.',
    },
  ]);
}

async function reopenReview(
  app: ApplicationItem,
  lead: string,
  complaint: ComplaintItem,
  letter: Letter,
  now: Date,
): Promise<ComplaintDecision> {
  // Only the rejection the application stands on now: a later decision has replaced an older one.
  if (app.status !== 'REJECTED' || letter.source !== `rejected-r${app.reviewRound}`) {
    throw new ConflictError([
      {
        path: 'action',
        code: 'not-current',
        message: 'Avslaget klagen gjelder, er ikke lenger vedtaket i saken.',
      },
    ]);
  }
  const resumes = (app.executionResumes ?? 0) + 1;
  const key = keys.application(app.applicationId);
  const written = await transact({
    complaint: decideComplaintPart(complaint, 'GRANTED', lead, now),
    application: reopenReviewPart(app, now, timerAttributes(now, key)),
    notice: reopenNoticePart(app.applicationId, 'rejected'),
    audit: auditPut(
      auditEvent(
        app.applicationId,
        'complaint-granted',
        lead,
        now,
        `Klage på brev ${letter.number}: avslaget er opphevet, og søknaden går til ny vurdering`,
      ),
    ),
  });
  if (!written.ok) throw decidedMeanwhile();
  // The review runs again under its next name: "Request review" opens a new round and mails the
  // reviewers fresh links. Should this fail, the "start" timer set above lets the daily run start it.
  const executionName = reviewExecutionName(app.applicationId, resumes);
  await startReview({
    applicationId: app.applicationId,
    programme: app.programme,
    name: executionName,
  });
  await startMunicipalityRequest({ kind: 'complaint', applicationId: app.applicationId });
  logger.info('complaint granted: back to review', { applicationId: app.applicationId });
  return { status: 'IN_REVIEW', executionName };
}

async function raisePositions(
  app: ApplicationItem,
  lead: string,
  complaint: ComplaintItem,
  letter: Letter,
  entered: number | undefined,
  now: Date,
): Promise<ComplaintDecision> {
  const decision = letter.decision as Extract<Letter['decision'], { kind: 'reduced' }>;
  const grant = await getGrant(app.applicationId);
  if (grant?.status !== 'ACTIVE') {
    throw new ConflictError([
      {
        path: 'action',
        code: 'grant-not-active',
        message: 'Tilskuddet løper ikke lenger, så det kan ikke få flere stillinger.',
      },
    ]);
  }
  if (
    entered === undefined ||
    entered <= grant.positions ||
    entered > decision.positionsRequested
  ) {
    throw new ValidationError([
      {
        path: 'positionsApproved',
        code: entered === undefined ? 'required' : 'invalid',
        message: `Skriv hvor mange stillinger kommunen får nå: flere enn ${grant.positions} og høyst ${decision.positionsRequested}.`,
      },
    ]);
  }
  const { programme, round } = await programmeForApplication(app);
  const more = entered - grant.positions;
  const added = await addedPositionParts(grant, app, entered, now);
  const raise = raisePositionsParts(app.applicationId, grant.positions, entered, now);
  const written = await transact({
    complaint: decideComplaintPart(complaint, 'GRANTED', lead, now, entered),
    ...raise,
    roundCapacity: takeRoundPositionsPart(app.roundId, more, round?.positions ?? 0),
    municipalityCapacity: takeMunicipalityPositionsPart(
      app.roundId,
      app.municipalityNumber,
      more,
      programme.maxPositionsPerMunicipality,
    ),
    audit: auditPut(
      auditEvent(
        app.applicationId,
        'complaint-granted',
        lead,
        now,
        `Klage på brev ${letter.number}: ${entered} stillinger i stedet for ${grant.positions}`,
      ),
    ),
    ...added.parts,
  });
  if (!written.ok) {
    const failed = new Set<string>(written.failed);
    if (failed.has('roundCapacity') || failed.has('municipalityCapacity')) {
      throw new ConflictError([
        {
          path: 'positionsApproved',
          code: 'no-capacity',
          message: failed.has('roundCapacity')
            ? `Søknadsrunden har ikke ${more} ledige stillinger til.`
            : `Kommunen kan ha høyst ${programme.maxPositionsPerMunicipality} stillinger i søknadsrunden.`,
        },
      ]);
    }
    throw decidedMeanwhile();
  }
  await startMunicipalityRequest({ kind: 'complaint', applicationId: app.applicationId });
  logger.info('complaint granted: positions raised', { applicationId: app.applicationId });
  return { status: app.status, positionsApproved: entered };
}

/**
 * `complaint-forwarded`: the complaint goes to the klageinstans with the case's documents
 * attached, and the municipality is told. The application is no longer COMPLAINED: the programme
 * has answered, and the klageinstans decides outside this service.
 */
export async function forwardComplaint(
  app: ApplicationItem,
  lead: string,
  action: Extract<ComplaintAction, { action: 'complaint-forwarded' }>,
  now = new Date(),
): Promise<ComplaintDecision> {
  const { complaint, letter } = await openComplaintOf(app, action.complaint);
  const written = await transact({
    complaint: decideComplaintPart(complaint, 'FORWARDED', lead, now, undefined, action.comment),
    application: countOpenComplaintPart(app.applicationId, -1),
    audit: auditPut(
      auditEvent(
        app.applicationId,
        'complaint-forwarded',
        lead,
        now,
        `Klage på brev ${letter.number} sendt til ${letter.programme.klageinstans.name}`,
      ),
    ),
  });
  if (!written.ok) throw decidedMeanwhile();
  await startMunicipalityRequest({ kind: 'complaint', applicationId: app.applicationId });
  logger.info('complaint forwarded', { applicationId: app.applicationId, letter: letter.number });
  return { status: app.status };
}

async function mailAnswer(
  app: ApplicationItem,
  letter: Letter,
  outcome: 'granted-review' | 'granted-positions' | 'forwarded',
  now: Date,
  /** Made only when the e-mail is still owed: start links are issued afresh each time. */
  extra: () => Promise<{
    positionsApproved?: number;
    startLinks?: { position: number; startUrl: string }[];
  }> = async () => ({}),
): Promise<void> {
  const programme = await loadProgramme(app.programme, now);
  const lead = await programmeLead(app.programme);
  await mailOnce(
    app.applicationId,
    `complaint-${letter.number}-answer`,
    [app.application.contact.email],
    async () =>
      complaintAnsweredMessage({
        programme,
        lead,
        letter,
        outcome,
        ...(await extra()),
        statusUrl: publicUrls.status(statusTokenOf(app)),
      }),
    now,
  );
}

/**
 * Every e-mail the case's complaints still owe, each once: the receipt and the lead's news of each
 * complaint filed, and the programme's answer (the case sent to the klageinstans with its
 * documents). The municipality request step (functions/municipality-requests) sends them; the web
 * function, where complaints are filed and answered, may not send mail.
 */
export async function mailComplaintNotices(
  applicationId: string,
  now = new Date(),
): Promise<string> {
  const app = await getApplication(applicationId);
  if (!app) return 'no-application';
  for (const complaint of await listComplaints(applicationId)) {
    const letter = (await getLetter(applicationId, complaint.letter))?.letter;
    if (!letter) continue;
    await mailFiled(app, letter, complaint, now);
    if (complaint.status === 'FORWARDED') {
      const programme = await loadProgramme(app.programme, now);
      await mailOnce(
        applicationId,
        `complaint-${letter.number}-klageinstans`,
        [letter.programme.klageinstans.email],
        async () =>
          complaintForwardedMessage({
            programme,
            letter,
            text: complaint.text,
            ...(complaint.comment && { comment: complaint.comment }),
            attachments: await caseDocumentAttachments(applicationId),
          }),
        now,
      );
      await mailAnswer(app, letter, 'forwarded', now);
    } else if (complaint.status === 'GRANTED' && complaint.positionsApproved !== undefined) {
      const entered = complaint.positionsApproved;
      await mailAnswer(app, letter, 'granted-positions', now, async () => {
        const grant = await getGrant(applicationId);
        const before = letter.decision.kind === 'reduced' ? letter.decision.positionsApproved : 0;
        const waiting = grant
          ? (await startLinks({ ...grant, positions: entered })).filter((w) => w.position > before)
          : [];
        return { positionsApproved: entered, startLinks: waiting };
      });
    } else if (complaint.status === 'GRANTED') {
      await mailAnswer(app, letter, 'granted-review', now);
    }
  }
  return 'complaint-mailed';
}

function decidedMeanwhile(): ConflictError {
  return new ConflictError([
    {
      path: 'action',
      code: 'decided-meanwhile',
      message: 'Klagen eller søknaden ble endret samtidig av noen andre. Last siden på nytt.',
    },
  ]);
}
