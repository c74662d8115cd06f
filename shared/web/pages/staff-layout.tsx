// The frame of every page the programme office sees once signed in: its navigation, who is signed
// in, the sign-out form, and the page's heading, inside the shell every page shares (layout.tsx).

import type { ComponentChildren } from 'preact';
import { Heading, renderPage } from '../layout.js';

export type StaffPageId = 'dashboard' | 'applications' | 'evaluation' | 'admin';

export interface StaffLayoutProps {
  title: string;
  /** The signed-in staff member's address. */
  email: string;
  /** The session's CSRF token, which the sign-out form posts back. */
  csrfToken: string;
  current: StaffPageId;
  children?: ComponentChildren;
}

export const STAFF_LOGOUT_PATH = '/staff/logout';

/** An application's page for staff. */
export function staffApplicationPath(applicationId: string): string {
  return `/staff/applications/${encodeURIComponent(applicationId)}`;
}

const STAFF_NAV: readonly { id: StaffPageId; href: string; label: string }[] = [
  { id: 'dashboard', href: '/staff', label: 'Oversikt' },
  { id: 'applications', href: '/staff/applications', label: 'Søknader' },
  { id: 'evaluation', href: '/staff/evaluation', label: 'Evaluering' },
  { id: 'admin', href: '/staff/admin', label: 'Administrasjon' },
];

export function StaffLayout({ title, email, csrfToken, current, children }: StaffLayoutProps) {
  return (
    <>
      <div class="actions">
        <nav class="actions" aria-label="Prosjektet">
          {STAFF_NAV.map((item) => (
            <a
              class="ds-link"
              href={item.href}
              aria-current={item.id === current ? 'page' : undefined}
            >
              {item.id === current ? <strong>{item.label}</strong> : item.label}
            </a>
          ))}
        </nav>
        <p class="ds-paragraph">
          Logget inn som <strong>{email}</strong>
        </p>
        <form method="post" action={STAFF_LOGOUT_PATH}>
          <input type="hidden" name="csrf" value={csrfToken} />
          <button type="submit" class="ds-button" data-variant="secondary" data-size="sm">
            Logg ut
          </button>
        </form>
      </div>
      <Heading level={1}>{title}</Heading>
      {children}
    </>
  );
}

/** A complete signed-in staff page: the shared shell with the staff frame around `body`. */
export function renderStaffPage(
  frame: Omit<StaffLayoutProps, 'children'>,
  body: ComponentChildren,
): string {
  return renderPage({ title: frame.title }, <StaffLayout {...frame}>{body}</StaffLayout>);
}

export interface FigureRow {
  /** The row's header cell (th scope="row"). */
  header: string;
  /** Where the header links to, such as an application's page. */
  href?: string;
  cells: readonly string[];
}

/**
 * A table of figures: column headers, one header cell per row, the cells right-aligned as amounts
 * are (the first `textColumns` cells after the header left as text). A wide table scrolls sideways
 * on a narrow screen, in a region named by its caption that the keyboard can focus.
 */
export function FigureTable({
  id,
  caption,
  columns,
  rows,
  total,
  textColumns = 0,
}: {
  id: string;
  caption: string;
  /** Every column's header, the row headers' column first. */
  columns: readonly string[];
  rows: readonly FigureRow[];
  /** A last row that sums the others. */
  total?: FigureRow;
  textColumns?: number;
}) {
  const captionId = `${id}-tittel`;
  const Row = ({ row }: { row: FigureRow }) => (
    <tr>
      <th scope="row">
        {row.href ? (
          <a class="ds-link" href={row.href}>
            {row.header}
          </a>
        ) : (
          row.header
        )}
      </th>
      {row.cells.map((cell, i) => (
        <td class={i < textColumns ? undefined : 'numeric'}>{cell}</td>
      ))}
    </tr>
  );
  return (
    <section class="table-wrapper" aria-labelledby={captionId} tabindex={0}>
      <table class="ds-table" data-size="sm">
        <caption id={captionId}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column, i) => (
              <th scope="col" class={i > textColumns ? 'numeric' : undefined}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <Row row={row} />
          ))}
        </tbody>
        {total && (
          <tfoot>
            <Row row={total} />
          </tfoot>
        )}
      </table>
    </section>
  );
}
