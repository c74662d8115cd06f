// The lead changes an application's contact (POST /staff/applications/{id}/actions): one
// transaction writes the new contact with a new status secret (the old status link then answers
// 404) and, once there is a grant, the grant's contact address, which its e-mails go to. The new
// address gets the new status link, the old one hears that the contact changed; each e-mail once,
// and a repeat sends whichever did not go out.

import { randomBytes } from 'node:crypto';
import { PROGRAMMES } from '../domain/programmes.js';
import type { ContactChange } from '../domain/staff-actions.js';
import { logger } from '../adapters/logger.js';
import { contactChangedToNewMessage, contactChangedToOldMessage } from '../mail/lead-actions.js';
import { publicUrls } from '../public-urls.js';
import { changeContactPart, getApplication } from '../store/applications.js';
import { auditEvent, auditPut } from '../store/audit.js';
import { changeGrantContactPart, getGrant } from '../store/grants.js';
import type { ApplicationItem } from '../store/items.js';
import { programmeLead } from './staff-register.js';
import { transact } from '../store/table.js';
import { mailOnce } from './grants.js';
import { actionConflict, mailLater } from './staff-action-answers.js';
import { statusTokenOf } from './status.js';

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

export async function changeContact(
  first: ApplicationItem,
  lead: string,
  contact: ContactChange,
  now: Date,
): Promise<void> {
  let app = first;
  for (let attempt = 1; attempt <= 3; attempt++) {
    if (attempt > 1) app = (await getApplication(app.applicationId)) ?? app;
    const old = app.application.contact;
    if (app.status === 'AWAITING_CONTACT') {
      throw actionConflict(
        'awaiting-contact',
        'Kontaktpersonen har ikke bekreftet e-postadressen ennå. Be kommunen bekrefte den, eller trekke søknaden og sende en ny med riktig kontaktperson.',
      );
    }
    if (
      same(old.email, contact.email) &&
      old.name === contact.name &&
      old.phone === contact.phone
    ) {
      if (app.contactChanges) await mailLater(app.applicationId, 'change-contact');
      throw actionConflict(
        'already-contact',
        `${contact.name} (${contact.email}) er allerede kontaktperson for søknaden.`,
      );
    }
    const count = (app.contactChanges ?? 0) + 1;
    const statusSecret = randomBytes(24).toString('base64url');
    const grant = await getGrant(app.applicationId);
    const written = await transact({
      application: changeContactPart(
        app,
        {
          contact: { ...old, ...contact },
          statusSecret,
          contactChanges: count,
          previousContactEmail: old.email,
        },
        now,
      ),
      grant: grant ? changeGrantContactPart(app.applicationId, contact.email, now) : undefined,
      audit: auditPut(
        auditEvent(
          app.applicationId,
          'contact-changed',
          lead,
          now,
          `Fra ${old.name} til ${contact.name}`,
        ),
      ),
    });
    if (!written.ok) continue;
    await mailLater(app.applicationId, 'change-contact');
    logger.info('contact changed by the lead', { applicationId: app.applicationId });
    return;
  }
  throw actionConflict(
    'changed-meanwhile',
    'Søknaden ble endret samtidig. Last inn siden på nytt og prøv igjen.',
  );
}

/** The latest change's two e-mails, each once (the municipality request step sends them). */
export async function announceContactChange(
  applicationId: string,
  now = new Date(),
): Promise<string> {
  const app = await getApplication(applicationId);
  const count = app?.contactChanges;
  if (!app || !count) return 'no-change';
  const oldEmail = app.previousContactEmail;
  const base = {
    programme: PROGRAMMES[app.programme],
    lead: await programmeLead(app.programme),
    applicationId: app.applicationId,
    municipalityName: app.application.municipality.name,
  };
  const { contact } = app.application;
  await mailOnce(
    app.applicationId,
    `contact-changed-${count}-new`,
    [contact.email],
    () =>
      contactChangedToNewMessage({
        ...base,
        name: contact.name,
        statusUrl: publicUrls.status(statusTokenOf(app)),
      }),
    now,
  );
  if (oldEmail && !same(oldEmail, contact.email)) {
    await mailOnce(
      app.applicationId,
      `contact-changed-${count}-old`,
      [oldEmail],
      () => contactChangedToOldMessage({ ...base, newName: contact.name }),
      now,
    );
  }
  return 'contact-change-mailed';
}
