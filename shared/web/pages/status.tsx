// The application's status and history, behind the secret status link.

import { formatDateTime } from '../../presentation/format.js';
import { EVENT_LABELS, STATUS_LABELS, actorLabel, labelFor } from '../../presentation/labels.js';
import { Heading, Paragraph, renderPage } from '../layout.js';

export interface StatusPageProps {
  applicationId: string;
  programmeName: string;
  municipalityName: string;
  status: string;
  history: { at: string; type: string; by?: string; comment?: string }[];
}

export function statusPage(p: StatusPageProps): string {
  const title = `Status for søknad ${p.applicationId}`;
  return renderPage(
    { title },
    <>
      <Heading level={1}>{title}</Heading>
      <dl class="facts">
        <dt>Program</dt>
        <dd>{p.programmeName}</dd>
        <dt>Kommune</dt>
        <dd>{p.municipalityName}</dd>
        <dt>Status</dt>
        <dd>
          <strong data-testid="status">{labelFor(STATUS_LABELS, p.status)}</strong>
        </dd>
      </dl>
      <Heading level={2}>Historikk</Heading>
      {p.history.length === 0 ? (
        <Paragraph>Ingen hendelser ennå.</Paragraph>
      ) : (
        <div class="table-wrapper">
          <table class="ds-table">
            <caption class="ds-sr-only">
              Hendelser for søknad {p.applicationId}, eldste først
            </caption>
            <thead>
              <tr>
                <th scope="col">Tidspunkt</th>
                <th scope="col">Hendelse</th>
                <th scope="col">Av</th>
                <th scope="col">Kommentar</th>
              </tr>
            </thead>
            <tbody>
              {p.history.map((event) => (
                <tr>
                  <td>
                    <time dateTime={event.at}>{formatDateTime(event.at)}</time>
                  </td>
                  <td>{labelFor(EVENT_LABELS, event.type)}</td>
                  <td>{actorLabel(event.by)}</td>
                  <td class="keep-lines">{event.comment ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Paragraph>Alle tider er norsk tid.</Paragraph>
    </>,
  );
}
