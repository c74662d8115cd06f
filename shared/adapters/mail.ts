// Sending e-mail through SES v2. Every message has a text and an HTML part, and may carry files.

import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { config } from '../config.js';

export const sesClient = new SESv2Client({});

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

/** What an e-mail says: the one type the messages produce and this adapter sends. */
export interface MailContent {
  subject: string;
  text: string;
  html: string;
  attachments?: readonly MailAttachment[];
  /** Where replies go: a person (the programme's lead), since the sender is not read. */
  replyTo?: readonly string[];
}

/**
 * Headers that name what an e-mail is about. SES hands a message's headers back with its bounce
 * and complaint events, so the handler of those (shared/services/bounces.ts) can tell whom to tell.
 */
export const MAIL_CONTEXT_HEADERS = {
  programme: 'X-Alis-Programme',
  application: 'X-Alis-Application',
} as const;

export interface MailContext {
  programme?: string;
  applicationId?: string;
}

/**
 * Sends one e-mail. Not to be called but through shared/services/mailing.ts, the one place that
 * leaves out addresses marked undeliverable.
 */
export async function sendMail(
  to: readonly string[],
  message: MailContent,
  context: MailContext = {},
  client: SESv2Client = sesClient,
): Promise<string | undefined> {
  const { mailFrom, sesConfigurationSet } = config();
  const attachments = message.attachments ?? [];
  const result = await client.send(
    new SendEmailCommand({
      FromEmailAddress: mailFrom,
      Destination: { ToAddresses: [...to] },
      ...(message.replyTo?.length && { ReplyToAddresses: [...message.replyTo] }),
      ConfigurationSetName: sesConfigurationSet,
      Content: {
        Simple: {
          Subject: { Data: message.subject, Charset: 'UTF-8' },
          Body: {
            Text: { Data: message.text, Charset: 'UTF-8' },
            Html: { Data: message.html, Charset: 'UTF-8' },
          },
          ...(headersOf(context).length > 0 && { Headers: headersOf(context) }),
          ...(attachments.length > 0 && {
            Attachments: attachments.map((a) => ({
              FileName: a.filename,
              ContentType: a.contentType,
              RawContent: a.content,
            })),
          }),
        },
      },
    }),
  );
  return result.MessageId;
}

function headersOf(context: MailContext): { Name: string; Value: string }[] {
  return [
    ...(context.programme
      ? [{ Name: MAIL_CONTEXT_HEADERS.programme, Value: context.programme }]
      : []),
    ...(context.applicationId
      ? [{ Name: MAIL_CONTEXT_HEADERS.application, Value: context.applicationId }]
      : []),
  ];
}
