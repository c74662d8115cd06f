// A reviewer's decision link: the application in full and the decision form. Rendering it changes
// nothing (mail scanners open links before people do); only the POST records a decision.

import type { Application, FieldError } from '../../domain/application.js';
import { DECISIONS } from '../../domain/review.js';
import type { Programme } from '../../domain/programmes.js';
import {
  formatDateTime,
  formatDeadline,
  formatNok,
  positionsText,
} from '../../presentation/format.js';
import { DECISION_LABELS, grantAmountText } from '../../presentation/labels.js';
import { ErrorSummary, Heading, Paragraph, renderPage, type SummaryError } from '../layout.js';
import { ApplicationSummary } from './application-summary.js';
import { ChoiceGroup, TextArea, TextField } from './controls.js';

export interface DecisionPageProps {
  applicationId: string;
  application: Application;
  programmeName: string;
  /** The programme's grant: its maximum prefills the yearly amount, its egenandel is the floor. */
  programme: Programme;
  submittedAt: string;
  /** The reviewer the link was issued to. */
  reviewer: string;
  expiresAt: string;
  action: string;
  errors: FieldError[];
  values: DecisionValues;
}

/** What the form shows again after a refused post, as posted. */
export interface DecisionValues {
  decision?: string;
  comment?: string;
  yearlyAmount?: string;
  positionsApproved?: string;
}

const DECISION_FIELDS: Record<string, { id: string; label: string }> = {
  decision: { id: 'field-decision', label: 'Vedtak' },
  comment: { id: 'field-comment', label: 'Kommentar til kommunen' },
  yearlyAmount: { id: 'field-yearlyAmount', label: 'Årlig tilskudd per stilling' },
  positionsApproved: { id: 'field-positionsApproved', label: 'Godkjente stillinger' },
};

/**
 * Where the reviewer may set the yearly amount: at most the programme's maximum (ALIS-Vest pays
 * "inntil"), at least the egenandel so that no year nets below zero.
 */
function yearlyAmountHint(programme: Programme): string {
  const maximum = programme.grantPerPositionPerYear;
  const share = programme.municipalSharePerPositionPerYear;
  const range =
    share > 0
      ? `Minst egenandelen på ${formatNok(share)} og høyst ${formatNok(maximum)}`
      : `Høyst ${formatNok(maximum)}`;
  return `Gjelder når du godkjenner. Hele kroner per stilling per år; programmet gir ${grantAmountText(programme, maximum)}. ${range}.`;
}

export function decisionPage(p: DecisionPageProps): string {
  const title = `Vurder søknad ${p.applicationId}`;
  const messages = new Map<string, string>();
  const summary: SummaryError[] = [];
  for (const error of p.errors) {
    const field = DECISION_FIELDS[error.path];
    if (field) {
      messages.set(error.path, [messages.get(error.path), error.message].filter(Boolean).join(' '));
      summary.push({ message: `${field.label}: ${error.message}`, href: `#${field.id}` });
    } else {
      summary.push({ message: error.message });
    }
  }
  const asked = p.application.positionsRequested;
  const positions = positionsText(asked);
  const hints: Record<string, string> = {
    approve:
      asked > 1
        ? `Kommunen søkte om ${positions}; velg under hvor mange du godkjenner.`
        : `Kommunen får tilskudd til ${positions}.`,
    reject: 'Skriv en begrunnelse i kommentarfeltet; kommunen får den.',
    'request-changes':
      'Skriv hva kommunen må endre; kommunen får kommentaren og en lenke for å endre søknaden.',
  };

  return renderPage(
    { title, hasErrors: summary.length > 0 },
    <>
      <Heading level={1}>{title}</Heading>
      <ErrorSummary errors={summary} />
      <dl class="facts">
        <dt>Program</dt>
        <dd>{p.programmeName}</dd>
        <dt>Kommune</dt>
        <dd>{p.application.municipality.name}</dd>
        <dt>Sendt inn</dt>
        <dd>{formatDateTime(p.submittedAt)}</dd>
        <dt>Lenken gjelder</dt>
        <dd>{formatDeadline(p.expiresAt)}</dd>
      </dl>
      <Paragraph>
        Lenken er personlig for {p.reviewer}. Vedtaket registreres i ditt navn, og søknaden kan bare
        få ett vedtak per vurderingsrunde.
      </Paragraph>
      <section class="stack" aria-labelledby="soknaden">
        <Heading level={2} id="soknaden">
          Søknaden
        </Heading>
        <ApplicationSummary application={p.application} />
      </section>
      <section class="stack" aria-labelledby="vedtak">
        <Heading level={2} id="vedtak">
          Vedtak
        </Heading>
        <form method="post" action={p.action} noValidate class="stack" aria-labelledby="vedtak">
          <ChoiceGroup
            id={DECISION_FIELDS.decision!.id}
            name="decision"
            type="radio"
            label="Hva er vedtaket ditt?"
            hint="Vedtaket sendes til kommunen på e-post."
            selected={p.values.decision ? [p.values.decision] : []}
            options={DECISIONS.map((d) => ({
              value: d,
              label: DECISION_LABELS[d],
              hint: hints[d],
            }))}
            error={messages.get('decision')}
          />
          {asked > 1 && (
            <ChoiceGroup
              id={DECISION_FIELDS.positionsApproved!.id}
              name="positionsApproved"
              type="radio"
              label="Hvor mange stillinger godkjenner du?"
              hint={`Gjelder når du godkjenner. Kommunen søkte om ${positions}; som standard godkjennes alle.`}
              selected={[p.values.positionsApproved ?? String(asked)]}
              options={Array.from({ length: asked }, (_, i) => ({
                value: String(i + 1),
                label: positionsText(i + 1),
              }))}
              error={messages.get('positionsApproved')}
            />
          )}
          <TextField
            id={DECISION_FIELDS.yearlyAmount!.id}
            name="yearlyAmount"
            label={DECISION_FIELDS.yearlyAmount!.label}
            hint={yearlyAmountHint(p.programme)}
            value={p.values.yearlyAmount ?? String(p.programme.grantPerPositionPerYear)}
            inputMode="numeric"
            short
            error={messages.get('yearlyAmount')}
          />
          <TextArea
            id={DECISION_FIELDS.comment!.id}
            name="comment"
            label={DECISION_FIELDS.comment!.label}
            hint="Må fylles ut ved avslag og når du ber om endringer. Kommunen ser kommentaren."
            value={p.values.comment ?? ''}
            error={messages.get('comment')}
          />
          <div class="actions">
            <button type="submit" class="ds-button" data-variant="primary">
              Registrer vedtaket
            </button>
          </div>
        </form>
      </section>
    </>,
  );
}
