// The lead's actions on the application's staff page: each a small form posting to
// /staff/applications/{id}/actions with the session's CSRF token; what cannot be undone asks for a
// ticked box first. Only the actions that fit the application's state are offered.

import { STAFF_ACTION_LABELS } from '../../domain/staff-actions.js';
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
      {o.reviewers && (
        <form method="post" action={action} class="stack" aria-labelledby="handling-lenker">
          <Hidden name="resend-links" />
          <Heading level={3} id="handling-lenker">
            {STAFF_ACTION_LABELS['resend-links']}
          </Heading>
          <Paragraph>
            {`Fagrådet (${o.reviewers.join(', ')}) får nye vedtakslenker på e-post. Lenkene de har fått før, slutter å virke.`}
          </Paragraph>
          <div>
            <button type="submit" class="ds-button" data-variant="secondary">
              Send nye lenker
            </button>
          </div>
        </form>
      )}
      {o.reviewers && (
        <form method="post" action={action} class="stack" aria-labelledby="handling-bytt">
          <Hidden name="replace-reviewer" />
          <Heading level={3} id="handling-bytt">
            {STAFF_ACTION_LABELS['replace-reviewer']}
          </Heading>
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
          <div>
            <button type="submit" class="ds-button" data-variant="secondary">
              Bytt fagrådsmedlem
            </button>
          </div>
        </form>
      )}
      {o.changeContact && (
        <form method="post" action={action} class="stack" aria-labelledby="handling-kontakt">
          <Hidden name="change-contact" />
          <Heading level={3} id="handling-kontakt">
            {STAFF_ACTION_LABELS['change-contact']}
          </Heading>
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
          <div>
            <button type="submit" class="ds-button" data-variant="secondary">
              Endre kontaktperson
            </button>
          </div>
        </form>
      )}
      {o.endPositions.length > 0 && (
        <form method="post" action={action} class="stack" aria-labelledby="handling-avslutt">
          <Hidden name="end-grant" />
          <Heading level={3} id="handling-avslutt">
            {STAFF_ACTION_LABELS['end-grant']}
          </Heading>
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
          <ChoiceGroup
            id="handling-avslutt-bekreft"
            name="confirm"
            label="Bekreftelse"
            type="checkbox"
            selected={[]}
            options={[{ value: 'true', label: 'Jeg vet at dette ikke kan angres.' }]}
          />
          <div>
            <button type="submit" class="ds-button" data-variant="secondary">
              Avslutt tilskuddet
            </button>
          </div>
        </form>
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
        <form method="post" action={action} class="stack" aria-labelledby="handling-klage-medhold">
          <Hidden name="complaint-granted" />
          <Heading level={3} id="handling-klage-medhold">
            {STAFF_ACTION_LABELS['complaint-granted']}
          </Heading>
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
          <div>
            <button type="submit" class="ds-button" data-variant="secondary">
              Gi kommunen medhold
            </button>
          </div>
        </form>
      )}
      {o.complaint && (
        <form method="post" action={action} class="stack" aria-labelledby="handling-klage-send">
          <Hidden name="complaint-forwarded" />
          <Heading level={3} id="handling-klage-send">
            {STAFF_ACTION_LABELS['complaint-forwarded']}
          </Heading>
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
          <div>
            <button type="submit" class="ds-button" data-variant="secondary">
              Send klagen videre
            </button>
          </div>
        </form>
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
    <form method="post" action={p.action} class="stack" aria-labelledby={p.id}>
      <input type="hidden" name="csrf" value={p.csrfToken} />
      <input type="hidden" name="action" value={p.name} />
      <Heading level={3} id={p.id}>
        {STAFF_ACTION_LABELS[p.name]}
      </Heading>
      <Paragraph>{p.intro}</Paragraph>
      <ChoiceGroup
        id={`${p.id}-aar`}
        name="instalment"
        label="Utbetaling"
        type="radio"
        selected={[]}
        options={p.choices.map((c) => ({ value: yearValue(c), label: yearLabel(c) }))}
      />
      <div>
        <button type="submit" class="ds-button" data-variant="secondary">
          {p.button}
        </button>
      </div>
    </form>
  );
}
