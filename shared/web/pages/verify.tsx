// Behind the verify link in the receipt: the contact confirms the address with a button, so an
// e-mail scanner that fetches the link confirms nothing (the GET only reads).

import { formatDeadline } from '../../presentation/format.js';
import { Alert, Heading, Paragraph, renderPage } from '../layout.js';

export interface VerifyPageProps {
  applicationId: string;
  programmeName: string;
  municipalityName: string;
  /** When the application is withdrawn unless confirmed (an instant). */
  deadline: string;
  action: string;
}

export function verifyPage(p: VerifyPageProps): string {
  const title = 'Bekreft e-postadressen';
  return renderPage(
    { title },
    <>
      <Heading level={1}>{title}</Heading>
      <Paragraph>
        {p.programmeName} har mottatt en søknad fra {p.municipalityName} (søknadsnummer{' '}
        {p.applicationId}) der denne e-postadressen står som kontaktperson. Søknaden går til
        vurdering i fagrådet når du har bekreftet at adressen er din.
      </Paragraph>
      <dl class="facts">
        <dt>Søknad</dt>
        <dd>{p.applicationId}</dd>
        <dt>Frist for å bekrefte</dt>
        <dd>{formatDeadline(p.deadline)}</dd>
      </dl>
      <form method="post" action={p.action}>
        <button class="ds-button" data-variant="primary" type="submit">
          Bekreft e-postadressen
        </button>
      </form>
      <Paragraph>
        Har du ikke sendt noen søknad, trenger du ikke gjøre noe. Søknaden trekkes da etter fristen,
        og du får ikke flere e-poster om den.
      </Paragraph>
    </>,
  );
}

export function contactConfirmedPage(p: { applicationId: string }): string {
  const title = 'E-postadressen er bekreftet';
  return renderPage(
    { title },
    <>
      <Heading level={1}>{title}</Heading>
      <Alert color="success">
        <Paragraph>
          Takk. Søknad {p.applicationId} er sendt til vurdering i fagrådet, og kommunen får svar på
          e-post.
        </Paragraph>
      </Alert>
      <Paragraph>
        Neste gang denne adressen står som kontaktperson i en søknad til programmet, går søknaden
        rett til vurdering.
      </Paragraph>
    </>,
  );
}
