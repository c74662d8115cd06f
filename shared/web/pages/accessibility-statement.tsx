// The accessibility statement (tilgjengelighetserklæring), in the parts Digdir's statements on
// uustatus have: the service and who answers for it, the status against WCAG 2.1 AA, the known
// gaps, how it was tested, feedback, and the right to notify the supervisory authority. It says
// only what the browser tests (test/browser) check; what they do not check is named as such.

import { SESSION_HOURS, SIGN_IN_LINK_MINUTES } from '../../domain/staff.js';
import { formatDate } from '../../presentation/format.js';
import { Heading, Paragraph, renderPage } from '../layout.js';

/** The day the statement was written and last checked against the tests. */
export const ACCESSIBILITY_STATEMENT_UPDATED = '2026-12-03';

export interface AccessibilityStatementProps {
  programmes: { id: string; name: string; owner: string; contactEmail: string }[];
}

export function accessibilityStatementPage(p: AccessibilityStatementProps): string {
  const title = 'Tilgjengelighetserklæring';
  return renderPage(
    { title },
    <>
      <Heading level={1}>{title}</Heading>
      <Paragraph>
        Erklæringen gjelder nettstedet ALIS-tilskudd: søknadsskjemaet, status- og lenkesidene for
        kommuner, fagråd og økonomi, kostnadskalkulatoren og sidene for programkontoret.{' '}
        {p.programmes.map((programme, i) => (
          <>
            {i > 0 && ' '}
            {programme.owner} er ansvarlig for {programme.name}.
          </>
        ))}{' '}
        Offentlige nettsteder skal oppfylle kravene i WCAG 2.1 på nivå A og AA (likestillings- og
        diskrimineringsloven og forskrift om universell utforming av ikt).
      </Paragraph>

      <section class="stack stack--tight" aria-labelledby="status">
        <Heading level={2} id="status">
          Status: delvis i samsvar med kravene
        </Heading>
        <Paragraph>
          Nettsidene har ingen brudd som de automatiske testene finner, men vi kjenner til manglene
          nedenfor, og noe er ikke testet.
        </Paragraph>
      </section>

      <section class="stack stack--tight" aria-labelledby="mangler">
        <Heading level={2} id="mangler">
          Kjente mangler
        </Heading>
        <ul class="ds-list">
          <li>
            <strong>Tidsbegrensning (WCAG 2.2.1):</strong> innloggingen for programkontoret varer i{' '}
            {SESSION_HOURS} timer og kan ikke forlenges, og lenken for å logge inn virker i{' '}
            {SIGN_IN_LINK_MINUTES} minutter. Du kan be om en ny lenke, men skjema som ikke er sendt
            når økten slutter, må fylles ut på nytt.
          </li>
          <li>
            <strong>PDF-dokumenter:</strong> PDF-versjonene av søknader og brev er ikke testet for
            tilgjengelighet, for eksempel om overskrifter og tabeller er merket for skjermlesere.
          </li>
          <li>
            <strong>E-post:</strong> e-postene fra tjenesten er ikke testet automatisk. De sendes
            både som ren tekst og som enkel HTML.
          </li>
        </ul>
      </section>

      <section class="stack stack--tight" aria-labelledby="testet">
        <Heading level={2} id="testet">
          Hvordan vi har testet
        </Heading>
        <ul class="ds-list">
          <li>
            Hver side, i hver tilstand (tom, utfylt, med feil), testes automatisk med verktøyet axe
            i nettleseren Chromium mot WCAG 2.1 nivå A og AA, med sidenes eget stilark, slik at også
            fargekontrast blir sjekket. Testene kjører ved hver endring av tjenesten.
          </li>
          <li>
            Tastatur: testene sjekker at lenken «Hopp til hovedinnholdet» kommer først og flytter
            fokus til innholdet, at feiloppsummeringen får fokus når et skjema kommer tilbake med
            feil, og at lenkene der fører til feltene.
          </li>
          <li>
            Testene sjekker også at avkrysningsbokser og skjemafelt har navn, at tabeller har
            overskrifter, og at diagrammer har et navn og en tabell med tallene ved siden av.
          </li>
          <li>
            Ikke testet: bruk med skjermleser, forstørring til 400 prosent og økt tekstavstand er
            ikke testet systematisk, og tjenesten er ikke testet av brukere med
            funksjonsnedsettelser. Automatiske tester finner bare en del av mulige brudd.
          </li>
        </ul>
      </section>

      <section class="stack stack--tight" aria-labelledby="kontakt">
        <Heading level={2} id="kontakt">
          Tilbakemelding og kontakt
        </Heading>
        <Paragraph>
          Finner du noe som ikke virker for deg, eller trenger du innholdet i en annen form? Skriv
          til programlederen:
        </Paragraph>
        <ul class="ds-list">
          {p.programmes.map((programme) => (
            <li>
              {programme.name}:{' '}
              <a class="ds-link" href={`mailto:${programme.contactEmail}`}>
                {programme.contactEmail}
              </a>
            </li>
          ))}
        </ul>
      </section>

      <section class="stack stack--tight" aria-labelledby="tilsyn">
        <Heading level={2} id="tilsyn">
          Tilsyn
        </Heading>
        <Paragraph>
          Tilsynet for universell utforming av ikt (Digitaliseringsdirektoratet) fører tilsyn med at
          nettsteder oppfyller kravene. Du kan varsle tilsynet om mangler du finner (
          <a class="ds-link" href="https://www.uutilsynet.no/">
            uutilsynet.no
          </a>
          ).
        </Paragraph>
      </section>

      <Paragraph>
        Erklæringen ble skrevet og sist oppdatert {formatDate(ACCESSIBILITY_STATEMENT_UPDATED)}.
      </Paragraph>
    </>,
  );
}
