// E-mail to the programme office's staff: the sign-in link they asked for, and an address that
// takes no mail.

import type { MailContent } from '../adapters/mail.js';
import type { Programme } from '../domain/programmes.js';
import { formatDateTime } from '../presentation/format.js';
import { CONTACT_UNDELIVERABLE_TEXT, UNDELIVERABLE_REASON_LABELS } from '../presentation/labels.js';
import { composeMail, link, paragraph } from './render.js';

export function signInMessage(m: {
  programme: Programme;
  url: string;
  expiresAt: string;
  minutes: number;
}): MailContent {
  return composeMail({
    subject: 'Logg inn i ALIS-tilskudd',
    heading: 'Logg inn i ALIS-tilskudd',
    programme: m.programme,
    blocks: [
      paragraph(
        `Du ba om å logge inn som ansatt i ${m.programme.name}. Lenken virker én gang, i ${m.minutes} minutter (til ${formatDateTime(m.expiresAt)}).`,
      ),
      link('Logg inn', m.url),
      paragraph('Ba du ikke om dette, kan du se bort fra e-posten. Ingen logges inn uten lenken.'),
    ],
  });
}

/** Who an address that takes no mail belongs to, as the e-mail about it names it. */
export type UndeliverableRole = 'lead' | 'reviewer' | 'finance' | 'contact';

const ROLE_TEXT: Record<UndeliverableRole, string> = {
  lead: 'programleder',
  reviewer: 'medlem av fagrådet',
  finance: 'økonomi',
  contact: 'kontaktperson for kommunen',
};

const ROLE_CONSEQUENCE: Record<Exclude<UndeliverableRole, 'contact'>, string> = {
  lead: 'Programlederen får ikke lenger varsler herfra, for eksempel om søknader som venter lenge på vurdering. Si fra til programlederen på annen måte.',
  reviewer:
    'Fagrådsmedlemmet får ikke lenger lenker til nye vurderinger eller påminnelser. Sørg for at fagrådet får en adresse som virker: en ny adresse får e-post igjen.',
  finance:
    'Økonomi får ikke lenger utbetalingsvarsler eller påminnelser. Sørg for en adresse som virker: en ny adresse får e-post igjen.',
};

/**
 * To the lead (or, when it is the lead's address, the programme's other staff): SES reported that
 * an address bounces or complained, and no more mail goes to it.
 */
export function undeliverableAddressMessage(m: {
  programme: Programme;
  address: string;
  reason: 'bounce' | 'complaint';
  role: UndeliverableRole;
  /** For a contact: the application whose e-mail bounced, and its page for staff. */
  application?: { applicationId: string; municipalityName: string; staffUrl: string };
}): MailContent {
  const who = m.application
    ? `${ROLE_TEXT.contact} ${m.application.municipalityName} (søknad ${m.application.applicationId})`
    : `${ROLE_TEXT[m.role]} i ${m.programme.name}`;
  return composeMail({
    subject: m.application
      ? `E-post til kontaktpersonen for ${m.application.municipalityName} når ikke fram (søknad ${m.application.applicationId})`
      : `E-post til ${m.address} når ikke fram`,
    heading: 'En e-postadresse tar ikke imot e-post',
    programme: m.programme,
    blocks: [
      paragraph(`Adressen ${m.address}, ${who}: ${UNDELIVERABLE_REASON_LABELS[m.reason]}.`),
      ...(m.application
        ? [paragraph(CONTACT_UNDELIVERABLE_TEXT), link('Se søknaden', m.application.staffUrl)]
        : [
            paragraph('Det sendes ikke mer e-post til denne adressen.'),
            paragraph(ROLE_CONSEQUENCE[m.role as Exclude<UndeliverableRole, 'contact'>]),
          ]),
    ],
  });
}
