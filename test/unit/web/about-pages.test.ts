// The privacy notice and the accessibility statement through the router: what each must say, the
// privacy notice's controller and retention read from the programmes as they run (not the seed),
// and the links to both from every page's footer and from the application form.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { PROGRAMMES, type Programme } from '../../../shared/domain/programmes.js';
import { route } from '../../../shared/web/router.js';
import { applicationFormPage, landingPage } from '../../../shared/web/pages/index.js';
import { request } from './support.js';

// The programmes as the office has changed them: another controller and retention for ALIS-Vest.
const running: Programme[] = [
  PROGRAMMES['alis-nord'],
  {
    ...PROGRAMMES['alis-vest'],
    privacy: {
      controller: 'Bergen kommune, Etat for helsetjenester',
      contactEmail: 'personvern@bergen.example.no',
      retentionYears: 7,
    },
  },
];
vi.mock('../../../shared/services/programme-settings.js', () => ({
  loadProgrammes: vi.fn(async () => running),
}));

afterEach(() => vi.clearAllMocks());

/** The page's text, tags dropped and whitespace folded, as a reader meets it. */
async function pageText(routeKey: string): Promise<string> {
  const answer = await route(request(routeKey));
  expect(answer.statusCode).toBe(200);
  expect(answer.headers?.['content-type']).toContain('text/html');
  return String(answer.body)
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');
}

describe('GET /personvern', () => {
  it('names the controller, its contact and the retention of each programme, as they run', async () => {
    const text = await pageText('GET /personvern');

    expect(text).toContain('Bodø kommune er behandlingsansvarlig for ALIS-Nord');
    expect(text).toContain('personvern@alis-nord.example.no');
    expect(text).toContain('ALIS-Nord: 5 år etter at saken er avsluttet');
    expect(text).toContain(
      'Bergen kommune, Etat for helsetjenester er behandlingsansvarlig for ALIS-Vest',
    );
    expect(text).toContain('personvern@bergen.example.no');
    expect(text).toContain('ALIS-Vest: 7 år etter at saken er avsluttet');
  });

  it('says what is kept and why, the legal basis, the processor and the rights', async () => {
    const text = await pageText('GET /personvern');

    for (const kept of [
      'navn, stilling, e-postadresse og telefonnummer',
      'Veilederen: navn',
      'alder og spesialitet',
      'hvor mange måneder av spesialiseringen',
      'e-postadresse og rolle',
      'Innholdet slettes 30 dager etter at søknadsrunden stenger',
      'en økt varer i 8 timer',
      'Tekniske logger',
    ])
      expect(text).toContain(kept);
    expect(text).toContain('artikkel 6 nr. 1 bokstav e');
    expect(text).toContain('arkivlova');
    expect(text).toContain('Amazon Web Services (AWS) i AWS sin region i EU');
    expect(text).toContain('«[slettet]»');
    for (const right of ['Innsyn:', 'Retting:', 'Sletting:', 'Protest og begrensning:'])
      expect(text).toContain(right);
    expect(text).toContain('klage til Datatilsynet');
  });
});

describe('GET /tilgjengelighet', () => {
  it('has the parts of a statement: status, gaps, how it was tested, contact, tilsyn and date', async () => {
    const text = await pageText('GET /tilgjengelighet');

    expect(text).toContain('WCAG 2.1 på nivå A og AA');
    expect(text).toContain('Status: delvis i samsvar med kravene');
    expect(text).toContain('Tidsbegrensning (WCAG 2.2.1)');
    expect(text).toContain('innloggingen for programkontoret varer i 8 timer');
    expect(text).toContain('PDF-dokumenter');
    expect(text).toContain('axe i nettleseren Chromium');
    expect(text).toContain('Hopp til hovedinnholdet');
    expect(text).toContain('Ikke testet: bruk med skjermleser');
    expect(text).toContain('leder@alis-nord.example.no');
    expect(text).toContain('leder@alis-vest.example.no');
    expect(text).toContain('Tilsynet for universell utforming av ikt');
    expect(text).toContain('Erklæringen ble skrevet og sist oppdatert 3. desember 2026');
  });
});

describe('the links to both', () => {
  it('are in every page’s footer, and the form links the privacy notice', () => {
    const landing = landingPage({ programmes: [] });
    const footer = landing.slice(landing.indexOf('<footer'));
    expect(footer).toContain('href="/personvern"');
    expect(footer).toContain('href="/tilgjengelighet"');

    const programme = PROGRAMMES['alis-nord'];
    const form = applicationFormPage({
      programme,
      round: programme.rounds.at(-1)!,
      action: '/applications',
      mode: 'new',
      values: {},
      errors: [],
    });
    const main = form.slice(form.indexOf('<main'), form.indexOf('</main>'));
    expect(main).toContain('href="/personvern"');
  });
});
