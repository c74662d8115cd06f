// Every e-mail the system sends, in bokmål, each with a plain-text and an HTML part built from the
// same blocks so the two never say different things. The HTML part is rendered by preact, which
// escapes every value; links are absolute URLs the caller passes in.

import { renderToString } from 'preact-render-to-string';
import type { Application } from '../domain/application.js';
import { PROGRAMMES } from '../domain/programmes.js';
import { applicationSummary, type SummarySection } from '../web/application-form.js';
import {
  SITE_NAME,
  formatDateTime,
  formatDeadline,
  formatNok,
  positionsText,
} from '../web/labels.js';

import type { MailContent } from '../adapters/mail.js';

export type { MailContent };

type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'link'; label: string; url: string }
  | { kind: 'quote'; intro: string; text: string }
  | { kind: 'facts'; rows: [label: string, value: string][] }
  | { kind: 'list'; items: string[] }
  | { kind: 'sections'; sections: SummarySection[] };

const p = (text: string): Block => ({ kind: 'paragraph', text });
const link = (label: string, url: string): Block => ({ kind: 'link', label, url });

// ---------------------------------------------------------------------------------------------
// To municipalities

export function receiptMessage(m: {
  applicationId: string;
  programmeName: string;
  municipalityName: string;
  statusUrl: string;
}): MailContent {
  return mail({
    subject: `Kvittering: søknad ${m.applicationId} til ${m.programmeName} er mottatt`,
    heading: 'Vi har mottatt søknaden',
    programmeName: m.programmeName,
    blocks: [
      p(
        `${m.programmeName} har mottatt søknaden fra ${m.municipalityName} om tilskudd til ALIS-stillinger. Søknadsnummeret er ${m.applicationId}.`,
      ),
      p('Fagrådet vurderer søknaden, og dere får svar på e-post.'),
      link('Se status for søknaden', m.statusUrl),
      p(
        'Lenken er personlig: alle som har den, kan se søknadens status. Del den bare med dem som trenger den.',
      ),
    ],
  });
}

export function approvedMessage(m: {
  applicationId: string;
  programmeName: string;
  municipalityName: string;
  positions: number;
  grantPerPositionPerYear: number;
  grantYears: number;
  comment?: string;
}): MailContent {
  const total = m.positions * m.grantPerPositionPerYear * m.grantYears;
  return mail({
    subject: `Søknad ${m.applicationId} til ${m.programmeName} er godkjent`,
    heading: 'Søknaden er godkjent',
    programmeName: m.programmeName,
    blocks: [
      p(
        `${m.programmeName} har godkjent søknaden fra ${m.municipalityName} om ${positionsText(m.positions)} (søknad ${m.applicationId}).`,
      ),
      {
        kind: 'facts',
        rows: [
          ['Stillinger', String(m.positions)],
          ['Tilskudd per stilling per år', formatNok(m.grantPerPositionPerYear)],
          ['Antall år', String(m.grantYears)],
          ['Til sammen', formatNok(total)],
        ],
      },
      ...(m.comment?.trim()
        ? [{ kind: 'quote', intro: 'Kommentar fra fagrådet:', text: m.comment.trim() } as Block]
        : []),
      p(
        'Tilskuddet utbetales én gang i året. Før hver utbetaling ber vi dere på e-post bekrefte at stillingen fortsatt er besatt.',
      ),
    ],
  });
}

export function rejectedMessage(m: {
  applicationId: string;
  programmeName: string;
  municipalityName: string;
  comment: string;
}): MailContent {
  return mail({
    subject: `Søknad ${m.applicationId} til ${m.programmeName} er avslått`,
    heading: 'Søknaden er avslått',
    programmeName: m.programmeName,
    blocks: [
      p(
        `${m.programmeName} har avslått søknaden fra ${m.municipalityName} (søknad ${m.applicationId}).`,
      ),
      { kind: 'quote', intro: 'Begrunnelse fra fagrådet:', text: m.comment },
      p('Har dere spørsmål om vedtaket, kan dere kontakte programleder.'),
    ],
  });
}

