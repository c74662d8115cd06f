// A plain page with a title and a message: not found, expired link, too large, server error.

import { HomeLink, Heading, Paragraph, renderPage } from '../layout.js';

export interface MessagePageProps {
  title: string;
  message: string;
  /** A way on from here (an expired link's: finding the application again). */
  link?: { href: string; label: string };
}

export function messagePage(p: MessagePageProps): string {
  return renderPage(
    { title: p.title },
    <>
      <Heading level={1}>{p.title}</Heading>
      <Paragraph class="keep-lines">{p.message}</Paragraph>
      {p.link && (
        <Paragraph>
          <a class="ds-link" href={p.link.href}>
            {p.link.label}
          </a>
        </Paragraph>
      )}
      <HomeLink />
    </>,
  );
}
