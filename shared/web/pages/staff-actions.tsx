// The lead's actions on the application's staff page: each a small form posting to
// /staff/applications/{id}/actions with the session's CSRF token; what cannot be undone asks for a
// ticked box first. Only the actions that fit the application's state are offered.

import type { ComponentChildren } from 'preact';
import { STAFF_ACTION_LABELS, type StaffActionName } from '../../domain/staff-actions.js';
import type { StaffActionsOffered } from '../../services/staff-actions.js';
import { Heading, Paragraph } from '../layout.js';
import { ChoiceGroup, Select, TextArea, TextField } from './controls.js';

/** Which actions fit now; absent for anyone but the programme's lead. */
export type StaffActionsOffer = StaffActionsOffered;

const yearLabel = (r: { position: number; year: number }) => `Stilling ${r.position}, år ${r.year}`;
const yearValue = (r: { position: number; year: number }) => `${r.position}:${r.year}`;

export function StaffActions(p: {
  applicationId: string;
  csrfToken: string;
  offer: StaffActionsOffer;
}) {
  const action = `/staff/applications/${p.applicationId}/actions`;
  const o = p.offer;
  const none =
    !o.withdraw &&
    !o.resumeReview &&
    !o.resumePayment &&
    !o.reviewers &&
    !o.changeContact &&
    o.endPositions.length === 0 &&
    o.hold.length === 0 &&
    o.release.length === 0 &&
    !o.complaint;
  return (
    <section aria-labelledby="handlinger-tittel" class="stack" data-testid="staff-actions">
      <Heading level={2} id="handlinger-tittel">
        Handlinger
      </Heading>
      {none && <Paragraph>Ingen handlinger passer for søknaden nå.</Paragraph>}
      {p.offer.withdraw && (
        <ActionForm
          to={action}
          csrfToken={p.csrfToken}
          name="withdraw"
          id="handling-trekk"
          button="Trekk søknaden"
        >
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
          <ConfirmBox id="handling-trekk-bekreft" />
        </ActionForm>
      )}
      {p.offer.resumeReview && (
        <ActionForm
          to={action}
          csrfToken={p.csrfToken}
          name="resume"
          id="handling-gjenoppta"
          button="Start saksbehandlingen på nytt"
        >
          <Paragraph>
            Bruk dette bare når saksbehandlingen har stoppet etter en feil. Går den allerede, skjer
            det ingenting.
          </Paragraph>
        </ActionForm>
      )}
      {p.offer.resumePayment && (
        <ActionForm
          to={action}
          csrfToken={p.csrfToken}
          name="resume"
          id="handling-gjenoppta-utbetaling"
          heading="Start en stoppet utbetaling på nytt"
          button="Start utbetalingen på nytt"
        >
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
        </ActionForm>
      )}
      {o.reviewers && (
        <ActionForm
          to={action}
          csrfToken={p.csrfToken}
          name="resend-links"
          id="handling-lenker"
          button="Send nye lenker"
        >
          <Paragraph>
            {`Fagrådet (${o.reviewers.join(', ')}) får nye vedtakslenker på e-post. Lenkene de har fått før, slutter å virke.`}
          </Paragraph>
        </ActionForm>
      )}
      {o.reviewers && (
        <ActionForm
          to={action}
          csrfToken={p.csrfToken}
          name="replace-reviewer"
          id="handling-bytt"
          button="Bytt fagrådsmedlem"
        >
          <Select
            id="handling-bytt-fra"
            name="from"
            label="Fagrådsmedlem som går ut"
            placeholder="Velg"
            value=""
            options={o.reviewers.map((r) => ({ value: r, label: r }))}
          />
          <TextField
            id="handling-bytt-til"
            name="to"
            label="Fagrådsmedlem som overtar (e-post)"
            hint="Personen må ha rollen fagråd i programmet. Vedkommende får en vedtakslenke på e-post."
            type="email"
            autocomplete="off"
            value=""
          />
        </ActionForm>
      )}
      {o.changeContact && (
        <ActionForm
          to={action}
          csrfToken={p.csrfToken}
          name="change-contact"
          id="handling-kontakt"
          button="Endre kontaktperson"
        >
          <Paragraph>
            Den nye kontaktpersonen får en ny statuslenke på e-post, og den gamle får beskjed om
            endringen. Den gamle statuslenken slutter å virke.
          </Paragraph>
          <TextField
            id="handling-kontakt-navn"
            name="name"
            label="Navn"
            value=""
            autocomplete="off"
          />
          <TextField
            id="handling-kontakt-epost"
            name="email"
            label="E-post"
            type="email"
            autocomplete="off"
            value=""
          />
          <TextField
            id="handling-kontakt-telefon"
            name="phone"
            label="Telefon"
            type="tel"
            autocomplete="off"
            value=""
          />
        </ActionForm>
      )}
      {o.endPositions.length > 0 && (
        <ActionForm
          to={action}
          csrfToken={p.csrfToken}
          name="end-grant"
          id="handling-avslutt"
          button="Avslutt tilskuddet"
        >
          <Paragraph>
            Utbetalinger med forfall etter sluttdatoen som ikke er meldt til økonomi, blir
            kansellert. Økonomi, prosjektleder og kommunen får beskjed på e-post.
          </Paragraph>
          <Select
            id="handling-avslutt-stilling"
            name="position"
            label="Stilling"
            placeholder="Alle stillinger som er i gang"
            value=""
            options={o.endPositions.map((n) => ({ value: String(n), label: `Stilling ${n}` }))}
          />
          <TextField
            id="handling-avslutt-dato"
            name="endDate"
            label="Sluttdato"
            hint="ÅÅÅÅ-MM-DD, for eksempel 2027-08-31."
            value=""
            short
          />
          <TextArea
            id="handling-avslutt-begrunnelse"
            name="reason"
            label="Begrunnelse"
            hint="Kommer i saksloggen."
            value=""
            rows={3}
          />
          <ConfirmBox id="handling-avslutt-bekreft" />
        </ActionForm>
      )}
      {o.hold.length > 0 && (
        <InstalmentForm
          action={action}
          csrfToken={p.csrfToken}
          name="hold-instalment"
          id="handling-hold"
          intro="Utbetalingen kommer ikke med i noe utbetalingsvarsel før den er frigitt. Økonomi og kommunen får beskjed."
          choices={o.hold}
          button="Hold tilbake"
        />
      )}
      {o.release.length > 0 && (
        <InstalmentForm
          action={action}
          csrfToken={p.csrfToken}
          name="release-instalment"
          id="handling-frigi"
          intro="Utbetalingen kommer med i neste utbetalingsvarsel fra forfallsdatoen. Økonomi og kommunen får beskjed."
          choices={o.release}
          button="Frigi utbetalingen"
        />
      )}
      {o.complaint && (
        <ActionForm
          to={action}
          csrfToken={p.csrfToken}
          name="complaint-granted"
          id="handling-klage-medhold"
          button="Gi kommunen medhold"
        >
          <Paragraph>
            Et avslag går tilbake til fagrådet med nye lenker. Ved færre stillinger enn søkt om
            skriver du antallet stillinger søknaden skal ha etter klagen. Kommunen får beskjed på
            e-post.
          </Paragraph>
          <TextField
            id="handling-klage-stillinger"
            name="positionsApproved"
            label="Stillinger etter klagen (bare ved færre stillinger enn søkt om)"
            value=""
            inputMode="numeric"
            short
          />
        </ActionForm>
      )}
      {o.complaint && (
        <ActionForm
          to={action}
          csrfToken={p.csrfToken}
          name="complaint-forwarded"
          id="handling-klage-send"
          button="Send klagen videre"
        >
          <Paragraph>
            Klagen sendes med sakens dokumenter som PDF til klageinstansen, og kommunen får beskjed.
          </Paragraph>
          <TextArea
            id="handling-klage-kommentar"
            name="comment"
            label="Kommentar til klageinstansen (valgfritt)"
            value=""
            rows={3}
          />
        </ActionForm>
      )}
    </section>
  );
}