export function changesRequestedMessage(m: {
  applicationId: string;
  programmeName: string;
  municipalityName: string;
  comment: string;
  amendUrl: string;
  deadline: string;
}): MailContent {
  return mail({
    subject: `Søknad ${m.applicationId} til ${m.programmeName}: fagrådet ber om endringer`,
    heading: 'Fagrådet ber om endringer i søknaden',
    programmeName: m.programmeName,
    blocks: [
      p(
        `Fagrådet i ${m.programmeName} har vurdert søknaden fra ${m.municipalityName} (søknad ${m.applicationId}) og ber dere endre den før de kan ta stilling til den.`,
      ),
      { kind: 'quote', intro: 'Dette ber fagrådet om:', text: m.comment },
      link('Endre søknaden', m.amendUrl),
      p(
        `Send den endrede søknaden ${formatDeadline(m.deadline)}. Blir søknaden ikke endret innen fristen, blir den trukket.`,
      ),
      p('Lenken er personlig for kommunen. Del den bare med dem som skal endre søknaden.'),
    ],
  });
}

export function withdrawnMessage(m: {
  applicationId: string;
  programmeName: string;
  municipalityName: string;
}): MailContent {
  return mail({
    subject: `Søknad ${m.applicationId} til ${m.programmeName} er trukket`,
    heading: 'Søknaden er trukket',
    programmeName: m.programmeName,
    blocks: [
      p(
        `Søknaden fra ${m.municipalityName} til ${m.programmeName} (søknad ${m.applicationId}) er trukket og blir ikke vurdert videre.`,
      ),
      p('Dere kan sende en ny søknad så lenge det er en åpen søknadsrunde.'),
    ],
  });
}

// ---------------------------------------------------------------------------------------------
// To reviewers and the programme lead

export interface ReviewRequestInput {
  applicationId: string;
  application: Application;
  programmeName: string;
  submittedAt: string;
  decisionUrl: string;
  expiresAt: string;
  /** Defaults to the application's municipality name. */
  municipalityName?: string;
  daysWaiting?: number;
}

/**
 * Reminder and renewal take the same input as a review request (so one mailing loop can send any
 * of them); only what they need is required.
 */
export interface ReviewNudgeInput {
  applicationId: string;
  programmeName: string;
  decisionUrl: string;
  expiresAt: string;
  municipalityName?: string;
  application?: Application;
  daysWaiting?: number;
}

function municipalityOf(m: { municipalityName?: string; application?: Application }): string {
  return m.municipalityName ?? m.application?.municipality.name ?? 'kommunen';
}

function personalLink(expiresAt: string): Block {
  return p(
    `Lenken er personlig og gjelder ${formatDeadline(expiresAt)}. Den som har lenken, kan registrere vedtak i ditt navn, så ikke send e-posten videre.`,
  );
}

export function reviewRequestMessage(m: ReviewRequestInput): MailContent {
  const municipality = municipalityOf(m);
  return mail({
    subject: `Ny søknad til vurdering: ${municipality} (${m.applicationId})`,
    heading: 'Ny søknad til vurdering',
    programmeName: m.programmeName,
    blocks: [
      p(
        `${municipality} søker ${m.programmeName} om ${positionsText(m.application.positionsRequested)} (søknad ${m.applicationId}, sendt inn ${formatDateTime(m.submittedAt)}).`,
      ),
      link('Vurder søknaden', m.decisionUrl),
      personalLink(m.expiresAt),
      { kind: 'sections', sections: applicationSummary(m.application) },
      link('Vurder søknaden', m.decisionUrl),
    ],
  });
}

