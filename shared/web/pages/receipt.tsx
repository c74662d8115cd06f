// After a successful submission (the 303 target of a form post).

import { awaitingContactText } from '../../presentation/labels.js';
import { Alert, Heading, Paragraph, renderPage } from '../layout.js';

export interface ReceiptPageProps {
  applicationId: string;
  programmeName: string;
  statusUrl: string;
  /** While the contact has not confirmed the address: the deadline to confirm it by. */
  contactDeadline?: string;
}

export function receiptPage(p: ReceiptPageProps): string {
  const title = 'Søknaden er sendt';
  return renderPage(
    { title },
    <>
      <Heading level={1}>{title}</Heading>
      <Alert color="success">
        <Paragraph>
          {p.programmeName} har mottatt søknaden. Søknadsnummeret er{' '}
          <strong data-testid="application-id">{p.applicationId}</strong>.
        </Paragraph>
      </Alert>
      {p.contactDeadline ? (
        <Alert color="warning">
          <Paragraph>{awaitingContactText(p.contactDeadline)}</Paragraph>
        </Alert>
      ) : (
        <Paragraph>
          Kontaktpersonen får en kvittering på e-post med en lenke til søknadens status. Fagrådet
          vurderer søknaden, og kommunen får svar på e-post.
        </Paragraph>
      )}
      <Paragraph>
        <a class="ds-link" href={p.statusUrl}>
          Se status for søknad {p.applicationId}
        </a>
      </Paragraph>
      <Paragraph>
        Lenken er personlig: alle som har den, kan se søknadens status. Del den bare med dem som
        trenger den.
      </Paragraph>
    </>,
  );
}
