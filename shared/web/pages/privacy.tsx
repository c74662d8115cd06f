// The privacy notice (personvernerklæring): what the service keeps about whom, why, on which legal
// basis, for how long, who answers for it, and the rights of those it concerns. The controller,
// its contact and the retention come from each programme's settings as they run; the other
// periods from the rules that enforce them, so the notice cannot drift from what the service does.

import { DRAFT_RULES } from '../../domain/draft.js';
import { ERASED } from '../../domain/erasure.js';
import type { PrivacySettings } from '../../domain/programmes.js';
import { SESSION_HOURS } from '../../domain/staff.js';
import { formatDate } from '../../presentation/format.js';
import { Heading, Paragraph, renderPage } from '../layout.js';

/** The day this notice was last reviewed against what the service keeps. */
export const PRIVACY_NOTICE_UPDATED = '2026-12-03';

export interface PrivacyPageProps {
  programmes: { id: string; name: string; privacy: PrivacySettings }[];
}

function yearsText(years: number): string {
  return years === 1 ? '1 år' : `${years} år`;
}

export function privacyPage(p: PrivacyPageProps): string {
  const title = 'Personvernerklæring';
  return renderPage(
    { title },
    <>
      <Heading level={1}>{title}</Heading>
      <Paragraph>
        Her står hvilke personopplysninger tjenesten ALIS-tilskudd lagrer, hvorfor, hvor lenge, hvem
        som er ansvarlig, og hvilke rettigheter du har. Tjenesten brukes til å søke om, vurdere og
        følge opp tilskudd til ALIS-stillinger i ALIS-Nord og ALIS-Vest.
      </Paragraph>

      <section class="stack stack--tight" aria-labelledby="ansvarlig">
        <Heading level={2} id="ansvarlig">
          Behandlingsansvarlig
        </Heading>
        <ul class="ds-list">
          {p.programmes.map((programme) => (
            <li data-testid={`controller-${programme.id}`}>
              {programme.privacy.controller} er behandlingsansvarlig for {programme.name}. Spørsmål
              og krav om innsyn, retting eller sletting sendes til{' '}
              <a class="ds-link" href={`mailto:${programme.privacy.contactEmail}`}>
                {programme.privacy.contactEmail}
              </a>
              .
            </li>
          ))}
        </ul>
        <Paragraph>
          Kommunens personvernombud kan også kontaktes gjennom kommunens postmottak.
        </Paragraph>
      </section>

      <section class="stack stack--tight" aria-labelledby="opplysninger">
        <Heading level={2} id="opplysninger">
          Hvilke opplysninger vi lagrer, og hvorfor
        </Heading>
        <ul class="ds-list">
          <li>
            <strong>Kontaktpersonen i kommunen:</strong> navn, stilling, e-postadresse og
            telefonnummer. Vi bruker dem til å sende kvittering, spørsmål, vedtak og påminnelser om
            tilskuddet, og til å kontakte kommunen om søknaden.
          </li>
          <li>
            <strong>Veilederen:</strong> navn, om veilederen er spesialist i allmennmedisin, og
            timer veiledning i måneden. Fagrådet vurderer om programmets krav til veiledning er
            oppfylt.
          </li>
          <li>
            <strong>Legene ved legesenteret:</strong> alder og spesialitet, uten navn. Fagrådet
            vurderer om ALIS får et fagmiljø og ikke arbeider i solopraksis.
          </li>
          <li>
            <strong>ALIS-kandidaten:</strong> når kommunen søker for en lege som allerede er ansatt,
            hvor mange måneder av spesialiseringen legen har gjennomført, uten navn. Det avgjør hvor
            mange år tilskuddet gis.
          </li>
          <li>
            <strong>Beskrivelsene i søknaden</strong> (rekruttering, pasientliste, veiledning,
            bakvakt og annet). Skriv ikke navn eller helseopplysninger der. Vi ber ikke om
            fødselsnummer eller opplysninger om pasienter.
          </li>
          <li>
            <strong>Ansatte i programmene</strong> (programleder, fagråd og økonomi): e-postadresse
            og rolle, og i saken hvem som vurderte, besluttet eller registrerte noe, og når. Det
            viser hvem som har gjort hva i saken.
          </li>
          <li>
            <strong>Utkast</strong> til søknader: det kontaktpersonen har fylt ut, og e-postadressen
            lenken sendes til. Innholdet slettes {DRAFT_RULES.deleteDaysAfterClose} dager etter at
            søknadsrunden stenger.
          </li>
          <li>
            <strong>Innlogging for programkontoret:</strong> en økt varer i {SESSION_HOURS} timer og
            slettes automatisk etterpå.
          </li>
          <li>
            <strong>Adresser som ikke tar imot e-post:</strong> når e-post kommer i retur, lagrer vi
            en kryptografisk sjekksum av adressen (ikke adressen selv), slik at vi ikke sender dit
            igjen.
          </li>
          <li>
            <strong>Tekniske logger:</strong> saksnummer og hva som skjedde, uten e-postadresser og
            uten lenker. De slettes automatisk etter en fast tid, i dag høyst ett år.
          </li>
        </ul>
      </section>

      <section class="stack stack--tight" aria-labelledby="grunnlag">
        <Heading level={2} id="grunnlag">
          Rettslig grunnlag
        </Heading>
        <Paragraph>
          Kommunen som eier programmet, tildeler tilskudd som offentlig myndighet. Behandlingen er
          nødvendig for å utføre en oppgave i allmennhetens interesse og for å utøve offentlig
          myndighet (personvernforordningen artikkel 6 nr. 1 bokstav e), med supplerende grunnlag i
          programmets regler for tilskuddet og i forvaltningsloven. Saksdokumentene arkiveres etter
          arkivlova, og dokumentasjonen av utbetalingene oppbevares etter bokføringsloven (artikkel
          6 nr. 1 bokstav c).
        </Paragraph>
      </section>

      <section class="stack stack--tight" aria-labelledby="lagringstid">
        <Heading level={2} id="lagringstid">
          Hvor lenge opplysningene lagres
        </Heading>
        <Paragraph>
          Opplysningene i en sak lagres mens saken pågår, og deretter en fast tid etter at den er
          avsluttet:
        </Paragraph>
        <ul class="ds-list">
          {p.programmes.map((programme) => (
            <li data-testid={`retention-${programme.id}`}>
              {programme.name}: {yearsText(programme.privacy.retentionYears)} etter at saken er
              avsluttet.
            </li>
          ))}
        </ul>
        <Paragraph>
          En sak er avsluttet når søknaden er avslått eller trukket, eller når hver stilling i
          tilskuddet er ferdig utbetalt, avsluttet eller falt bort. Når tiden er ute, erstattes
          navn, e-postadresser, telefonnumre, beskrivelser og kommentarer, legenes alder og
          kandidatens måneder med «{ERASED}». Beløp, kommune, datoer og status beholdes.
          Saksdokumentene er arkivert i kommunens arkiv etter arkivlova, og det er arkivet som
          bevarer saken.
        </Paragraph>
        <Paragraph>
          Sikkerhetskopier av databasen kan inneholde opplysningene en tid etter at de er slettet i
          tjenesten, de månedlige i flere år. De brukes bare til å gjenopprette tjenesten etter en
          feil.
        </Paragraph>
      </section>

      <section class="stack stack--tight" aria-labelledby="databehandler">
        <Heading level={2} id="databehandler">
          Databehandler
        </Heading>
        <Paragraph>
          Tjenesten driftes hos Amazon Web Services (AWS) i AWS sin region i EU (Stockholm), også
          e-posten som sendes fra tjenesten. AWS behandler opplysningene på vegne av programeieren
          etter en databehandleravtale (personvernforordningen artikkel 28).
        </Paragraph>
      </section>

      <section class="stack stack--tight" aria-labelledby="rettigheter">
        <Heading level={2} id="rettigheter">
          Dine rettigheter
        </Heading>
        <ul class="ds-list">
          <li>
            <strong>Innsyn:</strong> du kan få vite hvilke opplysninger vi har om deg, og få en
            kopi.
          </li>
          <li>
            <strong>Retting:</strong> du kan be oss rette opplysninger som er feil.
          </li>
          <li>
            <strong>Sletting:</strong> du kan be oss slette opplysninger. Opplysninger i en sak som
            kommunen har plikt til å arkivere og dokumentere, slettes først når lagringstiden er
            ute.
          </li>
          <li>
            <strong>Protest og begrensning:</strong> du kan protestere mot behandlingen ut fra din
            særlige situasjon, og be om at den begrenses mens et krav behandles.
          </li>
        </ul>
        <Paragraph>
          Send kravet til adressen for programmet ovenfor. Vi svarer innen en måned.
        </Paragraph>
        <Paragraph>
          Mener du at vi behandler personopplysninger i strid med regelverket, kan du klage til
          Datatilsynet (
          <a class="ds-link" href="https://www.datatilsynet.no/">
            datatilsynet.no
          </a>
          ).
        </Paragraph>
      </section>

      <Paragraph>Sist oppdatert {formatDate(PRIVACY_NOTICE_UPDATED)}.</Paragraph>
    </>,
  );
}
