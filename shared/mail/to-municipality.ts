// E-mails to the municipality's contact person: the receipt, the outcome of the review, a request
// for changes and a withdrawal.

import type { MailContent } from '../adapters/mail.js';
import type { Programme } from '../domain/programmes.js';
import { formatDeadline, positionsText } from '../presentation/format.js';
import { grantAmountText } from '../presentation/labels.js';
import { composeMail, link, paragraph, quoteIfAny } from './render.js';

/** What every mail to a municipality names. */
export interface MunicipalityMailBase {
  programme: Programme;
  applicationId: string;
  municipalityName: string;
}

export function receiptMessage(m: MunicipalityMailBase & { statusUrl: string }): MailContent {
  const { programme } = m;
  return composeMail({
    subject: `Kvittering: søknad ${m.applicationId} til ${programme.name} er mottatt`,
    heading: 'Vi har mottatt søknaden',
    programme,
    blocks: [
      paragraph(
        `${programme.name} har mottatt søknaden fra ${m.municipalityName} om tilskudd til ALIS-stillinger. Søknadsnummeret er ${m.applicationId}.`,
      ),
      paragraph('Fagrådet vurderer søknaden, og dere får svar på e-post.'),
      link('Se status for søknaden', m.statusUrl),
      paragraph(
        'Lenken er personlig: alle som har den, kan se søknadens status. Del den bare med dem som trenger den.',
      ),
    ],
  });
}

/** The approval, with the grant as the programme pays it (ALIS-Vest's is a ceiling, "inntil"). */
export function approvedMessage(
  m: MunicipalityMailBase & { positions: number; comment?: string },
): MailContent {
  const { programme } = m;
  const perYear = programme.grantPerPositionPerYear;
  const total = m.positions * perYear * programme.grantYears;
  return composeMail({
    subject: `Søknad ${m.applicationId} til ${programme.name} er godkjent`,
    heading: 'Søknaden er godkjent',
    programme,
    blocks: [
      paragraph(
        `${programme.name} har godkjent søknaden fra ${m.municipalityName} om ${positionsText(m.positions)} (søknad ${m.applicationId}).`,
      ),
      {
        kind: 'facts',
        rows: [
          ['Stillinger', String(m.positions)],
          ['Tilskudd per stilling per år', grantAmountText(programme, perYear)],
          ['Antall år', String(programme.grantYears)],
          ['Til sammen', grantAmountText(programme, total)],
        ],
      },
      ...quoteIfAny('Kommentar fra fagrådet:', m.comment),
      paragraph(
        'Tilskuddet utbetales én gang i året. Før hver utbetaling ber vi dere på e-post bekrefte at stillingen fortsatt er besatt.',
      ),
    ],
  });
}

export function rejectedMessage(m: MunicipalityMailBase & { comment: string }): MailContent {
  const { programme } = m;
  return composeMail({
    subject: `Søknad ${m.applicationId} til ${programme.name} er avslått`,
    heading: 'Søknaden er avslått',
    programme,
    blocks: [
      paragraph(
        `${programme.name} har avslått søknaden fra ${m.municipalityName} (søknad ${m.applicationId}).`,
      ),
      { kind: 'quote', intro: 'Begrunnelse fra fagrådet:', text: m.comment },
      paragraph('Har dere spørsmål om vedtaket, kan dere kontakte programleder.'),
    ],
  });
}

export function changesRequestedMessage(
  m: MunicipalityMailBase & { comment: string; amendUrl: string; deadline: string },
): MailContent {
  const { programme } = m;
  return composeMail({
    subject: `Søknad ${m.applicationId} til ${programme.name}: fagrådet ber om endringer`,
    heading: 'Fagrådet ber om endringer i søknaden',
    programme,
    blocks: [
      paragraph(
        `Fagrådet i ${programme.name} har vurdert søknaden fra ${m.municipalityName} (søknad ${m.applicationId}) og ber dere endre den før fagrådet kan ta stilling til den.`,
      ),
      { kind: 'quote', intro: 'Dette ber fagrådet om:', text: m.comment },
      link('Endre søknaden', m.amendUrl),
      paragraph(
        `Send den endrede søknaden ${formatDeadline(m.deadline)}. Blir søknaden ikke endret innen fristen, blir den trukket.`,
      ),
      paragraph('Lenken er personlig for kommunen. Del den bare med dem som skal endre søknaden.'),
    ],
  });
}

export function withdrawnMessage(m: MunicipalityMailBase): MailContent {
  const { programme } = m;
  return composeMail({
    subject: `Søknad ${m.applicationId} til ${programme.name} er trukket`,
    heading: 'Søknaden er trukket',
    programme,
    blocks: [
      paragraph(
        `Søknaden fra ${m.municipalityName} til ${programme.name} (søknad ${m.applicationId}) er trukket og blir ikke vurdert videre.`,
      ),
      paragraph('Dere kan sende en ny søknad så lenge det er en åpen søknadsrunde.'),
    ],
  });
}
