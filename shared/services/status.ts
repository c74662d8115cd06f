// What a status link shows: the application's status and its audit trail.

import { isApplicationIdShape } from '../domain/review.js';
import { NotFoundError } from '../errors.js';
import { sameSecret } from '../links.js';
import { getApplication } from '../store/applications.js';
import { getContactVerification } from '../store/contacts.js';
import { listEvents } from '../store/audit.js';
import type { ApplicationItem, AuditEventItem } from '../store/items.js';
import type { Letter } from '../domain/letters.js';
import { listComplaints, listLetters, type ComplaintItem } from '../store/letters.js';

/** The status token of an application: its id and its status secret. */
export function statusTokenOf(app: Pick<ApplicationItem, 'applicationId' | 'statusSecret'>) {
  return `${app.applicationId}.${app.statusSecret}`;
}

/**
 * The application a status token opens. Status tokens are `<applicationId>.<secret>`; ids never
 * contain a dot. Malformed, unknown or with the wrong secret: not found, alike.
 */
export async function applicationOfStatusToken(token: string): Promise<ApplicationItem> {
  const dot = token.indexOf('.');
  if (dot <= 0) throw new NotFoundError('Malformed status token');
  const applicationId = token.slice(0, dot);
  const secret = token.slice(dot + 1);
  if (!isApplicationIdShape(applicationId)) throw new NotFoundError('Malformed application id');
  // Consistent: the receipt page and a script's first GET come right after the write.
  const app = await getApplication(applicationId);
  if (!app || !sameSecret(app.statusSecret, secret)) throw new NotFoundError('Unknown status link');
  return app;
}

export async function readStatus(token: string): Promise<{
  app: ApplicationItem;
  history: AuditEventItem[];
  /** While AWAITING_CONTACT: when the application is withdrawn unless the contact confirms. */
  contactDeadline?: string;
  /** Its decision letters, oldest first, each with its complaint if one was filed. */
  letters?: { letter: Letter; complaint?: ComplaintItem }[];
}> {
  const app = await applicationOfStatusToken(token);
  const applicationId = app.applicationId;
  const [history, verification, letters, complaints] = await Promise.all([
    listEvents(applicationId),
    app.status === 'AWAITING_CONTACT' ? getContactVerification(applicationId) : undefined,
    listLetters(applicationId),
    listComplaints(applicationId),
  ]);
  return {
    app,
    history,
    ...(verification && { contactDeadline: verification.deadline }),
    letters: letters
      .sort((a, b) => a.letter.number - b.letter.number)
      .map(({ letter }) => {
        const complaint = complaints.find((c) => c.letter === letter.number);
        return { letter, ...(complaint && { complaint }) };
      }),
  };
}
