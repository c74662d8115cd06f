// The lead's actions on the application's staff page: each a small form posting to
// /staff/applications/{id}/actions with the session's CSRF token; what cannot be undone asks for a
// ticked box first. Only the actions that fit the application's state are offered.

import { STAFF_ACTION_LABELS } from '../../domain/staff-actions.js';
import { Heading, Paragraph } from '../layout.js';
import { ChoiceGroup, TextArea, TextField } from './controls.js';

/** Which actions fit now; absent for anyone but the programme's lead. */
export interface StaffActionsOffer {
  /** Before a decision. */
  withdraw: boolean;
  /** While the review runs (before a decision). */
  resumeReview: boolean;
  /** Once there is a grant: a year's payment. */
  resumePayment: boolean;
}

export function StaffActions(p: {
  applicationId: string;
  csrfToken: string;
  offer: StaffActionsOffer;
}) {
  const action = `/staff/applications/${p.applicationId}/actions`;
  const none = !p.offer.withdraw && !p.offer.resumeReview && !p.offer.resumePayment;
  const Hidden = ({ name }: { name: string }) => (
    <>
      <input type="hidden" name="csrf" value={p.csrfToken} />
      <input type="hidden" name="action" value={name} />
    </>
  );
  return (
    <section aria-labelledby="handlinger-tittel" class="stack" data-testid="staff-actions">
      <Heading level={2} id="handlinger-tittel">
        Handlinger
      </Heading>
      {none && <Paragraph>Ingen handlinger passer for søknaden nå.</Paragraph>}
      {p.offer.withdraw && (
        <form method="post" action={action} class="stack" aria-labelledby="handling-trekk">
          <Hidden name="withdraw" />
          <Heading level={3} id="handling-trekk">
            {STAFF_ACTION_LABELS.withdraw}
          </Heading>
          <Paragraph>
            Søknaden blir trukket og vurderes ikke videre. Kommunen og fagrådet får beskjed på
            e-post.
          </Paragraph>
          <TextArea
            id="handling-trekk-begrunnelse"
            name="reason"
            label="Begrunnelse"
            hint="Kommer i saksloggen, for eksempel når og hvordan kommunen ba om det."
            value=""
            rows={3}
          />
          <ChoiceGroup
            id="handling-trekk-bekreft"
            name="confirm"
            label="Bekreftelse"
            type="checkbox"
            selected={[]}
            options={[{ value: 'true', label: 'Jeg vet at dette ikke kan angres.' }]}
          />
          <div>
            <button type="submit" class="ds-button" data-variant="secondary">
              Trekk søknaden
            </button>
          </div>
        </form>
      )}
      {p.offer.resumeReview && (
        <form method="post" action={action} class="stack" aria-labelledby="handling-gjenoppta">
          <Hidden name="resume" />
          <Heading level={3} id="handling-gjenoppta">
            {STAFF_ACTION_LABELS.resume}
          </Heading>
          <Paragraph>
            Bruk dette bare når saksbehandlingen har stoppet etter en feil. Går den allerede, skjer
            det ingenting.
          </Paragraph>
          <div>
            <button type="submit" class="ds-button" data-variant="secondary">
              Start saksbehandlingen på nytt
            </button>
          </div>
        </form>
      )}
      {p.offer.resumePayment && (
        <form
          method="post"
          action={action}
          class="stack"
          aria-labelledby="handling-gjenoppta-utbetaling"
        >
          <Hidden name="resume" />
          <Heading level={3} id="handling-gjenoppta-utbetaling">
            Start en stoppet utbetaling på nytt
          </Heading>
          <TextField
            id="handling-gjenoppta-stilling"
            name="position"
            label="Stilling"
            value="1"
            inputMode="numeric"
            short
          />
          <TextField
            id="handling-gjenoppta-aar"
            name="year"
            label="År"
            hint="Året i tilskuddsperioden, fra 1."
            value=""
            inputMode="numeric"
            short
          />
          <div>
            <button type="submit" class="ds-button" data-variant="secondary">
              Start utbetalingen på nytt
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
