// E-mails to the programme lead: an escalation when a review has waited too long.

import type { MailContent } from '../adapters/mail.js';
import type { Programme } from '../domain/programmes.js';
import { daysText } from '../presentation/format.js';
import { composeMail, paragraph, type Block } from './render.js';

export function escalationMessage(m: {
  programme: Programme;
  applicationId: string;
  municipalityName: string;
  daysWaiting: number;
  pendingReviewers: string[];
}): MailContent {
  const pending: Block[] =
    m.pendingReviewers.length > 0
      ? [
          paragraph('Disse i fagrådet har fått lenke, men ikke registrert vedtak:'),
          { kind: 'list', items: m.pendingReviewers },
        ]
      : [];
  return composeMail({
    subject: `Søknad ${m.applicationId} fra ${m.municipalityName} har ventet ${daysText(m.daysWaiting)} på vurdering`,
    heading: 'En søknad venter lenge på vurdering',
    programme: m.programme,
    blocks: [
      paragraph(
        `Søknaden fra ${m.municipalityName} til ${m.programme.name} (søknad ${m.applicationId}) har ventet i ${daysText(m.daysWaiting)} uten vedtak.`,
      ),
      ...pending,
      paragraph('Følg opp med fagrådet, slik at kommunen får svar.'),
    ],
  });
}
