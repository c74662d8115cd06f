// A decision letter's words: every element the law asks of it, in the document the e-mail, the
// page and the PDF share, and the e-mail built from it.

import { describe, expect, it } from 'vitest';
import { letterProgramme, type Letter } from '../../../shared/domain/letters.js';
import { PROGRAMMES } from '../../../shared/domain/programmes.js';
import { rejectedMessage } from '../../../shared/mail/to-municipality.js';
import {
  complaintDocument,
  documentText,
  letterDocument,
  letterNumberOf,
} from '../../../shared/presentation/letter.js';

const LETTER: Letter = {
  number: 2,
  source: 'rejected-r1',
  sentAt: '2027-01-11T09:00:00Z',
  caseNumber: 'AN-2027-ABCDEFGH',
  programme: letterProgramme(PROGRAMMES['alis-nord'], PROGRAMMES['alis-nord'].people.lead),
  recipient: { municipalityName: 'Hammerfest kommune', contactName: 'Kari Nordmann' },
  decision: { kind: 'rejected', comment: 'Det mangler en veileder med spesialitet.' },
};

describe('the rejection letter', () => {
  const doc = letterDocument(LETTER);
  const text = documentText(doc);

  it('is a letter document of its case, from the programme owner to the municipality', () => {
    expect(doc).toMatchObject({
      id: 'letter-2',
      kind: 'letter',
      date: '2027-01-11',
      caseNumber: 'AN-2027-ABCDEFGH',
      sender: 'Bodø kommune, ALIS-Nord',
      recipient: 'Hammerfest kommune v/ Kari Nordmann',
      title: 'Vedtak om avslag på søknad om ALIS-tilskudd',
    });
  });

  it.each([
    ['the decision', 'har avslått søknaden fra Hammerfest kommune'],
    ["the reviewer's comment", 'Det mangler en veileder med spesialitet.'],
    ['the rule that applied', 'Regelen som gjelder:'],
    ['the legal basis', PROGRAMMES['alis-nord'].letters.legalBasis],
    ['three weeks', 'tre uker'],
    ['the last day', '1. februar 2027'],
    ['to the body that decided', 'Klagen sendes til Bodø kommune'],
    ['what a complaint must contain', 'hvilken endring dere ønsker'],
    ['the klageinstans', 'Klagenemnda i Bodø kommune'],
    ['its address', 'klagenemnd@alis-nord.example.no'],
    ['the right to see the documents', 'forvaltningsloven §§ 18 og 19'],
    ['the contact', 'leder@alis-nord.example.no'],
    ['the reasons rule', '§§ 24 og 25'],
  ])('names %s', (_what, words) => {
    expect(text).toContain(words);
  });

  it('goes in the e-mail with the complaint link and the letter page', () => {
    const mail = rejectedMessage({
      programme: PROGRAMMES['alis-nord'],
      lead: 'leder@alis-nord.example.no',
      applicationId: LETTER.caseNumber,
      municipalityName: 'Hammerfest kommune',
      letter: {
        letter: LETTER,
        document: doc,
        complaintUrl: 'https://alis.example.no/complaints/abc',
        letterUrl: 'https://alis.example.no/status/x/letters/letter-2',
      },
    });
    expect(mail.text).toContain('Klag på vedtaket:\nhttps://alis.example.no/complaints/abc');
    expect(mail.html).toContain('href="https://alis.example.no/complaints/abc"');
    expect(mail.text).toContain('Klagenemnda i Bodø kommune');
    expect(mail.text.split('\n')[2]).toContain('kan dere klage senest 1. februar 2027');
  });
});

describe('other letters and the complaint', () => {
  it('a reduction names what was asked and what was given, and the rule for each', () => {
    const text = documentText(
      letterDocument({
        ...LETTER,
        decision: {
          kind: 'reduced',
          positionsRequested: 2,
          positionsApproved: 1,
          maxYearlyAmount: 200_000,
          yearlyAmount: 150_000,
          maxPositionsPerMunicipality: 2,
        },
      }),
    );
    expect(text).toContain('1 ALIS-stilling av 2');
    expect(text).toMatch(/inntil 200\s000\skr per stilling per år/);
  });

  it('a complaint is a document of the case, addressed the other way', () => {
    const doc = complaintDocument(
      { letter: 2, text: 'Vi klager.', filedAt: '2027-01-20T10:00:00Z', status: 'FILED' },
      LETTER,
    );
    expect(doc).toMatchObject({
      id: 'complaint-2',
      kind: 'complaint',
      sender: 'Hammerfest kommune v/ Kari Nordmann',
      recipient: 'Bodø kommune, ALIS-Nord',
    });
  });

  it('reads letter ids back, and nothing else', () => {
    expect(letterNumberOf('letter-12')).toBe(12);
    for (const id of ['letter-0', 'letter-01', 'letter-x', 'complaint-1', 'letter-1000'])
      expect(letterNumberOf(id)).toBeUndefined();
  });
});
