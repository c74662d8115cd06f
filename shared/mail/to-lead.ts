// E-mails to the programme lead: an escalation when a review has waited too long, and a decision
// that reached a review workflow no longer running.

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

const DECISION_WORDS: Record<'approve' | 'reject' | 'request-changes', string> = {
  approve: 'godkjent',
  reject: 'avslått',
  'request-changes': 'bedt om endringer i',
};

/**
 * A reviewer decided, but the application's workflow had stopped (failed after its retries, or
 * was stopped), so nothing carries the decision further until someone resumes it.
 */
export function stoppedWorkflowMessage(m: {
  programme: Programme;
  applicationId: string;
  municipalityName: string;
  decision: 'approve' | 'reject' | 'request-changes';
  decidedBy: string;
  /** Whether the municipality has been sent the outcome directly. */
  municipalityTold: boolean;
}): MailContent {
  return composeMail({
    subject: `Søknad ${m.applicationId} fra ${m.municipalityName}: vedtaket nådde ikke saksflyten`,
    heading: 'Et vedtak nådde ikke saksflyten',
    programme: m.programme,
    blocks: [
      paragraph(
        `${m.decidedBy} har ${DECISION_WORDS[m.decision]} søknaden fra ${m.municipalityName} til ${m.programme.name} (søknad ${m.applicationId}). Vedtaket er lagret, men saksflyten for søknaden var stanset, så den fører ikke vedtaket videre.`,
      ),
      paragraph(
        m.municipalityTold
          ? 'Kommunen har fått melding om vedtaket direkte.'
          : 'Kommunen har ikke fått melding ennå; den får det når saksflyten gjenopptas.',
      ),
      paragraph(
        `Be driften gjenoppta saksflyten (npm run resume -- ${m.applicationId}), slik at resten av saken blir gjort, for eksempel at tilskuddet blir opprettet.`,
      ),
    ],
  });
}
