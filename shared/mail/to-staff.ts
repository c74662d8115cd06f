// E-mail to the programme office's staff: the sign-in link they asked for.

import type { MailContent } from '../adapters/mail.js';
import type { Programme } from '../domain/programmes.js';
import { formatDateTime } from '../presentation/format.js';
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
