// A decision letter in words: the one text the e-mail, the letter page and the PDF all show
// (forvaltningsloven §§ 24–25 reasons, § 27 the right to complain and to see the documents, § 29
// the three weeks, § 33 the klageinstans). Pure: a stored letter (shared/domain/letters.ts) in, a
// PrintableDocument out; and the complaint as a document of the case.

import {
  complaintLastDay,
  type CancelledYear,
  type Letter,
  type LetterDecision,
  type LetterKind,
} from '../domain/letters.js';
import { osloDateOf } from '../domain/calendar.js';
import { formatDate, formatNok, positionsText } from './format.js';
import type { PrintableDocument, PrintableSection } from './printable.js';

export const LETTER_TITLES: Record<LetterKind, string> = {
  rejected: 'Vedtak om avslag på søknad om ALIS-tilskudd',
  reduced: 'Vedtak om ALIS-tilskudd: mindre enn søkt',
  'position-ended': 'Vedtak om avslutning av tilskudd til ALIS-stilling',
  unconfirmed: 'Vedtak om avslutning av tilskudd: stillingen er ikke bekreftet',
  'position-lapsed': 'Vedtak om bortfall av ALIS-stilling',
};

/** The complaint link's label in the letter's e-mail; the letter names it. */
export const COMPLAINT_LINK_LABEL = 'Klag på vedtaket';

/** The heading under which the letter tells the right to complain. */
export const COMPLAINT_SECTION_HEADING = 'Rett til å klage (forvaltningsloven § 27)';

/** `letter-<n>`: the letter's id in its case, in URLs and file names. */
export function letterId(number: number): string {
  return `letter-${number}`;
}

/** The number of `letter-<n>`, or undefined for anything else. */
export function letterNumberOf(id: string): number | undefined {
  const match = /^letter-([1-9]\d{0,2})$/.exec(id);
  return match ? Number(match[1]) : undefined;
}

export function complaintDocumentId(letter: number): string {
  return `complaint-${letter}`;
}

/** «Bodø kommune, ALIS-Nord» */
export function letterSender(letter: Pick<Letter, 'programme'>): string {
  return `${letter.programme.owner}, ${letter.programme.name}`;
}

/** The last day to complain, as a date: «2. februar 2027». */
export function complaintLastDayText(letter: Pick<Letter, 'sentAt'>): string {
  return formatDate(complaintLastDay(new Date(letter.sentAt)));
}

/** What was decided, in a sentence or two. */
export function decisionText(letter: Letter): string {
  const d = letter.decision;
  const who = letter.recipient.municipalityName;
  const name = letter.programme.name;
  switch (d.kind) {
    case 'rejected':
      return `${letter.programme.owner} har avslått søknaden fra ${who} om tilskudd fra ${name} (sak ${letter.caseNumber}).`;
    case 'reduced': {
      const parts: string[] = [];
      if (d.positionsApproved < d.positionsRequested)
        parts.push(
          `${positionsText(d.positionsApproved)} av ${d.positionsRequested} som kommunen søkte om`,
        );
      else parts.push(positionsText(d.positionsApproved));
      const amount =
        d.yearlyAmount < d.maxYearlyAmount
          ? `, med ${formatNok(d.yearlyAmount)} per stilling per år (inntil ${formatNok(d.maxYearlyAmount)} kunne gis)`
          : `, med ${formatNok(d.yearlyAmount)} per stilling per år`;
      return `${letter.programme.owner} har innvilget søknaden fra ${who} om tilskudd fra ${name} (sak ${letter.caseNumber}) delvis: tilskudd til ${parts[0]}${amount}.`;
    }
    case 'position-ended':
      return `Tilskuddet fra ${name} til ${who}${positionOf(d.position)} (sak ${letter.caseNumber}) er avsluttet fra ${formatDate(d.endedOn)}, fordi ${d.byLead ? `${letter.programme.owner} har avsluttet tilskuddet til stillingen` : 'kommunen har meldt at stillingen er avsluttet'}.`;
    case 'unconfirmed':
      return `Tilskuddet fra ${name} til ${who}${positionOf(d.position)} (sak ${letter.caseNumber}) er avsluttet fra ${formatDate(d.endedOn)}, fordi kommunen ikke har bekreftet stillingen innen fristen.`;
    case 'position-lapsed':
      return `Stilling ${d.position} i tilskuddet fra ${name} til ${who} (sak ${letter.caseNumber}) er falt bort fra ${formatDate(d.lapsedOn)}, fordi det ikke er meldt at ALIS-legen har begynt. Det blir ikke utbetalt tilskudd til stillingen.`;
  }
}

