// SES's bounce events, made locally: the local SES delivers every e-mail, so POST /_local/bounce
// says that one address bounced, and the stack invokes the mailEvents function with the event
// EventBridge would hand it in AWS (infra/constructs/mail-events.ts): the SES event of the latest
// e-mail to that address, with its headers, as `detail`.

import { randomUUID } from 'node:crypto';
import { LOCAL_ACCOUNT, LOCAL_REGION } from './template.js';

/** The e-mail that bounced, as the local SES kept it. */
export interface BouncedMail {
  messageId: string;
  /** ISO instant it was sent. */
  at: string;
  from: string;
  to: string[];
  headers: { name: string; value: string }[];
}

export class BounceRequestError extends Error {
  override name = 'BounceRequestError';
}

/** Checks a POST /_local/bounce body (already a JSON object): `{"email": "<address>"}`. */
export function parseBounceRequest(body: Record<string, unknown>): { email: string } {
  const email = body.email;
  if (typeof email !== 'string')
    throw new BounceRequestError('"email" must be a string: {"email": "<address>"}');
  const trimmed = email.trim();
  if (trimmed.length > 254 || !/^[^\s@]+@[^\s@]+$/.test(trimmed))
    throw new BounceRequestError('"email" must be an e-mail address');
  return { email: trimmed };
}

/**
 * A permanent bounce of `address`, as SES publishes it to EventBridge. `mail` is the e-mail that
 * bounced; without one (nothing was sent there) the event names no headers.
 */
export function sesBounceEvent(options: {
  address: string;
  mail?: BouncedMail;
  configurationSet: string;
  now: Date;
}): Record<string, unknown> {
  const { address, mail, now } = options;
  const time = now.toISOString();
  const from = mail?.from ?? '';
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Email Bounced',
    source: 'aws.ses',
    account: LOCAL_ACCOUNT,
    time,
    region: LOCAL_REGION,
    resources: [],
    detail: {
      eventType: 'Bounce',
      bounce: {
        feedbackId: `local-${randomUUID()}`,
        bounceType: 'Permanent',
        bounceSubType: 'General',
        bouncedRecipients: [
          {
            emailAddress: address,
            action: 'failed',
            status: '5.1.1',
            diagnosticCode: 'smtp; 550 5.1.1 user unknown',
          },
        ],
        timestamp: time,
        reportingMTA: 'dns; local',
      },
      mail: {
        timestamp: mail?.at ?? time,
        source: from,
        sourceArn: `arn:aws:ses:${LOCAL_REGION}:${LOCAL_ACCOUNT}:identity/local`,
        sendingAccountId: LOCAL_ACCOUNT,
        messageId: mail?.messageId ?? `local-${randomUUID()}`,
        destination: mail?.to ?? [address],
        headersTruncated: false,
        headers: mail?.headers ?? [],
        commonHeaders: { from: [from], to: mail?.to ?? [address] },
        tags: { 'ses:configuration-set': [options.configurationSet] },
      },
    },
  };
}
