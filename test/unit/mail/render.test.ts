import { describe, expect, it } from 'vitest';
import { PROGRAMMES } from '../../../shared/domain/programmes.js';
import { composeMail, link, paragraph, quoteIfAny } from '../../../shared/mail/render.js';
import { SITE_NAME } from '../../../shared/presentation/labels.js';
import { EVIL } from './support.js';

const vest = PROGRAMMES['alis-vest'];

function sample(text: string) {
  return composeMail({
    subject: `Emne ${text}`,
    heading: 'Overskrift',
    programme: vest,
    blocks: [
      paragraph(`Avsnitt ${text}`),
      link('Åpne', 'https://alis.example.no/status/abc'),
      ...quoteIfAny('Kommentar:', `første linje\nandre linje ${text}`),
      { kind: 'facts', rows: [['Stillinger', '2']] },
      { kind: 'list', items: ['en', text] },
      {
        kind: 'sections',
        sections: [
          {
            title: 'Kommunen',
            rows: [
              { label: 'Kommune', value: 'Masfjorden' },
              { label: 'Beskrivelse', value: 'linje 1\nlinje 2' },
            ],
          },
        ],
      },
    ],
  });
}

describe('rendering a mail from blocks', () => {
  it('writes every block as plain text', () => {
    const { text } = sample('x');
    expect(text.split('\n')).toEqual([
      'Overskrift',
      '',
      'Avsnitt x',
      '',
      'Åpne:',
      'https://alis.example.no/status/abc',
      '',
      'Kommentar:',
      '> første linje',
      '> andre linje x',
      '',
      'Stillinger: 2',
      '',
      '- en',
      '- x',
      '',
      'KOMMUNEN',
      'Kommune: Masfjorden',
      'Beskrivelse:',
      '  linje 1',
      '  linje 2',
      '',
      '--',
      `E-posten er sendt automatisk fra ALIS-Vest. Har du spørsmål, skriv til prosjektleder: ${vest.people.lead}.`,
      SITE_NAME,
      '',
    ]);
  });

  it('writes the same blocks as a whole HTML document with the link as a link', () => {
    const { html } = sample('x');
    expect(html.startsWith('<!doctype html><html lang="nb">')).toBe(true);
    expect(html).toContain('<title>Emne x</title>');
    expect(html).toContain(
      '<h1 style="margin:0 0 16px;font-size:22px;line-height:1.3">Overskrift</h1>',
    );
    expect(html).toContain('href="https://alis.example.no/status/abc"');
    expect(html).toContain('>Kommunen</h2>');
    expect(html).toContain('<li>x</li>');
    expect(html).toContain(vest.people.lead);
  });

  it('names the programme lead of the programme it is given', () => {
    const nord = composeMail({
      subject: 's',
      heading: 'h',
      programme: PROGRAMMES['alis-nord'],
      blocks: [],
    });
    expect(nord.text).toContain(
      `fra ALIS-Nord. Har du spørsmål, skriv til prosjektleder: ${PROGRAMMES['alis-nord'].people.lead}.`,
    );
  });

  it('escapes every value in the HTML part and keeps the subject on one line', () => {
    const { html, subject } = sample(EVIL);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('&lt;script>');
    expect(subject).not.toMatch(/[\r\n]/);
    expect(subject).toBe(`Emne ${EVIL.replace(/[\r\n]+/g, ' ')}`);
  });

  it('leaves out a quote without content', () => {
    expect(quoteIfAny('Kommentar:', '  \n ')).toEqual([]);
    expect(quoteIfAny('Kommentar:', undefined)).toEqual([]);
    expect(quoteIfAny('Kommentar:', ' ja ')).toEqual([
      { kind: 'quote', intro: 'Kommentar:', text: 'ja' },
    ]);
  });
});
