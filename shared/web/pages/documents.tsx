// A case's documents: the list behind the status link (the municipality's right to see the case
// documents), and the same list on the staff's application page with the archive package.

import { formatDate } from '../../presentation/format.js';
import { PRINTABLE_KIND_LABELS } from '../../presentation/case-documents.js';
import type { PrintableKind } from '../../presentation/printable.js';
import { Heading, HomeLink, Paragraph, renderPage } from '../layout.js';

export interface DocumentLink {
  id: string;
  kind: PrintableKind;
  title: string;
  date: string;
  url: string;
}

export interface CaseDocumentsPageProps {
  applicationId: string;
  programmeName: string;
  municipalityName: string;
  statusUrl: string;
  documents: DocumentLink[];
}

export function caseDocumentsPage(p: CaseDocumentsPageProps): string {
  const title = `Dokumenter i sak ${p.applicationId}`;
  return renderPage(
    { title },
    <>
      <Heading level={1}>{title}</Heading>
      <dl class="facts">
        <dt>Program</dt>
        <dd>{p.programmeName}</dd>
        <dt>Kommune</dt>
        <dd>{p.municipalityName}</dd>
      </dl>
      <Paragraph>
        Dere har rett til å se dokumentene i saken deres (forvaltningsloven § 18). Hvert dokument
        kan lastes ned som PDF, til å lagre i kommunens eget arkiv.
      </Paragraph>
      <DocumentTable applicationId={p.applicationId} documents={p.documents} />
      <Paragraph class="no-print">
        <a class="ds-link" href={p.statusUrl}>
          Tilbake til status for søknaden
        </a>
      </Paragraph>
      <HomeLink />
    </>,
  );
}

/** The documents, oldest first, each with its PDF link; the staff's application page shows it too. */
export function DocumentTable(p: { applicationId: string; documents: readonly DocumentLink[] }) {
  if (p.documents.length === 0) return <Paragraph>Saken har ingen dokumenter ennå.</Paragraph>;
  return (
    <section class="table-wrapper" aria-labelledby="dokumenter-tittel" tabindex={0}>
      <table class="ds-table" data-testid="documents">
        <caption id="dokumenter-tittel">Dokumenter i sak {p.applicationId}, eldste først</caption>
        <thead>
          <tr>
            <th scope="col">Dato</th>
            <th scope="col">Dokument</th>
            <th scope="col">Type</th>
          </tr>
        </thead>
        <tbody>
          {p.documents.map((d) => (
            <tr>
              <td>
                <time dateTime={d.date}>{formatDate(d.date)}</time>
              </td>
              <td>
                <a class="ds-link" href={d.url} data-document-id={d.id}>
                  {d.title} (PDF)
                </a>
              </td>
              <td>{PRINTABLE_KIND_LABELS[d.kind]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The staff's part: the documents and, for a concluded case, the archive package. */
export function StaffDocumentsSection(p: {
  applicationId: string;
  documents: readonly DocumentLink[];
  archiveUrl?: string;
}) {
  return (
    <section class="stack" aria-labelledby="saksdokumenter">
      <Heading level={2} id="saksdokumenter">
        Dokumenter
      </Heading>
      <DocumentTable applicationId={p.applicationId} documents={p.documents} />
      {p.archiveUrl ? (
        <Paragraph>
          <a class="ds-link" href={p.archiveUrl} data-testid="archive-link">
            Last ned arkivpakken (zip med alle dokumentene som PDF og metadata.json)
          </a>
        </Paragraph>
      ) : (
        <Paragraph>Arkivpakken kan lastes ned når saken er avsluttet.</Paragraph>
      )}
    </section>
  );
}
