// The lead's actions on an open review round (POST /staff/applications/{id}/actions): send the
// reviewers fresh decision links, or replace one reviewer with another. Links are random and kept
// only as hashes, so they are not revoked one by one: the round counts a revision of its links,
// each link carries the revision it was issued in, and a reviewer's links older than the round's
// `linksValidFrom` for them answer 410 (reviews.ts `isCurrentDecisionLink`). A replaced reviewer
// leaves the round's reviewers, whose decision the round counts and who are reminded.

import { logger } from '../adapters/logger.js';
import { getApplication } from '../store/applications.js';
import { auditEvent, auditPut } from '../store/audit.js';
import type { ApplicationItem, ReviewRoundItem } from '../store/items.js';
import { getReviewRound, reviseReviewLinksPart } from '../store/review-rounds.js';
import { transact } from '../store/table.js';
import { mailReviewers } from './reviews.js';
import { actionConflict, mailLater } from './staff-action-answers.js';
import { holdsRole, staffWithRole } from './staff-register.js';

/** A resend again within this time is taken for a repeat of the same request (a double click). */
export const RESEND_REPEAT_MINUTES = 10;

async function openRound(app: ApplicationItem): Promise<ReviewRoundItem> {
  const round =
    app.status === 'IN_REVIEW' && app.reviewRound > 0
      ? await getReviewRound(app.applicationId, app.reviewRound)
      : undefined;
  if (round?.status !== 'OPEN') {
    throw actionConflict(
      'no-open-round',
      'Søknaden er ikke til vurdering i fagrådet nå, så det finnes ingen vedtakslenker å sende eller fagrådsmedlemmer å bytte.',
    );
  }
  return round;
}

/** Fresh links to the round's reviewers who still hold the role; every earlier link answers 410. */
export async function resendLinks(app: ApplicationItem, lead: string, now: Date): Promise<void> {
  const round = await openRound(app);
  if (
    round.linksResentAt &&
    now.getTime() - Date.parse(round.linksResentAt) < RESEND_REPEAT_MINUTES * 60_000
  ) {
    // A repeat: whoever the first did not reach yet is mailed now.
    await mailLater(app.applicationId, 'resend-links');
    throw actionConflict(
      'already-sent',
      `Nye vedtakslenker ble sendt for mindre enn ${RESEND_REPEAT_MINUTES} minutter siden. De gamle lenkene virker ikke lenger.`,
    );
  }
  const current = new Set(await staffWithRole(app.programme, 'reviewer'));
  const reviewers = round.reviewers.filter((r) => current.has(r));
  if (reviewers.length === 0) {
    throw actionConflict(
      'no-reviewers',
      'Ingen av fagrådsmedlemmene i vurderingen har rollen lenger. Bytt inn et fagrådsmedlem først.',
    );
  }
  const revision = (round.linkRevision ?? 0) + 1;
  const next = {
    reviewers: round.reviewers,
    linksValidFrom: {
      ...round.linksValidFrom,
      ...Object.fromEntries(round.reviewers.map((r) => [r, revision])),
    },
    notified: [],
    linkRevision: revision,
    linksResentAt: now.toISOString(),
  };
  const written = await transact({
    round: reviseReviewLinksPart(round, next),
    audit: auditPut(
      auditEvent(
        app.applicationId,
        'decision-links-resent',
        lead,
        now,
        `Til ${reviewers.join(', ')}`,
      ),
    ),
  });
  if (!written.ok) throw changedMeanwhile();
  await mailLater(app.applicationId, 'resend-links');
  logger.info('decision links resent by the lead', {
    applicationId: app.applicationId,
    round: round.round,
    reviewers: reviewers.length,
  });
}

/**
 * `to` (a reviewer in the programme's register) takes `from`'s place on the open round: `from`'s
 * links answer 410, `to` is mailed a link of their own, and the round goes on with the new set.
 */
export async function replaceReviewer(
  app: ApplicationItem,
  lead: string,
  change: { from: string; to: string },
  now: Date,
): Promise<void> {
  const { from, to } = change;
  const round = await openRound(app);
  if (!round.reviewers.includes(from)) {
    if (round.reviewers.includes(to)) {
      // A repeat: the new reviewer is mailed if the first did not reach them.
      await mailLater(app.applicationId, 'replace-reviewer');
      throw actionConflict('already-replaced', `${from} er allerede byttet ut med ${to}.`);
    }
    throw actionConflict('not-on-round', `${from} er ikke med i fagrådets vurdering av søknaden.`);
  }
  if (round.reviewers.includes(to)) {
    throw actionConflict('already-on-round', `${to} er allerede med i vurderingen av søknaden.`);
  }
  if (!(await holdsRole(app.programme, to, 'reviewer'))) {
    throw actionConflict(
      'not-a-reviewer',
      `${to} har ikke rollen fagråd i programmet. Gi personen rollen på administrasjonssiden først.`,
    );
  }
  const revision = (round.linkRevision ?? 0) + 1;
  const next = {
    reviewers: round.reviewers.map((r) => (r === from ? to : r)),
    linksValidFrom: { ...round.linksValidFrom, [from]: revision, [to]: revision },
    notified: (round.notified ?? []).filter((r) => r !== from && r !== to),
    linkRevision: revision,
  };
  const written = await transact({
    round: reviseReviewLinksPart(round, next),
    audit: auditPut(
      auditEvent(app.applicationId, 'reviewer-replaced', lead, now, `${from} → ${to}`),
    ),
  });
  if (!written.ok) throw changedMeanwhile();
  await mailLater(app.applicationId, 'replace-reviewer');
  logger.info('reviewer replaced by the lead', {
    applicationId: app.applicationId,
    round: round.round,
  });
}

/**
 * The open round's reviewers not yet mailed in this window get their links (the municipality
 * request step): after a resend, all of them; after a replacement, the new one.
 */
export async function mailRoundReviewers(applicationId: string, now = new Date()): Promise<string> {
  const app = await getApplication(applicationId);
  if (app?.status !== 'IN_REVIEW') return 'not-in-review';
  const round = await getReviewRound(applicationId, app.reviewRound);
  if (round?.status !== 'OPEN') return 'no-open-round';
  await mailReviewers(app, round, round.reviewers, now);
  return 'reviewers-mailed';
}

function changedMeanwhile() {
  return actionConflict(
    'changed-meanwhile',
    'Vurderingen ble endret samtidig (et vedtak, eller en annen endring). Last inn siden på nytt og prøv igjen.',
  );
}
