// What the mail tests share: a valid application, and a hostile string to put in every field.

import { expect } from 'vitest';
import { validateApplication, type Application } from '../../../shared/domain/application.js';
import vest from '../../fixtures/application-alis-vest.json';
import { letterProgramme, type Letter } from '../../../shared/domain/letters.js';
import { PROGRAMMES } from '../../../shared/domain/programmes.js';
import type { LetterInMail } from '../../../shared/mail/letters.js';
import { letterDocument } from '../../../shared/presentation/letter.js';

export const EVIL =
  '"><script>alert(1)</script><img src=x onerror=alert(2)>\r\nBcc: victim@example.com';
export const BASE = 'https://alis.example.no';

export type { Application };

export function vestApplication(): Application {
  const result = validateApplication(vest);
  if (!result.ok) throw new Error('fixture invalid');
  return result.application;
}

/** The value with every string in it replaced by `EVIL`. */
export function poisoned<T>(value: T): T {
  if (typeof value === 'string') return EVIL as T;
  if (Array.isArray(value)) return value.map(poisoned) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, poisoned(v)])) as T;
  return value;
}

/** A subject, a text part and a whole HTML part, each naming the application. */
export function expectWellFormed(
  mail: { subject: string; text: string; html: string },
  applicationId: string,
): void {
  expect(mail.subject).toContain(applicationId);
  expect(mail.text).toContain(applicationId);
  expect(mail.html.startsWith('<!doctype html><html lang="nb">')).toBe(true);
  expect(mail.html).toContain(applicationId);
  expect(mail.text).not.toMatch(/<[a-z]/i);
}

/** The HTML part shows hostile values as text, and the subject stays on one line. */
export function expectEscaped(mail: { subject: string; html: string }): void {
  expect(mail.html).not.toMatch(/<script/i);
  expect(mail.html).not.toMatch(/<img/i);
  expect(mail.html).toContain('&lt;script>');
  expect(mail.subject).not.toMatch(/[\r\n]/);
}

/** A rejection letter of ALIS-Vest in its e-mail, with the comment and municipality given. */
export function sampleLetterInMail(
  comment: string,
  municipalityName = 'Masfjorden kommune',
  applicationId = 'AV-2026-ABCDEFGH',
  lead = PROGRAMMES['alis-vest'].people.lead,
): LetterInMail {
  const letter: Letter = {
    number: 1,
    source: 'rejected-r1',
    sentAt: '2027-01-11T10:00:00Z',
    caseNumber: applicationId,
    programme: letterProgramme(PROGRAMMES['alis-vest'], lead),
    recipient: { municipalityName, contactName: 'Kari Nordmann' },
    decision: { kind: 'rejected', comment },
  };
  return {
    letter,
    document: letterDocument(letter),
    complaintUrl: `${BASE}/complaints/k1age`,
    letterUrl: `${BASE}/status/s3cret/letters/letter-1`,
  };
}
