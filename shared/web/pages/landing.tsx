// The start page: the programmes and whether each has a round open for applications now.

import { formatDeadline } from '../../presentation/format.js';
import { Heading, Paragraph, renderPage } from '../layout.js';

export interface LandingPageProps {
  programmes: {
    id: string;
    name: string;
    owner: string;
    openRound?: { name: string; closesAt: string };
  }[];
}

export function landingPage(p: LandingPageProps): string {
  const title = 'Søk om tilskudd til ALIS-stillinger';
  return renderPage(
    { title },
    <>
      <Heading level={1}>{title}</Heading>
      <Paragraph>
        ALIS er allmennleger i spesialisering. Gjennom ALIS-programmene får kommuner et årlig
        tilskudd per utdanningsstilling, slik at de kan rekruttere og beholde fastleger. Kommunen
        søker for sitt område, og et fagråd vurderer søknaden.
      </Paragraph>
      {p.programmes.map((programme) => {
        const headingId = `program-${programme.id}`;
        return (
          <section class="programme-card stack stack--tight" aria-labelledby={headingId}>
            <Heading level={2} size="md" id={headingId}>
              {programme.name}
            </Heading>
            <Paragraph>Prosjekteier: {programme.owner}</Paragraph>
            {programme.openRound ? (
              <>
                <Paragraph>
                  {programme.openRound.name} er åpen. Søknadsfristen er{' '}
                  {formatDeadline(programme.openRound.closesAt, '')}.
                </Paragraph>
                <p class="ds-paragraph">
                  <a
                    class="ds-button"
                    data-variant="primary"
                    href={`/apply/${encodeURIComponent(programme.id)}`}
                  >
                    Søk om tilskudd fra {programme.name}
                  </a>
                </p>
              </>
            ) : (
              <Paragraph>Det er ingen åpen søknadsrunde nå.</Paragraph>
            )}
          </section>
        );
      })}
      <Paragraph>
        Hva koster en ALIS-stilling kommunen, sammenlignet med en ordinær fastlege?{' '}
        <a class="ds-link" href="/calculator">
          Regn det ut i kostnadskalkulatoren
        </a>
        .
      </Paragraph>
    </>,
  );
}
