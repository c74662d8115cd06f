// A decision letter as a page of its own (printable), and the complaint form its e-mail links to,
// with the page after a complaint is filed. The letter's words are shared/presentation/letter.ts's.

import type { FieldError } from '../../domain/application.js';
import { formatDate } from '../../presentation/format.js';
import type { PrintableDocument } from '../../presentation/printable.js';
import { ErrorSummary, Heading, Paragraph, renderPage } from '../layout.js';
import { fieldMessages } from './confirmation.js';
import { TextArea } from './controls.js';

/** A printable document's header and sections, as the letter and complaint pages show them. */
export function DocumentBody({
  doc,
  headingLevel = 2,
}: {
  doc: PrintableDocument;
  headingLevel?: 2 | 3;
}) {
  return (
    <>
      <dl class="facts">
        <dt>Dato</dt>
        <dd>{formatDate(doc.date)}</dd>
        <dt>Saksnummer</dt>
        <dd>{doc.caseNumber}</dd>
        <dt>Fra</dt>
        <dd>{doc.sender}</dd>
        <dt>Til</dt>
        <dd>{doc.recipient}</dd>
      </dl>
      {doc.sections.map((section) => (
        <section class="stack">
          {section.heading && <Heading level={headingLevel}>{section.heading}</Heading>}
          {section.rows && section.rows.length > 0 && (
            <dl class="facts">
              {section.rows.map((row) => (
                <>
                  <dt>{row.label}</dt>
                  <dd>{row.value}</dd>
                </>
              ))}
            </dl>
          )}
          {(section.paragraphs ?? []).map((text) => (
            <Paragraph>{text}</Paragraph>
          ))}
        </section>
      ))}
    </>
  );
}

export interface LetterPageProps {
  doc: PrintableDocument;
  statusUrl: string;
  /** What became of the letter's complaint, if one was filed. */
  complaint?: { filedAt: string; status: string };
}

export function letterPage(p: LetterPageProps): string {
  return renderPage(
    { title: `${p.doc.title} (sak ${p.doc.caseNumber})` },
    <>
      <Heading level={1}>{p.doc.title}</Heading>
      <DocumentBody doc={p.doc} />
      {p.complaint && (
        <section class="stack" aria-labelledby="klagen">
          <Heading level={2} id="klagen">
            Klagen
          </Heading>
          <Paragraph>
            Klage mottatt {formatDate(p.complaint.filedAt)}. Status: {p.complaint.status}.
          </Paragraph>
        </section>
      )}
      <Paragraph>
        <a href={p.statusUrl}>Tilbake til søknadens status</a>
      </Paragraph>
    </>,
  );
}

const COMPLAINT_FIELDS: Record<string, { id: string; label: string }> = {
  text: { id: 'field-text', label: 'Klagen' },
};

export interface ComplaintPageProps {
  doc: PrintableDocument;
  action: string;
  lastDay: string;
  value: string;
  errors: FieldError[];
}

/** The decision, then the form: what a complaint must say, and one text field for it. */
export function complaintPage(p: ComplaintPageProps): string {
  const { messages, summary } = fieldMessages(p.errors, COMPLAINT_FIELDS);
  const title = `Klage på vedtak i sak ${p.doc.caseNumber}`;
  return renderPage(
    { title, hasErrors: summary.length > 0 },
    <>
      <Heading level={1}>{title}</Heading>
      <ErrorSummary errors={summary} />
      <Paragraph>
        Skriv klagen og send den senest {p.lastDay}. Klagen går til {p.doc.sender}, som har gjort
        vedtaket.
      </Paragraph>
      <section class="stack" aria-labelledby="vedtaket">
        <Heading level={2} id="vedtaket">
          Vedtaket dere klager på: {p.doc.title}
        </Heading>
        <DocumentBody doc={p.doc} headingLevel={3} />
      </section>
      <section class="stack" aria-labelledby="skriv-klagen">
        <Heading level={2} id="skriv-klagen">
          Skriv klagen
        </Heading>
        <form
          method="post"
          action={p.action}
          noValidate
          class="stack"
          aria-labelledby="skriv-klagen"
        >
          <TextArea
            id={COMPLAINT_FIELDS.text!.id}
            name="text"
            label={COMPLAINT_FIELDS.text!.label}
            hint="Skriv hvilket vedtak dere klager på, hvilken endring dere ønsker, og hvorfor. Ta med andre opplysninger som kan ha betydning. Klagen kan sendes én gang."
            value={p.value}
            rows={10}
            error={messages.get('text')}
          />
          <div class="actions">
            <button type="submit" class="ds-button" data-variant="primary">
              Send klagen
            </button>
          </div>
        </form>
      </section>
    </>,
  );
}

export function complaintFiledPage(p: { caseNumber: string; statusUrl?: string }): string {
  const title = 'Klagen er mottatt';
  return renderPage(
    { title },
    <>
      <Heading level={1}>{title}</Heading>
      <Paragraph>
        Dere trenger ikke gjøre noe mer nå. Klagen i sak {p.caseNumber} er mottatt, og
        kontaktpersonen får en kvittering på e-post. Dere får svar på e-post når klagen er vurdert.
      </Paragraph>
    </>,
  );
}
