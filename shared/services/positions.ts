// A new position waits for its doctor: the approval e-mail carries a link per position, through
// which the municipality reports the day its ALIS started, the employment model and the list size;
// the position's plan is written then, paid from that day. Unreported by its lapse date, the
// daily run lapses it (a reminder a month before): its place goes back to the round and the
// municipality, and the municipality and the lead are told.

import { osloDateOf } from '../domain/calendar.js';
import { type Position, parseStartReport, positionOf } from '../domain/grant.js';
import { PROGRAMMES } from '../domain/programmes.js';
import { logger } from '../adapters/logger.js';
import { ConflictError, GoneError, ValidationError, WorkflowDataError } from '../errors.js';
import { positionLapsedLeadMessage } from '../mail/to-lead.js';
import { positionLapsedMessage, positionLapseReminderMessage } from '../mail/to-municipality.js';
import { publicUrls } from '../public-urls.js';
import { SYSTEM_ACTOR, auditEvent, auditPut } from '../store/audit.js';
import { releasePositionParts } from '../store/capacity.js';
import {
  createInstalmentPart,
  getPositionItem,
  lapsePositionPart,
  listPositionItems,
  positionReminderSentPart,
  startPositionPart,
} from '../store/grants.js';
import type { GrantItem, LinkItem, PositionItem } from '../store/items.js';
import { spendLinkPart } from '../store/links.js';
import { transact, type TransactItem } from '../store/table.js';
import { loadGrant, mailOnce, settleGrant, startedPositionInstalments } from './grants.js';
import { hasExpired, issueLink, resolveLink } from './links.js';
import { deliverMail } from './mailing.js';
import { letterForMail } from './letters.js';
import { programmeLead, staffWithRole } from './staff-register.js';

/** A fresh start link for each position of the grant that awaits its doctor. */
export async function startLinks(
  grant: GrantItem,
): Promise<{ position: number; years: number; startUrl: string; lapsesAt: string }[]> {
  const waiting = (await listPositionItems(grant.applicationId)).filter(
    (p) => p.status === 'AWAITING_START' && p.lapsesAt,
  );
  return Promise.all(
    waiting.map(async (p) => ({
      position: p.position,
      years: p.years,
      startUrl: publicUrls.positionStart(await startLink(grant, p)),
      // The lapse's instant, an Oslo midnight: the e-mail names the day before as the last.
      lapsesAt: p.lapsesAt ?? lapseDeadline(p),
    })),
  );
}

async function startLink(grant: GrantItem, position: PositionItem): Promise<string> {
  return issueLink({
    purpose: 'position',
    applicationId: grant.applicationId,
    round: position.position,
    holder: grant.contactEmail,
    expiresAt: new Date(position.lapsesAt ?? grant.createdAt),
  });
}

/** The last instant a start may be reported: the lapse comes at the start of the next day. */
function lapseDeadline(position: PositionItem): string {
  return new Date(Date.parse(position.lapsesAt ?? '') - 1).toISOString();
}

export interface PositionStartContext {
  link: LinkItem;
  grant: GrantItem;
  position: Position;
  /** The first day the start may be: the decision's. */
  decidedOn: string;
  lastDay: string;
}

/** What a start link shows. Reads only: e-mail scanners fetch links before people do. */
export async function openPositionLink(
  token: string,
  now = new Date(),
): Promise<PositionStartContext> {
  const link = await resolveLink(token, 'position');
  const grant = await loadGrant(link.applicationId);
  const position = await getPositionItem(link.applicationId, link.round);
  if (!position) throw new WorkflowDataError('Link to a missing position');
  // Declined by the municipality before its doctor started: the link died with the position.
  if (position.status === 'ENDED' && position.endReason === 'declined' && !position.startDate) {
    throw new GoneError('The position was declined');
  }
  if (
    position.status === 'ACTIVE' ||
    position.status === 'COMPLETED' ||
    position.status === 'ENDED'
  ) {
    throw new ConflictError([
      {
        path: '',
        code: 'already-reported',
        message: `Oppstarten i stilling ${position.position} er allerede meldt${position.startDate ? ` (${position.startDate})` : ''}. Lenken kan bare brukes én gang.`,
      },
    ]);
  }
  if (position.status === 'LAPSED' || hasExpired(link, now)) {
    throw new GoneError('The position lapsed');
  }
  return {
    link,
    grant,
    position: positionOf(position),
    decidedOn: osloDateOf(new Date(grant.decidedAt ?? grant.createdAt)),
    lastDay: lapseDeadline(position),
  };
}

/**
 * The municipality reports the start: in one transaction the position becomes ACTIVE with its
 * start, the link is spent, and the position's yearly plan is written, paid from the start date
 * (its year 1 at the next daily run).
 */