/** The rule that applied: why a decision of this kind came out so. */
export function ruleText(decision: LetterDecision, programmeName: string): string {
  switch (decision.kind) {
    case 'rejected':
      return `Tilskudd fra ${programmeName} gis etter en faglig vurdering i fagrådet av om søknaden oppfyller programmets vilkår (blant annet veiledning, daglig supervisjon og tilgang til egen liste), innenfor søknadsrundens ramme av stillinger.`;
    case 'reduced': {
      const rules: string[] = [];
      if (decision.positionsApproved < decision.positionsRequested)
        rules.push(
          `Søknadsrunden har et begrenset antall stillinger, og hver kommune kan få høyst ${positionsText(decision.maxPositionsPerMunicipality)}; fagrådet fordeler stillingene etter en faglig vurdering av søknadene.`,
        );
      if (decision.yearlyAmount < decision.maxYearlyAmount)
        rules.push(
          `Tilskuddet er inntil ${formatNok(decision.maxYearlyAmount)} per stilling per år; fagrådet fastsetter beløpet etter en vurdering av søknaden.`,
        );
      return rules.join(' ');
    }
    case 'position-ended':
      return 'Tilskudd gis bare for den tiden ALIS-legen er i stillingen. Utbetalinger med forfall etter at stillingen er avsluttet, faller bort.';
    case 'unconfirmed':
      return `Før hver utbetaling fra og med år 2 må kommunen bekrefte at legen fortsatt er i stillingen. Uten bekreftelse holdes utbetalingen tilbake, og ${decision.endUnconfirmedDaysAfterDue} dager etter forfall avsluttes tilskuddet til stillingen.`;
    case 'position-lapsed':
      return `En ny ALIS-stilling må meldes besatt innen ${decision.lapseAfterMonths} måneder etter vedtaket om tilskudd. Ellers faller stillingen bort, og plassen går tilbake til søknadsrunden.`;
  }
}

function positionOf(position: number | undefined): string {
  return position ? ` for stilling ${position}` : '';
}

function cancelledItems(cancelled: CancelledYear[], named: boolean): string[] {
  return cancelled.map(
    (c) =>
      `${named ? `Stilling ${c.position}, år` : 'År'} ${c.year}, ${formatDate(c.dueDate)}: ${formatNok(c.net)}`,
  );
}

/** The reviewer's comment, where the decision carries one. */
function commentOf(decision: LetterDecision): string | undefined {
  return decision.kind === 'rejected' || decision.kind === 'reduced'
    ? decision.comment?.trim() || undefined
    : undefined;
}

/** The complaint section's paragraphs. */
export function complaintParagraphs(letter: Letter): string[] {
  const { owner, name, klageinstans } = letter.programme;
  return [
    `Dere kan klage på vedtaket. Fristen er tre uker fra dere mottok dette brevet (forvaltningsloven §§ 28 og 29), det vil si senest ${complaintLastDayText(letter)}.`,
    `Klagen sendes til ${owner} (${name}), som har gjort vedtaket. Bruk lenken «${COMPLAINT_LINK_LABEL}» i e-posten med dette brevet, eller skriv til kontaktpersonen nedenfor.`,
    'Klagen må nevne vedtaket dere klager på (saksnummeret), hvilken endring dere ønsker, og hvorfor. Nevn også andre opplysninger som kan ha betydning for saken (forvaltningsloven § 32).',
    `${owner} vurderer klagen og kan endre vedtaket selv. Gir ${owner} dere ikke medhold, sendes klagen med sakens dokumenter til ${klageinstans.name} (${klageinstans.email}), som avgjør den endelig (forvaltningsloven § 33).`,
  ];
}

