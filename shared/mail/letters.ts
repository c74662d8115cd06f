// A decision letter inside its e-mail, and the e-mails of a complaint: the municipality's receipt,
// the lead's news of it, the case sent on to the klageinstans, and the municipality told of either
// answer. The letter's words are shared/presentation/letter.ts's, so the e-mail, the page and the
// PDF say the same.

import type { MailAttachment, MailContent } from '../adapters/mail.js';
import type { Letter } from '../domain/letters.js';
import type { Programme } from '../domain/programmes.js';
import { formatDate } from '../presentation/format.js';
import {
  COMPLAINT_LINK_LABEL,
  COMPLAINT_SECTION_HEADING,
  LETTER_TITLES,
  complaintLastDayText,
} from '../presentation/letter.js';
import type { PrintableDocument } from '../presentation/printable.js';
import { composeMail, link, paragraph, type Block, type MailSpec } from './render.js';

/** Where the letter's e-mail points: its complaint form and the letter as a page of its own. */
export interface LetterLinks {
  complaintUrl: string;
  letterUrl: string;
}

/** The letter and its links, ready to be put into the e-mail that tells the decision. */
export interface LetterInMail extends LetterLinks {
  letter: Letter;
  document: PrintableDocument;
}

/** What the letter's first line says: nothing is needed, unless the municipality disagrees. */
export function letterFirstLine(letter: Letter): string {
  return `Dere trenger ikke gjøre noe. Er dere uenige i vedtaket, kan dere klage senest ${complaintLastDayText(letter)}.`;
}

/** The letter as blocks: its header, every section, the complaint link under the complaint section. */
export function letterBlocks(m: LetterInMail): Block[] {
  const doc = m.document;
  const blocks: Block[] = [
    {
      kind: 'facts',
      rows: [
        ['Dato', formatDate(doc.date)],
        ['Saksnummer', doc.caseNumber],
        ['Fra', doc.sender],
        ['Til', doc.recipient],
      ],
    },
  ];
  for (const section of doc.sections) {
    if (section.heading) blocks.push({ kind: 'heading', text: section.heading });
    if (section.rows?.length)
      blocks.push({ kind: 'facts', rows: section.rows.map((r) => [r.label, r.value]) });
    for (const text of section.paragraphs ?? []) blocks.push(paragraph(text));
    if (section.heading === COMPLAINT_SECTION_HEADING)
      blocks.push(link(COMPLAINT_LINK_LABEL, m.complaintUrl));
  }
  blocks.push(
    link('Se brevet som egen side (kan skrives ut)', m.letterUrl),
    paragraph(
      'Lenken til klageskjemaet er personlig for kommunen og kan brukes én gang. Del den bare med dem som skal skrive klagen.',
    ),
  );
  return blocks;
}

/** Replies reach the programme's lead now (the staff register's), whom the footer names too. */
function toMunicipality(spec: MailSpec & { lead: string }): MailContent {
  return { ...composeMail(spec), replyTo: [spec.lead] };
}

/** The municipality's receipt of its complaint. */
export function complaintReceiptMessage(m: {
  programme: Programme;
  lead: string;
  letter: Letter;
  text: string;
  statusUrl: string;
}): MailContent {
  const { programme, letter } = m;
  return toMunicipality({
    lead: m.lead,
    subject: `Klage mottatt (sak ${letter.caseNumber})`,
    heading: 'Vi har mottatt klagen',
    programme,
    blocks: [
      paragraph('Dere trenger ikke gjøre noe nå. Dere får svar på e-post.'),
      paragraph(
        `${letter.programme.owner} (${letter.programme.name}) har mottatt klagen fra ${letter.recipient.municipalityName} på vedtaket av ${formatDate(letter.sentAt)}: ${LETTER_TITLES[letter.decision.kind].toLowerCase()} (sak ${letter.caseNumber}).`,
      ),
      paragraph(
        `${letter.programme.owner} vurderer klagen og kan endre vedtaket selv. Gis dere ikke medhold, sendes klagen med sakens dokumenter til ${letter.programme.klageinstans.name}, og dere får beskjed om det.`,
      ),
      { kind: 'quote', intro: 'Klagen:', text: m.text },
      link('Se status for søknaden', m.statusUrl),
    ],
  });
}

