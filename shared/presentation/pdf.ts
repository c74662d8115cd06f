// A case document as a PDF (the one renderer: the documents page, the archive package and e-mail
// attachments all take their PDFs from here). PDFKit lays out and wraps the text; the fonts are
// DejaVu Sans, embedded and subset to the glyphs used, so that æøå and the Sámi letters
// (á č đ ŋ š ŧ ž) survive in every reader and the text stays selectable and searchable. Pure apart
// from reading the two font files, once per process.
//
// The fonts ship in every function's bundle at the same path below node_modules
// (infra/constructs/project-function.ts copies them there), so `require.resolve` finds them in
// AWS as it does here.

import { readFileSync } from 'node:fs';
import { formatDate } from './format.js';
import type { PrintableDocument, PrintableSection } from './printable.js';

export const PDF_CONTENT_TYPE = 'application/pdf';

/** The font files, as package paths: what the renderer reads and what bundling must carry. */
export const PDF_FONT_FILES = {
  regular: 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf',
  bold: 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf',
} as const;

let fonts: { regular: Buffer; bold: Buffer } | undefined;

function loadFonts(): { regular: Buffer; bold: Buffer } {
  fonts ??= {
    regular: readFileSync(require.resolve(PDF_FONT_FILES.regular)),
    bold: readFileSync(require.resolve(PDF_FONT_FILES.bold)),
  };
  return fonts;
}

// A4 in points, margins of about 2 cm; the footer sits in the bottom margin.
const MARGIN = 56;
const FOOTER_GAP = 28;
const LABEL_WIDTH = 170;
const COLUMN_GAP = 12;
const SIZE = { title: 16, heading: 12, body: 10, small: 8.5 } as const;

/** The file name a document is downloaded and archived under: its id, which is URL- and file-safe. */
export function pdfFilename(document: Pick<PrintableDocument, 'caseNumber' | 'id'>): string {
  return `${document.caseNumber}-${document.id}.pdf`.replace(/[^A-Za-z0-9._-]/g, '-');
}

/**
 * The document as PDF bytes. The same document gives the same bytes: the creation date is the
 * document's own date, and the file id derives from it.
 */
export async function renderPdf(document: PrintableDocument): Promise<Uint8Array> {
  // Loaded on the first PDF, not at every cold start of the functions that carry it. A require,
  // not import(): bundled as CommonJS, PDFKit's ES build would look for its files by import.meta.
  const PDFDocument = require('pdfkit') as typeof import('pdfkit');
  const { regular, bold } = loadFonts();
  const pdf = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN + FOOTER_GAP, left: MARGIN, right: MARGIN },
    // The embedded font from the start: PDFKit would otherwise load its built-in Helvetica, whose
    // metrics a bundle does not carry. (PDFKit takes a font's bytes here; its types say a name.)
    font: regular as unknown as string,
    bufferPages: true,
    lang: 'nb-NO',
    displayTitle: true,
    pdfVersion: '1.7',
    info: {
      Title: document.title,
      Author: document.sender,
      Subject: `Sak ${document.caseNumber}`,
      Creator: 'ALIS-tilskudd',
      Producer: 'ALIS-tilskudd',
      CreationDate: new Date(`${document.date}T12:00:00Z`),
    },
  });
  pdf.registerFont('regular', regular);
  pdf.registerFont('bold', bold);

  const chunks: Buffer[] = [];
  const done = new Promise<Uint8Array>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    pdf.on('error', reject);
  });

  letterHead(pdf, document);
  for (const section of document.sections) writeSection(pdf, section);
  footers(pdf, document);
  pdf.end();
  return done;
}

type Pdf = PDFKit.PDFDocument;

function contentWidth(pdf: Pdf): number {
  return pdf.page.width - pdf.page.margins.left - pdf.page.margins.right;
}

