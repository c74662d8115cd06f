// The page shell every HTML answer shares: a Norwegian public-service header, skip link, landmarks,
// footer, and the one self-hosted stylesheet. Pages are rendered on the server; none needs script.

import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { PROGRAMMES } from '../domain/programmes.js';
import { STYLESHEET_PATH } from './assets/designsystemet.generated.js';
import { SITE_NAME } from '../presentation/labels.js';

export { SITE_NAME };
const SHORT_NAME = 'ALIS-tilskudd';
export const MAIN_ID = 'hovedinnhold';

export interface PageOptions {
  title: string;
  /** Prefixes the document title with "Feil:", so a screen reader hears it at once. */
  hasErrors?: boolean;
}

/** A complete HTML document. Every value in `body` is escaped by preact. */
export function renderPage(options: PageOptions, body: ComponentChildren): string {
  return `<!doctype html>${renderToString(<Document {...options}>{body}</Document>)}`;
}

function Document({ title, hasErrors, children }: PageOptions & { children: ComponentChildren }) {
  const documentTitle = `${hasErrors ? 'Feil: ' : ''}${title} – ${SHORT_NAME}`;
  return (
    <html lang="nb">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {/* Status, decision and amendment URLs carry secrets: no Referer, not even to this site. */}
        <meta name="referrer" content="no-referrer" />
        <title>{documentTitle}</title>
        <link rel="stylesheet" href={STYLESHEET_PATH} />
      </head>
      <body>
        <a class="ds-skip-link" href={`#${MAIN_ID}`}>
          Hopp til hovedinnholdet
        </a>
        <header class="site-header">
          <div class="site-header__inner">
            <a class="site-header__title" href="/">
              {SITE_NAME}
            </a>
            <p class="site-header__tagline">
              ALIS-Nord og ALIS-Vest – søknad, vurdering og oppfølging
            </p>
          </div>
        </header>
        <main id={MAIN_ID} class="site-main stack" tabindex={-1}>
          {children}
        </main>
        <Footer />
      </body>
    </html>
  );
}

function Footer() {
  const programmes = Object.values(PROGRAMMES);
  return (
    <footer class="site-footer">
      <div class="site-footer__inner">
        <p>
          {programmes.map((p, i) => (
            <>
              {i > 0 && (i === programmes.length - 1 ? ' og ' : ', ')}
              {p.name} eies av {p.owner}
            </>
          ))}
          .
        </p>
        {/* Who leads a programme is the staff register's (data that changes), which a page shell
            does not read: every e-mail names the lead and takes replies to them. */}
        <p>
          Spørsmål om søknaden? Svar på en e-post du har fått fra oss, så kommer svaret fram til
          prosjektlederen i programmet.
        </p>
        <p>Vi ber ikke om fødselsnummer eller opplysninger om pasienter.</p>
        <p>
          <a class="ds-link" data-color="neutral" href="/personvern">
            Personvernerklæring
          </a>
          <span aria-hidden="true"> · </span>
          <a class="ds-link" data-color="neutral" href="/tilgjengelighet">
            Tilgjengelighetserklæring
          </a>
        </p>
      </div>
    </footer>
  );
}

export interface SummaryError {
  message: string;
  /** The field to jump to (`#field-…`); without it the message stands alone. */
  href?: string;
}

/**
 * The error summary at the top of a page that failed validation. It takes focus when the page
 * loads (autofocus; no script), so keyboard and screen-reader users land on it.
 */
export function ErrorSummary({ errors }: { errors: readonly SummaryError[] }) {
  if (errors.length === 0) return null;
  return (
    <section
      class="ds-error-summary"
      id="feiloppsummering"
      tabindex={-1}
      autofocus
      aria-labelledby="feiloppsummering-tittel"
    >
      <h2 class="ds-heading" data-size="xs" id="feiloppsummering-tittel">
        {errors.length === 1
          ? 'Rett opp denne feilen for å gå videre:'
          : 'Rett opp disse feilene for å gå videre:'}
      </h2>
      <ul class="ds-list">
        {errors.map((error) => (
          <li>
            {error.href ? (
              <a class="ds-link" href={error.href}>
                {error.message}
              </a>
            ) : (
              error.message
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function Heading({
  level,
  size,
  children,
  id,
}: {
  level: 1 | 2 | 3;
  size?: string;
  id?: string;
  children: ComponentChildren;
}) {
  const Tag = `h${level}` as 'h1' | 'h2' | 'h3';
  const defaultSize = level === 1 ? 'lg' : level === 2 ? 'md' : 'sm';
  return (
    <Tag class="ds-heading" data-size={size ?? defaultSize} id={id}>
      {children}
    </Tag>
  );
}

export function Paragraph({
  children,
  class: className,
}: {
  children: ComponentChildren;
  class?: string;
}) {
  return <p class={className ? `ds-paragraph ${className}` : 'ds-paragraph'}>{children}</p>;
}

export function Alert({
  color,
  title,
  children,
}: {
  color: 'info' | 'success' | 'warning' | 'danger';
  title?: string;
  children: ComponentChildren;
}) {
  return (
    <div class="ds-alert stack stack--tight" data-color={color}>
      {title && (
        <h2 class="ds-heading" data-size="xs">
          {title}
        </h2>
      )}
      {children}
    </div>
  );
}

/** The link back to the start page, under every result and message page. */
export function HomeLink() {
  return (
    <p class="ds-paragraph">
      <a class="ds-link" href="/">
        Til forsiden
      </a>
    </p>
  );
}