export function reviewReminderMessage(m: ReviewNudgeInput): MailContent {
  const municipality = municipalityOf(m);
  const waited = m.daysWaiting === undefined ? '' : ` i ${days(m.daysWaiting)}`;
  return mail({
    subject: `Påminnelse: søknad ${m.applicationId} fra ${municipality} venter på vurdering`,
    heading: 'Søknaden venter på vurderingen din',
    programmeName: m.programmeName,
    blocks: [
      p(
        `Søknaden fra ${municipality} til ${m.programmeName} (søknad ${m.applicationId}) har ventet på vurdering${waited}.`,
      ),
      link('Vurder søknaden', m.decisionUrl),
      personalLink(m.expiresAt),
    ],
  });
}

export function reviewLinksRenewedMessage(m: ReviewNudgeInput): MailContent {
  const municipality = municipalityOf(m);
  return mail({
    subject: `Ny lenke: søknad ${m.applicationId} fra ${municipality} venter fortsatt på vurdering`,
    heading: 'Ny lenke for å vurdere søknaden',
    programmeName: m.programmeName,
    blocks: [
      p(
        `Lenken du fikk for å vurdere søknaden fra ${municipality} til ${m.programmeName} (søknad ${m.applicationId}) har gått ut, og søknaden har ennå ikke fått vedtak. Her er en ny lenke.`,
      ),
      link('Vurder søknaden', m.decisionUrl),
      personalLink(m.expiresAt),
    ],
  });
}

export function escalationMessage(m: {
  applicationId: string;
  programmeName: string;
  municipalityName: string;
  daysWaiting: number;
  pendingReviewers: string[];
}): MailContent {
  return mail({
    subject: `Søknad ${m.applicationId} fra ${m.municipalityName} har ventet ${days(m.daysWaiting)} på vurdering`,
    heading: 'En søknad venter lenge på vurdering',
    programmeName: m.programmeName,
    blocks: [
      p(
        `Søknaden fra ${m.municipalityName} til ${m.programmeName} (søknad ${m.applicationId}) har ventet i ${days(m.daysWaiting)} uten vedtak.`,
      ),
      ...(m.pendingReviewers.length > 0
        ? [
            p('Disse i fagrådet har fått lenke, men ikke registrert vedtak:'),
            { kind: 'list', items: m.pendingReviewers } as Block,
          ]
        : []),
      p('Følg opp med fagrådet, slik at kommunen får svar.'),
    ],
  });
}

function days(count: number): string {
  return count === 1 ? '1 dag' : `${count} dager`;
}

// ---------------------------------------------------------------------------------------------
// Rendering

interface MailSpec {
  subject: string;
  heading: string;
  programmeName: string;
  blocks: Block[];
}

function mail(spec: MailSpec): MailContent {
  // A line break in a subject would end the header; values from the application are user input.
  const subject = spec.subject.replace(/[\r\n\t]+/g, ' ').trim();
  const lead = Object.values(PROGRAMMES).find((programme) => programme.name === spec.programmeName)
    ?.people.lead;
  const footer = lead
    ? `E-posten er sendt automatisk fra ${spec.programmeName}. Har du spørsmål, skriv til programleder: ${lead}.`
    : 'E-posten er sendt automatisk. Har du spørsmål, kontakt programleder.';
  return {
    subject,
    text: renderText(spec, footer),
    html: `<!doctype html>${renderToString(<MailDocument spec={{ ...spec, subject }} footer={footer} />)}`,
  };
}