function letterHead(pdf: Pdf, document: PrintableDocument): void {
  const left = pdf.page.margins.left;
  pdf.font('bold').fontSize(SIZE.body).text(document.sender, left);
  pdf.moveDown(1);
  const facts: [string, string][] = [
    ['Til', document.recipient],
    ['Saksnummer', document.caseNumber],
    ['Dato', formatDate(document.date)],
  ];
  for (const [label, value] of facts) labelled(pdf, label, value);
  pdf.moveDown(1.2);
  pdf
    .font('bold')
    .fontSize(SIZE.title)
    .text(document.title, left, undefined, {
      width: contentWidth(pdf),
    });
  pdf.moveDown(0.6);
}

function writeSection(pdf: Pdf, section: PrintableSection): void {
  const left = pdf.page.margins.left;
  const width = contentWidth(pdf);
  if (section.heading) {
    // A heading never stands alone at the foot of a page.
    keepRoom(pdf, SIZE.heading * 4);
    pdf.moveDown(0.6);
    pdf.font('bold').fontSize(SIZE.heading).text(section.heading, left, undefined, { width });
    pdf.moveDown(0.3);
  }
  for (const paragraph of section.paragraphs ?? []) {
    pdf.font('regular').fontSize(SIZE.body).text(paragraph, left, undefined, { width });
    pdf.moveDown(0.5);
  }
  for (const row of section.rows ?? []) labelled(pdf, row.label, row.value);
}

/** A label and its value side by side; a value may wrap and hold line breaks. */
function labelled(pdf: Pdf, label: string, value: string): void {
  const left = pdf.page.margins.left;
  const valueWidth = contentWidth(pdf) - LABEL_WIDTH - COLUMN_GAP;
  pdf.font('regular').fontSize(SIZE.body);
  const height = Math.max(
    pdf.heightOfString(value || ' ', { width: valueWidth }),
    pdf.font('bold').heightOfString(label, { width: LABEL_WIDTH }),
  );
  // A row that fits on a page is not split; a longer one flows on over the page.
  keepRoom(pdf, Math.min(height, pageRoom(pdf, true)));
  const top = pdf.y;
  pdf.font('bold').text(label, left, top, { width: LABEL_WIDTH });
  const labelBottom = pdf.y;
  const labelPage = pageIndex(pdf);
  pdf
    .font('regular')
    .text(value || '–', left + LABEL_WIDTH + COLUMN_GAP, top, { width: valueWidth });
  if (pageIndex(pdf) === labelPage) pdf.y = Math.max(pdf.y, labelBottom);
  pdf.x = left;
  pdf.moveDown(0.35);
}

function pageIndex(pdf: Pdf): number {
  const range = pdf.bufferedPageRange();
  return range.start + range.count;
}

/** The room left on this page (or on a fresh one) above the bottom margin. */
function pageRoom(pdf: Pdf, fresh = false): number {
  const bottom = pdf.page.height - pdf.page.margins.bottom;
  return bottom - (fresh ? pdf.page.margins.top : pdf.y);
}

function keepRoom(pdf: Pdf, height: number): void {
  if (pageRoom(pdf) < height) pdf.addPage();
}

/** Each page's foot: the case number, the title and «Side n av m». */
function footers(pdf: Pdf, document: PrintableDocument): void {
  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    const { left, bottom } = pdf.page.margins;
    const width = contentWidth(pdf);
    const y = pdf.page.height - bottom + FOOTER_GAP / 2;
    // Writing in the margin must not start another page.
    pdf.page.margins.bottom = 0;
    pdf
      .font('regular')
      .fontSize(SIZE.small)
      .fillColor('#444444')
      .text(`Sak ${document.caseNumber} – ${document.title}`, left, y, {
        width: width - 80,
        lineBreak: false,
        ellipsis: true,
      })
      .text(`Side ${i - range.start + 1} av ${range.count}`, left + width - 80, y, {
        width: 80,
        align: 'right',
        lineBreak: false,
      });
    pdf.page.margins.bottom = bottom;
    pdf.fillColor('black');
  }
}
