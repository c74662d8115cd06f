// Every e-mail is written as blocks and rendered twice from them, as plain text and as HTML, so
// the two parts never say different things. The HTML part is rendered by preact, which escapes
// every value; links are absolute URLs the caller passes in.

import { renderToString } from 'preact-render-to-string';
import type { MailContent } from '../adapters/mail.js';
import type { Programme } from '../domain/programmes.js';
import { SITE_NAME } from '../presentation/labels.js';
import type { SummarySection } from '../presentation/summary.js';

export type Block =
  | { kind: 'paragraph'; text: string }
  /** A heading within the e-mail: a letter's sections. */
  | { kind: 'heading'; text: string }
  | { kind: 'link'; label: string; url: string }
  | { kind: 'quote'; intro: string; text: string }
  | { kind: 'facts'; rows: [label: string, value: string][] }
  | { kind: 'list'; items: string[] }
  | { kind: 'sections'; sections: SummarySection[] };

export const paragraph = (text: string): Block => ({ kind: 'paragraph', text });
export const link = (label: string, url: string): Block => ({ kind: 'link', label, url });

/** A quoted comment, or nothing when the comment is empty. */
export function quoteIfAny(intro: string, text: string | undefined): Block[] {
  const trimmed = text?.trim();
  return trimmed ? [{ kind: 'quote', intro, text: trimmed }] : [];
}

export interface MailSpec {
  subject: string;
  heading: string;
  /** The programme the mail is sent for; its lead answers questions. */
  programme: Programme;
  /**
   * The programme's lead now, from the staff register, whom the footer names: the sending service
   * passes it in (every e-mail to a municipality does). Without it, the programme's configured
   * lead, for e-mails among the programme's own staff.
   */
  lead?: string;
  blocks: Block[];
}

export function composeMail(spec: MailSpec): MailContent {
  // A line break in a subject would end the header; values from the application are user input.
  const subject = spec.subject.replace(/[\r\n\t]+/g, ' ').trim();
  const footer = `E-posten er sendt automatisk fra ${spec.programme.name}. Har du spørsmål, skriv til prosjektleder: ${spec.lead ?? spec.programme.people.lead}.`;
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
      case 'heading':
        parts.push(block.text.toUpperCase(), '');
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
    case 'heading':
      return <h2 style="margin:24px 0 8px;font-size:17px;line-height:1.3">{block.text}</h2>;
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