/** The lead hears of a complaint, with the case's staff page. */
export function complaintFiledLeadMessage(m: {
  programme: Programme;
  letter: Letter;
  text: string;
  staffUrl: string;
}): MailContent {
  const { programme, letter } = m;
  return composeMail({
    subject: `Klage på vedtak i sak ${letter.caseNumber}`,
    heading: 'En kommune har klaget på et vedtak',
    programme,
    blocks: [
      paragraph(
        `Ta klagen til følge eller send den til ${letter.programme.klageinstans.name} fra søknadens side.`,
      ),
      paragraph(
        `${letter.recipient.municipalityName} klager på vedtaket av ${formatDate(letter.sentAt)}: ${LETTER_TITLES[letter.decision.kind].toLowerCase()} (sak ${letter.caseNumber}).`,
      ),
      { kind: 'quote', intro: 'Klagen:', text: m.text },
      link('Åpne søknaden', m.staffUrl),
    ],
  });
}

/** The case, sent on to the klageinstans with its documents attached. */
export function complaintForwardedMessage(m: {
  programme: Programme;
  letter: Letter;
  text: string;
  comment?: string;
  attachments: readonly MailAttachment[];
}): MailContent {
  const { programme, letter } = m;
  const { klageinstans } = letter.programme;
  return {
    ...composeMail({
      subject: `Klagesak ${letter.caseNumber}: ${letter.recipient.municipalityName}`,
      heading: `Klage oversendt til ${klageinstans.name}`,
      programme,
      blocks: [
        paragraph(
          `${letter.programme.owner} oversender klagen fra ${letter.recipient.municipalityName} til ${klageinstans.name} for endelig avgjørelse (forvaltningsloven § 33). ${letter.programme.owner} har vurdert klagen og ikke funnet grunn til å endre vedtaket.`,
        ),
        {
          kind: 'facts',
          rows: [
            ['Saksnummer', letter.caseNumber],
            ['Vedtaket', `${LETTER_TITLES[letter.decision.kind]}, ${formatDate(letter.sentAt)}`],
            ['Klager', letter.recipient.municipalityName],
          ],
        },
        ...(m.comment ? [{ kind: 'quote', intro: 'Vurderingen:', text: m.comment } as Block] : []),
        { kind: 'quote', intro: 'Klagen:', text: m.text },
        paragraph(
          `Sakens dokumenter er vedlagt (${m.attachments.length}). Spørsmål om saken kan rettes til prosjektleder i ${letter.programme.name}: ${letter.programme.contact}.`,
        ),
      ],
    }),
    attachments: m.attachments,
    replyTo: [letter.programme.contact],
  };
}

/** The municipality told of the programme's answer to its complaint. */
export function complaintAnsweredMessage(m: {
  programme: Programme;
  lead: string;
  letter: Letter;
  outcome: 'granted-review' | 'granted-positions' | 'forwarded';
  positionsApproved?: number;
  /** New positions the granted complaint gave that await their doctor. */
  startLinks?: { position: number; startUrl: string }[];
  statusUrl: string;
}): MailContent {
  const { programme, letter } = m;
  const what =
    m.outcome === 'forwarded'
      ? `${letter.programme.owner} har vurdert klagen og ikke funnet grunn til å endre vedtaket. Klagen er sendt med sakens dokumenter til ${letter.programme.klageinstans.name}, som avgjør den endelig. Dere får svar derfra.`
      : m.outcome === 'granted-review'
        ? `${letter.programme.owner} har tatt klagen til følge. Avslaget er opphevet, og søknaden er sendt til ny vurdering i fagrådet. Dere får et nytt vedtak på e-post.`
        : `${letter.programme.owner} har tatt klagen til følge. Kommunen får nå tilskudd til ${m.positionsApproved} ALIS-stillinger.`;
  return toMunicipality({
    lead: m.lead,
    subject:
      m.outcome === 'forwarded'
        ? `Klagen er sendt til klageinstansen (sak ${letter.caseNumber})`
        : `Klagen er tatt til følge (sak ${letter.caseNumber})`,
    heading: m.outcome === 'forwarded' ? 'Klagen er sendt videre' : 'Klagen er tatt til følge',
    programme,
    blocks: [
      paragraph(
        m.outcome === 'granted-positions'
          ? 'Åpne lenken til hver ny stilling under, og meld oppstart når ALIS-legen begynner.'
          : 'Dere trenger ikke gjøre noe nå.',
      ),
      paragraph(what),
      ...(m.startLinks ?? []).map((s) =>
        link(`Meld oppstart i stilling ${s.position}`, s.startUrl),
      ),
      link('Se status for søknaden', m.statusUrl),
    ],
  });
}
