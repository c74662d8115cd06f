// E-mails to the reviewers (fagrådet): a request to review with the whole application, and the
// reminder and fresh link when it waits. Each carries the reviewer's own decision link. And the
// news that the municipality withdrew an application, which ends the links.

import type { MailContent } from '../adapters/mail.js';
import type { Application } from '../domain/application.js';
import type { Programme } from '../domain/programmes.js';
import { daysText, formatDateTime, formatDeadline, positionsText } from '../presentation/format.js';
import { applicationSummary } from '../presentation/summary.js';
import { composeMail, link, paragraph, type Block } from './render.js';

export interface ReviewRequestInput {
  programme: Programme;
  applicationId: string;
  application: Application;
  submittedAt: string;
  decisionUrl: string;
  expiresAt: string;
  /** Defaults to the application's municipality name. */
  municipalityName?: string;
  daysWaiting?: number;
}

/**
 * Reminder and renewal take the same input as a review request (so one mailing loop can send any
 * of them); only what they need is required.
 */
export interface ReviewNudgeInput {
  programme: Programme;
  applicationId: string;
  decisionUrl: string;
  expiresAt: string;
  municipalityName?: string;
  application?: Application;
  daysWaiting?: number;
}

export function reviewRequestMessage(m: ReviewRequestInput): MailContent {
  const municipality = municipalityOf(m);
  return composeMail({
    subject: `Ny søknad til vurdering: ${municipality} (${m.applicationId})`,
    heading: 'Ny søknad til vurdering',
    programme: m.programme,
    blocks: [
      paragraph(
        `${municipality} søker ${m.programme.name} om ${positionsText(m.application.positionsRequested)} (søknad ${m.applicationId}, sendt inn ${formatDateTime(m.submittedAt)}).`,
      ),
      link('Vurder søknaden', m.decisionUrl),
      personalLink(m.expiresAt),
      { kind: 'sections', sections: applicationSummary(m.application) },
      link('Vurder søknaden', m.decisionUrl),
    ],
  });
}

export function reviewReminderMessage(m: ReviewNudgeInput): MailContent {
  const municipality = municipalityOf(m);
  const waited = m.daysWaiting === undefined ? '' : ` i ${daysText(m.daysWaiting)}`;
  return composeMail({
    subject: `Påminnelse: søknad ${m.applicationId} fra ${municipality} venter på vurdering`,
    heading: 'Søknaden venter på vurderingen din',
    programme: m.programme,
    blocks: [
      paragraph(
        `Søknaden fra ${municipality} til ${m.programme.name} (søknad ${m.applicationId}) har ventet på vurdering${waited}.`,
      ),
      link('Vurder søknaden', m.decisionUrl),
      personalLink(m.expiresAt),
    ],
  });
}

export function reviewLinksRenewedMessage(m: ReviewNudgeInput): MailContent {
  const municipality = municipalityOf(m);
  return composeMail({
    subject: `Ny lenke: søknad ${m.applicationId} fra ${municipality} venter fortsatt på vurdering`,
    heading: 'Ny lenke for å vurdere søknaden',
    programme: m.programme,
    blocks: [
      paragraph(
        `Lenken du fikk for å vurdere søknaden fra ${municipality} til ${m.programme.name} (søknad ${m.applicationId}) har gått ut, og søknaden har ennå ikke fått vedtak. Her er en ny lenke.`,
      ),
      link('Vurder søknaden', m.decisionUrl),
      personalLink(m.expiresAt),
    ],
  });
}

/** The municipality withdrew an application the reviewer had a link for; nothing is left to do. */
export function applicationWithdrawnMessage(m: {
  programme: Programme;
  applicationId: string;
  municipalityName: string;
}): MailContent {
  return composeMail({
    subject: `Søknad ${m.applicationId} er trukket av kommunen`,
    heading: 'Søknaden er trukket',
    programme: m.programme,
    blocks: [
      paragraph(
        `Du trenger ikke gjøre noe: ${m.municipalityName} har trukket søknaden til ${m.programme.name} (søknad ${m.applicationId}) før vedtak.`,
      ),
      paragraph(
        'Lenken du fikk for å vurdere søknaden, virker ikke lenger. Søknaden og historikken står på ansattsidene.',
      ),
    ],
  });
}

function municipalityOf(m: { municipalityName?: string; application?: Application }): string {
  return m.municipalityName ?? m.application?.municipality.name ?? 'kommunen';
}

function personalLink(expiresAt: string): Block {
  return paragraph(
    `Lenken er personlig og kan brukes ${formatDeadline(expiresAt, 'senest')}. Den som har lenken, kan registrere vedtak i ditt navn, så ikke send e-posten videre.`,
  );
}
