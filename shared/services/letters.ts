// Decision letters: written and kept when the e-mail that carries one is composed, shown again on
// the status link's letter page, and listed as documents of the case. A letter is kept once per
// decision (its `source`); an e-mail composed again (at least once, as every notice) finds it and
// carries a fresh complaint link, any of which files the letter's one complaint.

import {
  complaintClosesAt,
  letterProgramme,
  letterSource,
  type Letter,
  type LetterDecision,
} from '../domain/letters.js';
import { NotFoundError, WorkflowDataError } from '../errors.js';
import type { LetterInMail } from '../mail/letters.js';
import {
  complaintDocument,
  letterDocument,
  letterId,
  letterNumberOf,
} from '../presentation/letter.js';
import type { PrintableDocument } from '../presentation/printable.js';
import { publicUrls } from '../public-urls.js';
import { getApplication } from '../store/applications.js';
import { SYSTEM_ACTOR, auditEvent, recordEvent } from '../store/audit.js';
import type { ApplicationItem } from '../store/items.js';
import {
  getComplaint,
  getLetter,
  listLetters,
  putNewLetter,
  type ComplaintItem,
  type LetterItem,
} from '../store/letters.js';
import { issueLink } from './links.js';
import { loadProgramme } from './programme-settings.js';
import { applicationOfStatusToken, statusTokenOf } from './status.js';
import { programmeLead } from './staff-register.js';

/** Attempts at a letter number when letters of one case are written at the same moment. */
const NUMBER_ATTEMPTS = 5;

/**
 * The letter of a decision, written the first time (with its audit event) and found after, with a
 * fresh complaint link for the e-mail that carries it. The programme's letter settings are read
 * as they stand now (missing ones fall back to the seed: `programmeOf`) and kept in the letter.
 */
export async function letterForMail(
  applicationId: string,
  decision: LetterDecision,
  reviewRound = 0,
  now = new Date(),
): Promise<LetterInMail> {
  const app = await getApplication(applicationId);
  if (!app) throw new WorkflowDataError(`No application ${applicationId}`);
  const letter = await keepLetter(app, decision, letterSource(decision, reviewRound), now);
  const token = await issueLink({
    purpose: 'complaint',
    applicationId,
    round: letter.number,
    holder: app.application.contact.email,
    expiresAt: complaintClosesAt(new Date(letter.sentAt)),
  });
  return {
    letter,
    document: letterDocument(letter),
    complaintUrl: publicUrls.complaint(token),
    letterUrl: publicUrls.letter(statusTokenOf(app), letterId(letter.number)),
  };
}

async function keepLetter(
  app: ApplicationItem,
  decision: LetterDecision,
  source: string,
  now: Date,
): Promise<Letter> {
  const programme = await loadProgramme(app.programme, now);
  for (let attempt = 0; attempt < NUMBER_ATTEMPTS; attempt++) {
    const letters = await listLetters(app.applicationId);
    const kept = letters.find((item) => item.letter.source === source);
    if (kept) return kept.letter;
    const letter: Letter = {
      number: Math.max(0, ...letters.map((item) => item.letter.number)) + 1,
      source,
      sentAt: now.toISOString(),
      caseNumber: app.applicationId,
      programme: letterProgramme(programme, await programmeLead(app.programme)),
      recipient: {
        municipalityName: app.application.municipality.name,
        contactName: app.application.contact.name,
      },
      decision,
    };
    if (await putNewLetter(app.applicationId, letter)) {
      await recordEvent(
        auditEvent(
          app.applicationId,
          'letter-sent',
          SYSTEM_ACTOR,
          now,
          `${letterId(letter.number)}: ${decision.kind}`,
        ),
      );
      return letter;
    }
  }
  throw new WorkflowDataError(`No letter number left for ${app.applicationId}`);
}

/** Every letter of a case and every complaint of one, as documents, in the order they came. */
export function letterDocuments(
  letters: readonly LetterItem[],
  complaints: readonly ComplaintItem[],
): PrintableDocument[] {
  const byNumber = new Map(letters.map((item) => [item.letter.number, item.letter]));
  const documents: { at: string; doc: PrintableDocument }[] = [
    ...letters.map((item) => ({ at: item.letter.sentAt, doc: letterDocument(item.letter) })),
    ...complaints.flatMap((c) => {
      const letter = byNumber.get(c.letter);
      return letter ? [{ at: c.filedAt, doc: complaintDocument(c, letter) }] : [];
    }),
  ];
  return documents.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)).map((d) => d.doc);
}

/** A letter behind the status link: the application's own, by its id; anything else 404. */
export async function letterOfStatusToken(
  statusToken: string,
  id: string,
): Promise<{ app: ApplicationItem; letter: Letter; complaint?: ComplaintItem }> {
  const app = await applicationOfStatusToken(statusToken);
  const number = letterNumberOf(id);
  if (number === undefined) throw new NotFoundError('Malformed letter id');
  const [item, complaint]: [LetterItem | undefined, ComplaintItem | undefined] = await Promise.all([
    getLetter(app.applicationId, number),
    getComplaint(app.applicationId, number),
  ]);
  if (!item) throw new NotFoundError('Unknown letter');
  return { app, letter: item.letter, ...(complaint && { complaint }) };
}