/** A position-year to hold or release: one radio each, sent as `position` and `year`. */
function InstalmentForm(p: {
  action: string;
  csrfToken: string;
  name: 'hold-instalment' | 'release-instalment';
  id: string;
  intro: string;
  choices: readonly { position: number; year: number }[];
  button: string;
}) {
  return (
    <ActionForm to={p.action} csrfToken={p.csrfToken} name={p.name} id={p.id} button={p.button}>
      <Paragraph>{p.intro}</Paragraph>
      <ChoiceGroup
        id={`${p.id}-aar`}
        name="instalment"
        label="Utbetaling"
        type="radio"
        selected={[]}
        options={p.choices.map((c) => ({ value: yearValue(c), label: yearLabel(c) }))}
      />
    </ActionForm>
  );
}

/**
 * One action's form: the session's CSRF token and the action's name as hidden fields, a heading
 * (the action's label unless given), the fields, and the submit button.
 */
function ActionForm(p: {
  to: string;
  csrfToken: string;
  name: StaffActionName;
  id: string;
  heading?: string;
  button: string;
  children: ComponentChildren;
}) {
  return (
    <form method="post" action={p.to} class="stack" aria-labelledby={p.id}>
      <input type="hidden" name="csrf" value={p.csrfToken} />
      <input type="hidden" name="action" value={p.name} />
      <Heading level={3} id={p.id}>
        {p.heading ?? STAFF_ACTION_LABELS[p.name]}
      </Heading>
      {p.children}
      <div>
        <button type="submit" class="ds-button" data-variant="secondary">
          {p.button}
        </button>
      </div>
    </form>
  );
}

/** The ticked box an action that cannot be undone asks for (`confirm`). */
function ConfirmBox(p: { id: string }) {
  return (
    <ChoiceGroup
      id={p.id}
      name="confirm"
      label="Bekreftelse"
      type="checkbox"
      selected={[]}
      options={[{ value: 'true', label: 'Jeg vet at dette ikke kan angres.' }]}
    />
  );
}