function renderText(spec: MailSpec, footer: string): string {
  const parts: string[] = [spec.heading, ''];
  for (const block of spec.blocks) {
    switch (block.kind) {
      case 'paragraph':
        parts.push(block.text, '');
        break;
      case 'link':
        parts.push(`${block.label}:`, block.url, '');
        break;
      case 'quote':
        parts.push(block.intro, ...block.text.split(/\r?\n/).map((line) => `> ${line}`), '');
        break;
      case 'facts':
        parts.push(...block.rows.map(([label, value]) => `${label}: ${value}`), '');
        break;
      case 'list':
        parts.push(...block.items.map((item) => `- ${item}`), '');
        break;
      case 'sections':
        for (const section of block.sections) {
          parts.push(section.title.toUpperCase());
          for (const row of section.rows) {
            const lines = row.value.split(/\r?\n/);
            if (lines.length === 1 && row.label.length + lines[0]!.length < 70)
              parts.push(`${row.label}: ${lines[0]}`);
            else parts.push(`${row.label}:`, ...lines.map((line) => `  ${line}`));
          }
          parts.push('');
        }
        break;
    }
  }
  parts.push('--', footer, SITE_NAME, '');
  return parts.join('\n');
}

// Mail clients ignore stylesheets in <head> unevenly; inline styles are the safe choice.
const COLORS = {
  text: '#1e2b3c',
  subtle: '#4b5563',
  link: '#0b5cad',
  border: '#d1d5db',
  quote: '#f3f4f6',
};
const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";

function MailDocument({ spec, footer }: { spec: MailSpec; footer: string }) {
  return (
    <html lang="nb">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{spec.subject}</title>
      </head>
      <body
        style={`margin:0;padding:0;background:#ffffff;color:${COLORS.text};font-family:${FONT};font-size:16px;line-height:1.5`}
      >
        <div style="max-width:640px;margin:0 auto;padding:24px">
          <p style={`margin:0 0 16px;font-size:14px;color:${COLORS.subtle}`}>{SITE_NAME}</p>
          <h1 style="margin:0 0 16px;font-size:22px;line-height:1.3">{spec.heading}</h1>
          {spec.blocks.map((block) => (
            <MailBlock block={block} />
          ))}
          <hr style={`border:0;border-top:1px solid ${COLORS.border};margin:24px 0 16px`} />
          <p style={`margin:0;font-size:14px;color:${COLORS.subtle}`}>{footer}</p>
        </div>
      </body>
    </html>
  );
}

function MailBlock({ block }: { block: Block }) {
  switch (block.kind) {
    case 'paragraph':
      return <p style="margin:0 0 16px">{block.text}</p>;
    case 'link':
      return (
        <p style="margin:0 0 16px">
          <a href={block.url} style={`color:${COLORS.link};font-weight:600`}>
            {block.label}
          </a>
          <br />
          <span style={`font-size:13px;color:${COLORS.subtle};word-break:break-all`}>
            {block.url}
          </span>
        </p>
      );
    case 'quote':
      return (
        <div style="margin:0 0 16px">
          <p style="margin:0 0 8px">{block.intro}</p>
          <blockquote
            style={`margin:0;padding:12px 16px;background:${COLORS.quote};border-left:4px solid ${COLORS.border};white-space:pre-line`}
          >
            {block.text}
          </blockquote>
        </div>
      );
    case 'facts':
      return (
        <table role="presentation" style="border-collapse:collapse;margin:0 0 16px">
          {block.rows.map(([label, value]) => (
            <tr>
              <td style="padding:2px 16px 2px 0;font-weight:600;vertical-align:top">{label}</td>
              <td style="padding:2px 0;vertical-align:top">{value}</td>
            </tr>
          ))}
        </table>
      );
    case 'list':
      return (
        <ul style="margin:0 0 16px;padding-left:24px">
          {block.items.map((item) => (
            <li>{item}</li>
          ))}
        </ul>
      );
    case 'sections':
      return (
        <>
          {block.sections.map((section) => (
            <div style="margin:0 0 16px">
              <h2
                style={`margin:0 0 8px;font-size:17px;border-bottom:1px solid ${COLORS.border};padding-bottom:4px`}
              >
                {section.title}
              </h2>
              {section.rows.map((row) => (
                <p style="margin:0 0 8px">
                  <strong>{row.label}:</strong>
                  <br />
                  <span style="white-space:pre-line">{row.value}</span>
                </p>
              ))}
            </div>
          ))}
        </>
      );
  }
}
