// E-mails to the programme lead: an escalation when a review has waited too long, a year held for
// want of a confirmation, a grant that ended early, and a decision that reached a review workflow
// no longer running.

import type { MailContent } from '../adapters/mail.js';
import type { Programme } from '../domain/programmes.js';
import { daysText, formatDate, formatDeadline, formatNok } from '../presentation/format.js';
import { GRANT_END_REASON_LABELS } from '../presentation/labels.js';
import { composeMail, paragraph, type Block } from './render.js';
import {
  cancelledItems,
  type DeclinedFacts,
  declinedItems,
  declinedWhat,
  type GrantEndedFacts,
} from './to-municipality.js';

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

/** The due date came without the municipality's confirmation: the year is held, not paid. */
export function instalmentHeldMessage(m: {
  programme: Programme;
  applicationId: string;
  municipalityName: string;
  year: number;
  dueDate: string;
  net: number;
  /** When the grant ends if no confirmation comes (an instant; the day before is the last). */
  lastDay: string;
}): MailContent {
  return composeMail({
    subject: `Utbetaling holdt tilbake: ${m.municipalityName} har ikke bekreftet stillingen (søknad ${m.applicationId})`,
    heading: 'En utbetaling er holdt tilbake',
    programme: m.programme,
    blocks: [
      paragraph(
        `${m.municipalityName} har ikke bekreftet ALIS-stillingen for år ${m.year} (søknad ${m.applicationId}). Utbetalingen på ${formatNok(m.net)} med forfall ${formatDate(m.dueDate)} er derfor holdt tilbake.`,
      ),
      paragraph(
        `Bekrefter kommunen senere, frigis utbetalingen ved neste daglige kjøring. Kommer det ingen bekreftelse ${formatDeadline(m.lastDay, 'innen')}, avsluttes tilskuddet.`,
      ),
      paragraph('Ta gjerne kontakt med kommunen, slik at den får svart.'),
    ],
  });
}

/** A grant ended early: why, from when, and which years are no longer paid. */
export function grantEndedLeadMessage(facts: GrantEndedFacts): MailContent {
  return composeMail({
    subject: `Tilskudd avsluttet: ${facts.municipalityName} (søknad ${facts.applicationId})`,
    heading: 'Et tilskudd er avsluttet',
    programme: facts.programme,
    blocks: [
      paragraph(
        `Tilskuddet til ${facts.municipalityName} (søknad ${facts.applicationId}) er avsluttet fra ${formatDate(facts.endedOn)}, fordi ${GRANT_END_REASON_LABELS[facts.reason]}.`,
      ),
      ...(facts.cancelled.length > 0
        ? [
            paragraph('Kansellerte utbetalinger:'),
            { kind: 'list', items: cancelledItems(facts) } as Block,
          ]
        : [paragraph('Ingen planlagte utbetalinger er kansellert.')]),
      paragraph('Kommunen og økonomi har fått beskjed.'),
    ],
  });
}

/** A new position lapsed unfilled: its place is free in the round again. */
export function positionLapsedLeadMessage(m: {
  programme: Programme;
  applicationId: string;
  municipalityName: string;
  position: number;
  lapsedOn: string;
}): MailContent {
  return composeMail({
    subject: `ALIS-stilling ${m.position} hos ${m.municipalityName} er falt bort (søknad ${m.applicationId})`,
    heading: 'En ALIS-stilling er falt bort',
    programme: m.programme,
    blocks: [
      paragraph(
        `${m.municipalityName} meldte ikke oppstart i stilling ${m.position} (søknad ${m.applicationId}) innen fristen. Stillingen falt bort ${formatDate(m.lapsedOn)}, og plassen er ledig i søknadsrunden igjen.`,
      ),
    ],
  });
}

/** The municipality declined its grant, or positions of it, before any payment. */
export function positionsDeclinedLeadMessage(f: DeclinedFacts): MailContent {
  const what = declinedWhat(f);
  return composeMail({
    subject: `Kommunen takket nei: ${f.municipalityName} (søknad ${f.applicationId})`,
    heading: 'En kommune har takket nei',
    programme: f.programme,
    lead: f.lead,
    blocks: [
      paragraph(
        `${f.municipalityName} takket ${formatDate(f.declinedOn)} nei til ${what} (søknad ${f.applicationId}) gjennom statussiden, før noen utbetaling. ${f.grantEnded ? 'Tilskuddet er avsluttet.' : 'De andre stillingene fortsetter.'} Plassen er ledig i søknadsrunden igjen.`,
      ),
      ...(f.cancelled.length > 0
        ? [
            paragraph('Kansellerte utbetalinger:'),
            { kind: 'list', items: declinedItems(f) } as Block,
          ]
        : [paragraph('Ingen utbetalinger var planlagt ennå.')]),
      paragraph('Kommunen og økonomi har fått beskjed.'),
    ],
  });
}
