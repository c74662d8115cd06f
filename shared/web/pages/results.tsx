// The answers after a reviewer's or a municipality's action.

import { formatDateTime } from '../../presentation/format.js';
import { DECISION_RESULT_LABELS, labelFor } from '../../presentation/labels.js';
import { Alert, Heading, HomeLink, Paragraph, renderPage } from '../layout.js';

export function decisionRecordedPage(p: {
  applicationId: string;
  decision: 'approve' | 'reject' | 'request-changes';
}): string {
  const title = 'Vedtaket er registrert';
  const text = {
    approve: `Du har godkjent søknad ${p.applicationId}. Kommunen får beskjed på e-post, og tilskuddet settes opp.`,
    reject: `Du har avslått søknad ${p.applicationId}. Kommunen får beskjed på e-post med begrunnelsen din.`,
    'request-changes': `Du har bedt om endringer i søknad ${p.applicationId}. Kommunen får kommentaren din og en lenke for å endre søknaden. Når søknaden er endret, får fagrådet den til ny vurdering.`,
  }[p.decision];
  return renderPage(
    { title },
    <>
      <Heading level={1}>{title}</Heading>
      <Alert color="success">
        <Paragraph>{text}</Paragraph>
      </Alert>
      <Paragraph>Du kan lukke siden.</Paragraph>
    </>,
  );
}

export function alreadyDecidedPage(p: {
  applicationId: string;
  decidedBy: string;
  decision: string;
  decidedAt: string;
}): string {
  const title = 'Søknaden er allerede vurdert';
  return renderPage(
    { title },
    <>
      <Heading level={1}>{title}</Heading>
      <Alert color="info">
        <Paragraph>
          {p.decidedBy} har {labelFor(DECISION_RESULT_LABELS, p.decision)} søknad {p.applicationId}{' '}
          ({formatDateTime(p.decidedAt)}). Et nytt vedtak kan ikke registreres med denne lenken.
        </Paragraph>
      </Alert>
      <Paragraph>
        Hvis søknaden sendes inn på nytt etter endringer, får du en ny lenke på e-post.
      </Paragraph>
    </>,
  );
}

/** An approval the round's or the municipality's capacity did not allow; nothing was recorded. */
export function approvalRefusedPage(p: {
  applicationId: string;
  reason: string;
  action: string;
}): string {
  const title = 'Godkjenningen ble ikke registrert';
  return renderPage(
    { title },
    <>
      <Heading level={1}>{title}</Heading>
      <Alert color="danger">
        <Paragraph>{p.reason}</Paragraph>
      </Alert>
      <Paragraph>
        Søknad {p.applicationId} er fortsatt til vurdering. Du kan avslå den eller be kommunen om
        endringer, for eksempel færre stillinger.
      </Paragraph>
      <p class="ds-paragraph">
        <a class="ds-button" data-variant="secondary" href={p.action}>
          Tilbake til vurderingen
        </a>
      </p>
    </>,
  );
}

export function amendmentReceivedPage(p: { applicationId: string }): string {
  const title = 'Den endrede søknaden er sendt';
  return renderPage(
    { title },
    <>
      <Heading level={1}>{title}</Heading>
      <Alert color="success">
        <Paragraph>Søknad {p.applicationId} er sendt til ny vurdering i fagrådet.</Paragraph>
      </Alert>
      <Paragraph>Kommunen får svar på e-post når fagrådet har vurdert søknaden.</Paragraph>
      <HomeLink />
    </>,
  );
}
