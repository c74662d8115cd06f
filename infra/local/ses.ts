// SES locally: aws-ses-v2-local in this process (SES v1 and v2 APIs, a mail viewer at its own /).
// Every e-mail it is sent is appended to <dir>/mail.jsonl (one line each, written asynchronously):
// GET /_local/mail reads them all from there, across restarts. The package's own store, which its
// viewer shows, holds only the latest VIEWER_KEEPS, so memory does not grow with the mail kept
// (30 000 e-mails were 100 MB of heap). A send costs one appended line, however much mail is kept;
// an older data directory's mail.json is moved into the new file once.

import * as fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';

import startSesServer from 'aws-ses-v2-local';
// The package's store module is how its server keeps mail; it has no public hook for it. A plain
// require gives the module object itself, whose saveEmail the package's handlers call.
import sesStore = require('aws-ses-v2-local/dist/store');
import type { Email } from 'aws-ses-v2-local/dist/store';

import { AppendLog } from './append-log.js';
import type { BouncedMail } from './ses-events.js';

/** An e-mail as GET /_local/mail lists it. */
export interface LocalMail {
  id: string;
  /** ISO instant on the local clock. */
  at: string;
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  replyTo: string[];
  subject: string;
  text: string;
  html: string;
  attachments: { filename: string; contentType: string; content: string }[];
}

export interface LocalSes {
  endpoint: string;
  /** The emulator's own mail viewer. */
  viewerUrl: string;
  /** Every e-mail sent, oldest first (this run and earlier ones), read from the file. */
  mail(): LocalMail[];
  /** How many e-mails are kept. */
  count(): number;
  /** The latest e-mail to the address (any case), with its headers: what a bounce of it names. */
  lastMailTo(address: string): BouncedMail | undefined;
  /** The file e-mails are appended to (its counters show what each send cost). */
  log: AppendLog<Email>;
  stop(): Promise<void>;
}

function toLocalMail(e: Email): LocalMail {
  return {
    id: e.messageId,
    at: new Date(e.at * 1000).toISOString(),
    from: e.from,
    to: e.destination.to,
    cc: e.destination.cc,
    bcc: e.destination.bcc,
    replyTo: e.replyTo,
    subject: e.subject,
    text: e.body.text ?? '',
    html: e.body.html ?? '',
    attachments: e.attachments.map((a) => ({
      filename: a.filename ?? '',
      contentType: a.contentType,
      content: a.content,
    })),
  };
}

type Store = { emails: Email[] };

/** E-mails the package's store (and so its viewer) holds: the latest, up to twice this between trims. */
export const VIEWER_KEEPS = 1000;

export async function startSes(options: { dir: string; port?: number }): Promise<LocalSes> {
  const log = new AppendLog<Email>(path.join(options.dir, 'mail.jsonl'));
  const legacy = path.join(options.dir, 'mail.json');
  if (fs.existsSync(legacy)) {
    log.rewrite([...log.read(), ...(JSON.parse(fs.readFileSync(legacy, 'utf8')) as Email[])]);
    fs.rmSync(legacy);
  }
  const store = sesStore.getStoreReadonly() as Store;
  // One store per process: start from what is on disk, not from a previous in-process run.
  const kept = log.read();
  let count = kept.length;
  store.emails = kept.slice(-VIEWER_KEEPS);
  /** Sent, and not yet known to be in the file. */
  const unwritten = new Map<string, Email>();

  const original = sesStore.saveEmail;
  // The package's handlers call saveEmail through its exports object, so replacing it there sees
  // every e-mail the moment it is stored (before the SES API answers the sender).
  (sesStore as { saveEmail: typeof original }).saveEmail = (email: Email) => {
    original(email);
    count++;
    // Trimmed now and then, not per e-mail: a copy of the array per send would grow with it.
    if (store.emails.length >= 2 * VIEWER_KEEPS) store.emails = store.emails.slice(-VIEWER_KEEPS);
    unwritten.set(email.messageId, email);
    log.append(email, () => unwritten.delete(email.messageId));
  };

  /** Everything in the file, and what is on its way there (a write may land in between). */
  const all = (): Email[] => {
    const written = log.read();
    const ids = new Set(written.map((e) => e.messageId));
    return [...written, ...[...unwritten.values()].filter((e) => !ids.has(e.messageId))];
  };

  const server: Server = await startSesServer({ host: '127.0.0.1', port: options.port ?? 0 });
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    viewerUrl: `http://127.0.0.1:${port}/`,
    mail: () => all().map(toLocalMail),
    count: () => count,
    lastMailTo: (address) => {
      const wanted = address.trim().toLowerCase();
      const sentTo = (e: Email) =>
        [...e.destination.to, ...e.destination.cc, ...e.destination.bcc].some(
          (to) => to.trim().toLowerCase() === wanted,
        );
      const found = all().findLast(sentTo);
      return (
        found && {
          messageId: found.messageId,
          at: new Date(found.at * 1000).toISOString(),
          from: found.from,
          to: found.destination.to,
          headers: found.headers ?? [],
        }
      );
    },
    log,
    stop: async () => {
      (sesStore as { saveEmail: typeof original }).saveEmail = original;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await log.close();
    },
  };
}
