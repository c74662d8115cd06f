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

export async function sendMail(
  to: readonly string[],
  message: MailContent,
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
