// "Find my application": an organisation number and a contact address together find the
// applications and drafts that carry both, and their registered contact is mailed the links. The
// web function only starts the step (adapters/municipality-requests.ts) for any pair, so its
// answer and its time are the same whether anything matches; the step does the same reads either
// way and mails nobody but the contact the records name.

import { osloDateOf } from '../domain/calendar.js';
import { PROGRAMMES, PROGRAMME_IDS, type ProgrammeId } from '../domain/programmes.js';
import { logger } from '../adapters/logger.js';
import { hashToken } from '../links.js';
import { foundMessage } from '../mail/to-municipality.js';
import { publicUrls } from '../public-urls.js';
import { getApplication } from '../store/applications.js';
import { countFindRequest, getDraft, pairHashOf, queryFound } from '../store/drafts.js';
import { addressHashOf } from './contacts.js';
import { freshDraftUrl } from './drafts.js';
import { statusTokenOf } from './status.js';
import { deliverMail } from './mailing.js';
import { programmeLead } from './staff-register.js';

/** OFFICE SETTING: requests to find a day, per address and per organisation number. */
export const MAX_FIND_REQUESTS_PER_DAY = 3;

/** The step: counts the request, looks the pair up and mails the contact what it finds. */
export async function findAndMail(
  organisationNumber: string,
  email: string,
  now = new Date(),
): Promise<'mailed' | 'nothing-found' | 'limited'> {
  const day = osloDateOf(now);
  const keep = Math.floor(now.getTime() / 1000) + 3 * 86_400;
  // Both counts are taken whatever the answer, so a refused request costs what another does.
  const [byAddress, byOrganisation] = await Promise.all([
    countFindRequest(addressHashOf(email), day, MAX_FIND_REQUESTS_PER_DAY, keep),
    countFindRequest(
      hashToken(`org:${organisationNumber.replace(/\s/g, '')}`),
      day,
      MAX_FIND_REQUESTS_PER_DAY,
      keep,
    ),
  ]);
  if (!byAddress || !byOrganisation) return 'limited';

  const found = await queryFound(pairHashOf(organisationNumber, email));
  const wanted = email.trim().toLowerCase();
  const byProgramme = new Map<
    ProgrammeId,
    {
      to: string;
      applications: { applicationId: string; municipalityName: string; statusUrl: string }[];
      drafts: { draftUrl: string; closesAt: string }[];
    }
  >();
  const entry = (programme: ProgrammeId, to: string) => {
    const known = byProgramme.get(programme);
    if (known) return known;
    const fresh = { to, applications: [], drafts: [] };
    byProgramme.set(programme, fresh);
    return fresh;
  };
  for (const item of found) {
    if (item.kind === 'application') {
      const app = await getApplication(item.id);
      // The entry is what was written; the application says who its contact is now.
      if (!app || app.application.contact.email.trim().toLowerCase() !== wanted) continue;
      entry(app.programme, app.application.contact.email).applications.push({
        applicationId: app.applicationId,
        municipalityName: app.application.municipality.name,
        statusUrl: publicUrls.status(statusTokenOf(app)),
      });
    } else {
      const draft = await getDraft(item.id);
      if (
        draft?.status !== 'OPEN' ||
        !draft.contactEmail ||
        draft.contactEmail.trim().toLowerCase() !== wanted ||
        now.getTime() >= Date.parse(draft.closesAt)
      )
        continue;
      entry(draft.programme ?? PROGRAMME_IDS[0], draft.contactEmail).drafts.push({
        draftUrl: await freshDraftUrl(draft),
        closesAt: draft.closesAt,
      });
    }
  }
  if (byProgramme.size === 0) return 'nothing-found';
  for (const [programme, links] of byProgramme) {
    await deliverMail({
      to: [links.to],
      message: foundMessage({
        programme: PROGRAMMES[programme],
        lead: await programmeLead(programme),
        applications: links.applications,
        drafts: links.drafts,
      }),
      programme,
    });
  }
  logger.info('find request answered', { programmes: byProgramme.size });
  return 'mailed';
}
