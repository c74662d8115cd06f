// The municipality declines its grant, or one position of it, after approval and before any
// payment (POST /status/{token}/decline, the status link's secret). The rules are the domain's
// (shared/domain/decline.ts); the ending is position-ending.ts's, shared with the lead's actions:
// each declined position ENDED (reason `declined`) with its planned years cancelled and its place
// given back to the round, in one transaction per position; a year's workflow waiting for finance
// is handed the cancellation; the grant follows its positions. The position's start link answers
// 410 from then on, and its lapse timer is gone.
//
// Then the e-mails: a receipt to the municipality, and news to the lead and finance, each recipient
// one e-mail for the positions declined together, each position's notices marked sent once gone. A
// repeat (a retry after a crash too) answers 409 and first sends what a declined position's notices
// still lack, so no e-mail is lost and none goes twice.

import { osloDateOf } from '../domain/calendar.js';
import { type DeclineRequest, isDeclinable, parseDecline, planDecline } from '../domain/decline.js';
import type { Instalment, Position } from '../domain/grant.js';
import { PROGRAMMES } from '../domain/programmes.js';
import { logger } from '../adapters/logger.js';
import { startMunicipalityRequest } from '../adapters/municipality-requests.js';
import type { MailContent } from '../adapters/mail.js';
import { ConflictError, ValidationError } from '../errors.js';
import { positionsDeclinedFinanceMessage } from '../mail/to-finance.js';
import { positionsDeclinedLeadMessage } from '../mail/to-lead.js';
import { type DeclinedFacts, declinedMessage } from '../mail/to-municipality.js';
import { getApplication } from '../store/applications.js';
import type { ApplicationItem, GrantItem } from '../store/items.js';
import { type GrantNotice, noticeSentPart, noticeWasSent } from '../store/notices.js';
import { transact } from '../store/table.js';
import { readGrant } from './grants.js';
import { deliverMail } from './mailing.js';
import { endPositionsEarly } from './position-ending.js';
import { programmeLead, staffWithRole } from './staff-register.js';
import { applicationOfStatusToken } from './status.js';

export interface DeclineResult {
  applicationId: string;
  /** The application's status now: it follows the grant (ENDED once nothing is left). */
  status: ApplicationItem['status'];
  /** The positions this request declined. */
  declined: number[];
  grant: { status: GrantItem['status'] };
}

/** What the status page needs to offer the decline: the positions that may be declined now. */
export function declinablePositions(
  positions: readonly Pick<Position, 'position' | 'status'>[],
  instalments: readonly Pick<Instalment, 'position' | 'status'>[],
): number[] {
  return positions.filter((p) => isDeclinable(p, instalments)).map((p) => p.position);
}

export async function declineGrant(
  statusToken: string,
  input: unknown,
  now = new Date(),
): Promise<DeclineResult> {
  const app = await applicationOfStatusToken(statusToken);
  const parsed = parseDecline(input);
  if (!parsed.ok) throw new ValidationError(parsed.errors);
  const request = parsed.value;
  const written = await readGrant(app.applicationId);
  if (!written) {
    throw new ConflictError([
      {
        path: '',
        code: 'not-approved',
        message:
          'Søknaden har ikke fått tilskudd, så det er ingenting å takke nei til. Før vedtak kan søknaden trekkes i stedet.',
      },
    ]);
  }
  const { grant } = written;
  const plan = planDecline({ request, ...written });
  if (!plan.ok) throw await refusal(app, grant, plan);

  const result = await endPositionsEarly(
    grant,
    {
      positions: plan.positions,
      endedOn: osloDateOf(now),
      reason: 'declined',
      actor: app.application.contact.email,
      event: 'position-declined',
      comment: 'Kommunen takket nei gjennom statussiden',
      cancel: 'all',
      releaseCapacity: true,
      mayEnd: (position, instalments) => isDeclinable(position, instalments),
    },
    now,
  );
  if (result.ended.length === 0) {
    // Paid, declined or ended meanwhile: the answer says which, as it would have read now.
    throw await refuseAsNow(app, request);
  }
  // The web function sends no mail: the municipality request step sends what the decline owes.
  await startMunicipalityRequest({ kind: 'decline', applicationId: app.applicationId });
  const after = await readGrant(app.applicationId);
  const status = (await getApplication(app.applicationId))?.status ?? app.status;
  logger.info('grant declined by the municipality', {
    applicationId: app.applicationId,
    positions: result.ended.map((e) => e.position),
  });
  return {
    applicationId: app.applicationId,
    status,
    declined: result.ended.map((e) => e.position),
    grant: { status: after?.grant.status ?? grant.status },
  };
}

