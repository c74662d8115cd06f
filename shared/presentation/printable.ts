// A case document as text that prints: the shape every document of a case takes (the application
// as sent, each decision letter, each year's payment notice) so that one renderer makes its PDF
// and one page lists them all, for the municipality and in the archive package.

export type PrintableKind = 'application' | 'letter' | 'payment-notice' | 'complaint';

export interface PrintableSection {
  heading?: string;
  /** Plain text paragraphs, in order. */
  paragraphs?: string[];
  /** Label and value pairs, shown as a two-column list. */
  rows?: { label: string; value: string }[];
}

export interface PrintableDocument {
  /**
   * Stable within its case, safe in a URL and a file name: `application-1` (its version),
   * `letter-2`, `payment-notice-1-3` (the position, and its grant year from 1), `complaint-1`.
   */
  id: string;
  kind: PrintableKind;
  /** For example «Vedtak om avslag på søknad om ALIS-tilskudd». */
  title: string;
  /** The document's date, YYYY-MM-DD (Oslo). */
  date: string;
  /** The case number: the application id. */
  caseNumber: string;
  /** Who sends it, for example «Bodø kommune, ALIS-Nord». */
  sender: string;
  /** To whom, for example «Hammerfest kommune v/ Kari Nordmann». */
  recipient: string;
  sections: PrintableSection[];
}