export async function reportStart(
  token: string,
  fields: unknown,
  now = new Date(),
): Promise<{ applicationId: string; position: number; startDate: string; years: number }> {
  const { link, grant, position, decidedOn } = await openPositionLink(token, now);
  const parsed = parseStartReport(fields, {
    programme: PROGRAMMES[grant.programme],
    decidedOn,
    today: osloDateOf(now),
  });
  if (!parsed.ok) throw new ValidationError(parsed.errors);
  const report = parsed.value;
  const instalments = startedPositionInstalments(
    grant,
    { position: position.position, years: position.years, startDate: report.startDate },
    now,
  );
  const parts: Record<string, TransactItem> = {
    position: startPositionPart(
      grant.applicationId,
      position.position,
      { ...report, years: position.years },
      now,
    ),
    link: spendLinkPart(link, now),
    audit: auditPut(
      auditEvent(
        grant.applicationId,
        'position-started',
        link.holder,
        now,
        `Stilling ${position.position}: startet ${report.startDate}, ${report.employmentModel}, ${report.listSize} pasienter`,
      ),
    ),
  };
  for (const instalment of instalments) {
    parts[`year${instalment.year}`] = createInstalmentPart(instalment);
  }
  if (!(await transact(parts)).ok) {
    // Another post of a link came first, or the position lapsed meanwhile.
    await openPositionLink(token, now);
    throw new GoneError('The position no longer awaits its start');
  }
  logger.info('position started', {
    applicationId: grant.applicationId,
    position: position.position,
  });
  return {
    applicationId: grant.applicationId,
    position: position.position,
    startDate: report.startDate,
    years: position.years,
  };
}

/**
 * The daily run's work on a position awaiting its doctor: the reminder a month before the lapse
 * (with a fresh link), then the lapse, which gives its place back to the round and the
 * municipality in the same transaction, and tells the municipality and the lead.
 */
export async function onPositionTimer(position: PositionItem, now: Date): Promise<string> {
  if (position.status !== 'AWAITING_START' || !position.lapsesAt) return 'skipped';
  const grant = await loadGrant(position.applicationId);
  const programme = PROGRAMMES[grant.programme];
  const common = {
    programme,
    applicationId: grant.applicationId,
    municipalityName: grant.municipality.name,
    position: position.position,
  };
  if (position.timerStage === 'remind') {
    const startUrl = publicUrls.positionStart(await startLink(grant, position));
    await deliverMail({
      to: [grant.contactEmail],
      message: positionLapseReminderMessage({
        ...common,
        lead: await programmeLead(grant.programme),
        startUrl,
        lapsesAt: position.lapsesAt,
      }),
      programme: grant.programme,
      applicationId: grant.applicationId,
    });
    const lapsesAt = new Date(position.lapsesAt);
    await transact({
      position: positionReminderSentPart(position, lapsesAt > now ? lapsesAt : now),
      audit: auditPut(
        auditEvent(
          grant.applicationId,
          'position-lapse-reminded',
          SYSTEM_ACTOR,
          now,
          `Stilling ${position.position}`,
        ),
      ),
    });
    return 'position-reminded';
  }
  if (position.timerStage !== 'lapse') return 'skipped';
  const lapsed = await transact({
    position: lapsePositionPart(position, now),
    ...releasePositionParts(grant.roundId, grant.municipality.number),
    audit: auditPut(
      auditEvent(
        grant.applicationId,
        'position-lapsed',
        SYSTEM_ACTOR,
        now,
        `Stilling ${position.position}`,
      ),
    ),
  });
  if (!lapsed.ok) return 'skipped';
  await settleGrant(grant.applicationId, now);
  const lapsedOn = osloDateOf(now);
  await mailOnce(
    grant.applicationId,
    `position-lapsed-p${position.position}-municipality`,
    [grant.contactEmail],
    // A decision letter, which the municipality may complain of.
    async () =>
      positionLapsedMessage({
        ...common,
        lead: await programmeLead(grant.programme),
        lapsedOn,
        letter: await letterForMail(
          grant.applicationId,
          {
            kind: 'position-lapsed',
            position: position.position,
            lapsedOn,
            lapseAfterMonths: programme.positions.lapseAfterMonths,
          },
          0,
          now,
        ),
      }),
  );
  await mailOnce(
    grant.applicationId,
    `position-lapsed-p${position.position}-lead`,
    await staffWithRole(grant.programme, 'lead'),
    () => positionLapsedLeadMessage({ ...common, lapsedOn }),
  );
  logger.info('position lapsed', {
    applicationId: grant.applicationId,
    position: position.position,
  });
  return 'position-lapsed';
}