/** The letter as a case document: what the e-mail, the page and the PDF show. */
export function letterDocument(letter: Letter): PrintableDocument {
  const d = letter.decision;
  const comment = commentOf(d);
  const decision: PrintableSection = {
    heading: 'Vedtak',
    paragraphs: [decisionText(letter)],
  };
  if ((d.kind === 'position-ended' || d.kind === 'unconfirmed') && d.cancelled.length > 0) {
    decision.paragraphs!.push(
      'Disse utbetalingene faller bort:',
      ...cancelledItems(d.cancelled, d.position !== undefined),
    );
  }
  const reasons: PrintableSection = {
    heading: 'Begrunnelse',
    paragraphs: [
      ...(comment ? [`Fagrådets vurdering: ${comment}`] : []),
      `Regelen som gjelder: ${ruleText(d, letter.programme.name)}`,
      'Vedtaket er begrunnet etter forvaltningsloven §§ 24 og 25.',
    ],
  };
  return {
    id: letterId(letter.number),
    kind: 'letter',
    title: LETTER_TITLES[d.kind],
    date: osloDateOf(new Date(letter.sentAt)),
    caseNumber: letter.caseNumber,
    sender: letterSender(letter),
    recipient: `${letter.recipient.municipalityName} v/ ${letter.recipient.contactName}`,
    sections: [
      decision,
      reasons,
      { heading: 'Hjemmel', paragraphs: [letter.programme.legalBasis] },
      {
        heading: COMPLAINT_SECTION_HEADING,
        paragraphs: complaintParagraphs(letter),
      },
      {
        heading: 'Rett til å se sakens dokumenter',
        paragraphs: [
          'Dere har rett til å se dokumentene i saken (forvaltningsloven §§ 18 og 19). Dokumentene finnes på søknadens statusside, og dere kan også be kontaktpersonen om dem.',
        ],
      },
      {
        heading: 'Kontakt',
        paragraphs: [
          `Har dere spørsmål om vedtaket, kontakt prosjektleder i ${letter.programme.name}: ${letter.programme.contact}.`,
        ],
      },
    ],
  };
}

/** A complaint as a case document: what the municipality wrote, and what became of it. */
export function complaintDocument(
  complaint: {
    letter: number;
    text: string;
    filedAt: string;
    status: 'FILED' | 'GRANTED' | 'FORWARDED';
    decidedAt?: string;
  },
  letter: Letter,
): PrintableDocument {
  return {
    id: complaintDocumentId(complaint.letter),
    kind: 'complaint',
    title: `Klage på vedtak: ${LETTER_TITLES[letter.decision.kind].toLowerCase()}`,
    date: osloDateOf(new Date(complaint.filedAt)),
    caseNumber: letter.caseNumber,
    sender: `${letter.recipient.municipalityName} v/ ${letter.recipient.contactName}`,
    recipient: letterSender(letter),
    sections: [
      {
        rows: [
          { label: 'Vedtaket det klages på', value: `Brev av ${formatDate(letter.sentAt)}` },
          { label: 'Klagen er mottatt', value: formatDate(complaint.filedAt) },
          { label: 'Status', value: COMPLAINT_STATUS_LABELS[complaint.status] },
        ],
      },
      { heading: 'Klagen', paragraphs: complaint.text.split(/\r?\n\s*\r?\n/) },
    ],
  };
}

export const COMPLAINT_STATUS_LABELS: Record<'FILED' | 'GRANTED' | 'FORWARDED', string> = {
  FILED: 'Mottatt, til behandling',
  GRANTED: 'Tatt til følge: vedtaket er endret',
  FORWARDED: 'Ikke tatt til følge: sendt til klageinstansen',
};

/** The PrintableDocument as plain text: the e-mail attachment until a renderer makes PDFs. */
export function documentText(doc: PrintableDocument): string {
  const lines = [
    doc.sender,
    `Til: ${doc.recipient}`,
    `Dato: ${formatDate(doc.date)}`,
    `Saksnummer: ${doc.caseNumber}`,
    '',
    doc.title.toUpperCase(),
    '',
  ];
  for (const section of doc.sections) {
    if (section.heading) lines.push(section.heading, '');
    for (const row of section.rows ?? []) lines.push(`${row.label}: ${row.value}`);
    if (section.rows?.length) lines.push('');
    for (const paragraph of section.paragraphs ?? []) lines.push(paragraph, '');
  }
  return lines.join('\n');
}