async function refusal(
  app: ApplicationItem,
  grant: GrantItem,
  plan: Extract<ReturnType<typeof planDecline>, { ok: false }>,
): Promise<Error> {
  if (plan.status === 400) return new ValidationError([plan.error]);
  // A repeat: what the first request had left unsent goes now.
  if (plan.error.code === 'already-declined') {
    await startMunicipalityRequest({ kind: 'decline', applicationId: app.applicationId });
  }
  logger.info('decline refused', { applicationId: grant.applicationId, code: plan.error.code });
  return new ConflictError([plan.error]);
}

async function refuseAsNow(app: ApplicationItem, request: DeclineRequest) {
  const written = await readGrant(app.applicationId);
  if (written) {
    const plan = planDecline({ request, ...written });
    if (!plan.ok) return refusal(app, written.grant, plan);
  }
  return new ConflictError([
    {
      path: '',
      code: 'changed-meanwhile',
      message: 'Tilskuddet ble endret mens dere takket nei. Last inn siden på nytt og prøv igjen.',
    },
  ]);
}

type Recipient = 'municipality' | 'lead' | 'finance';

const noticeOf = (position: number, to: Recipient): GrantNotice =>
  `position-declined-p${position}-${to}`;

/**
 * Each recipient's one e-mail about the declined positions whose notice to it has not gone yet,
 * then those notices marked sent (at least once: a crash between the two sends it again). The
 * municipality request step (functions/municipality-requests) calls it; the web function that
 * wrote the decline may not send mail.
 */
export async function mailDeclineNotices(applicationId: string, now = new Date()): Promise<string> {
  const written = await readGrant(applicationId);
  if (!written) return 'no-grant';
  const { grant, positions, instalments } = written;
  const declined = positions.filter((p) => p.status === 'ENDED' && p.endReason === 'declined');
  if (declined.length === 0) return 'nothing-declined';
  const leads = await staffWithRole(grant.programme, 'lead');
  const finance = await staffWithRole(grant.programme, 'finance');
  const recipients: Record<Recipient, readonly string[]> = {
    municipality: [grant.contactEmail],
    lead: leads,
    finance: finance.length > 0 ? finance : leads,
  };
  const compose: Record<Recipient, (facts: DeclinedFacts) => MailContent> = {
    municipality: declinedMessage,
    lead: positionsDeclinedLeadMessage,
    finance: positionsDeclinedFinanceMessage,
  };
  for (const to of ['municipality', 'lead', 'finance'] as const) {
    const unsent: Position[] = [];
    for (const p of declined) {
      if (!(await noticeWasSent(grant.applicationId, noticeOf(p.position, to)))) unsent.push(p);
    }
    if (unsent.length === 0) continue;
    const numbers = unsent.map((p) => p.position);
    const facts: DeclinedFacts = {
      programme: PROGRAMMES[grant.programme],
      lead: await programmeLead(grant.programme),
      applicationId: grant.applicationId,
      municipalityName: grant.municipality.name,
      organisationNumber: grant.municipality.organisationNumber,
      declinedOn: unsent[0]?.endedOn ?? osloDateOf(now),
      positions: numbers,
      grantPositions: grant.positions,
      grantEnded: grant.status !== 'ACTIVE',
      cancelled: instalments.filter(
        (i) => numbers.includes(i.position) && i.status === 'CANCELLED',
      ),
    };
    await deliverMail(
      {
        to: recipients[to],
        message: compose[to](facts),
        programme: grant.programme,
        applicationId: grant.applicationId,
      },
      now,
    );
    await transact(
      Object.fromEntries(
        numbers.map((n) => [`p${n}`, noticeSentPart(grant.applicationId, noticeOf(n, to), now)]),
      ),
    );
  }
  return 'decline-mailed';
}
