// The PDF renderer, read back with a PDF parser (unpdf, PDF.js): the text is there as text, with
// æøå and the Sámi letters intact, from the embedded and subset DejaVu fonts; long documents get
// more pages, each with its footer; the same document gives the same bytes.

import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { pdfFilename, renderPdf } from '../../../shared/presentation/pdf.js';
import type { PrintableDocument } from '../../../shared/presentation/printable.js';

const LETTERS = 'æøå ÆØÅ á č đ ŋ š ŧ ž Á Č Đ Ŋ Š Ŧ Ž';

const document: PrintableDocument = {
  id: 'letter-1',
  kind: 'letter',
  title: 'Vedtak om tilskudd til Guovdageainnu suohkan',
  date: '2026-12-03',
  caseNumber: 'AN-2026-ABCDEFGH',
  sender: 'Bodø kommune, ALIS-Nord',
  recipient: 'Kárášjoga gielda v/ Áile Ŋuvttá',
  sections: [
    { paragraphs: [`Bokstavene ${LETTERS} skal stå som de er.`] },
    {
      heading: 'Søknaden',
      rows: [
        { label: 'Kommune', value: 'Kárášjohka' },
        { label: 'Beskrivelse', value: 'Første linje\nAndre linje' },
      ],
    },
  ],
};

async function textOf(bytes: Uint8Array): Promise<{ pages: number; text: string }> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { totalPages, text } = await extractText(pdf, { mergePages: true });
  return { pages: totalPages, text };
}

describe('a case document as PDF', () => {
  it('is a PDF whose text reads back, with æøå and the Sámi letters intact', async () => {
    const bytes = await renderPdf(document);
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const { pages, text } = await textOf(bytes);
    expect(pages).toBe(1);
    for (const expected of [
      'Bodø kommune, ALIS-Nord',
      'Kárášjoga gielda v/ Áile Ŋuvttá',
      'AN-2026-ABCDEFGH',
      '3. desember 2026',
      'Vedtak om tilskudd til Guovdageainnu suohkan',
      `Bokstavene ${LETTERS} skal stå som de er.`,
      'Søknaden',
      'Kárášjohka',
      'Side 1 av 1',
    ]) {
      expect(text).toContain(expected);
    }
    for (const letter of LETTERS.replaceAll(' ', '')) expect(text).toContain(letter);
  });

  it('embeds its two fonts, subset to the glyphs used, and says its title and language', async () => {
    const bytes = await renderPdf(document);
    const raw = Buffer.from(bytes).toString('latin1');
    // A subset font's name carries a six-letter tag; FontFile2 is an embedded TrueType program.
    const fonts = raw.match(/\/BaseFont \/[A-Z]{6}\+DejaVuSans(-Bold)?\b/g) ?? [];
    expect(new Set(fonts.map((f) => f.replace(/\/[A-Z]{6}\+/, '/'))).size).toBe(2);
    expect(raw.match(/\/FontFile2/g)?.length).toBe(2);
    expect(raw).toContain('/Lang (nb-NO)');
    // Subset: far below the 1.4 MB of the two whole fonts.
    expect(bytes.length).toBeLessThan(60_000);
    const pdf = await getDocumentProxy(new Uint8Array(bytes));
    const info = (await pdf.getMetadata()).info as Record<string, unknown>;
    expect(info.Title).toBe(document.title);
  });

  it('runs over as many pages as it needs, each with its page number', async () => {
    const long = {
      ...document,
      sections: [
        { heading: 'Lang tekst', paragraphs: Array(40).fill('Ein lang tekst. '.repeat(40)) },
      ],
    };
    const { pages, text } = await textOf(await renderPdf(long));
    expect(pages).toBeGreaterThan(2);
    expect(text).toContain(`Side ${pages} av ${pages}`);
  });

  it('is the same bytes for the same document', async () => {
    const [a, b] = await Promise.all([renderPdf(document), renderPdf(document)]);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('is named by its case and id, safe as a file name', () => {
    expect(pdfFilename(document)).toBe('AN-2026-ABCDEFGH-letter-1.pdf');
    expect(pdfFilename({ caseNumber: 'A/B', id: 'x y' })).toBe('A-B-x-y.pdf');
  });
});
