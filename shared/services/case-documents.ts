// The case's documents as e-mail attachments, for the klageinstans when a complaint goes on.
// For now each letter and each complaint goes as plain text (UTF-8), from the same printable
// documents the pages show; the PDF renderer takes this place.

import type { MailAttachment } from '../adapters/mail.js';
import { documentText } from '../presentation/letter.js';
import { letterDocuments } from './letters.js';

export async function caseDocumentAttachments(applicationId: string): Promise<MailAttachment[]> {
  const documents = await letterDocuments(applicationId);
  return documents.map((doc) => ({
    filename: `${doc.caseNumber}-${doc.id}.txt`,
    contentType: 'text/plain; charset=utf-8',
    content: new TextEncoder().encode(documentText(doc)),
  }));
}
