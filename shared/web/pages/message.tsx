// A plain page with a title and a message: not found, expired link, too large, server error.

import { HomeLink, Heading, Paragraph, renderPage } from '../layout.js';

export interface MessagePageProps {
  title: string;
  message: string;
}

export function messagePage(p: MessagePageProps): string {
  return renderPage(
    { title: p.title },
    <>
      <Heading level={1}>{p.title}</Heading>
      <Paragraph class="keep-lines">{p.message}</Paragraph>
      <HomeLink />
    </>,
  );
}
