import { describe, expect, it } from 'vitest';
import { PROGRAMMES, roundWithInstants } from '../../../shared/domain/programmes.js';
import type { AdminRound } from '../../../shared/services/rounds.js';
import { staffAdminPage } from '../../../shared/web/pages/index.js';

const EVIL = '"><script>alert(1)</script>';
const NOW = '2026-12-03T10:00:00.000Z';
const vest = PROGRAMMES['alis-vest'];

function adminRound(overrides: Partial<AdminRound> = {}): AdminRound {
  const { opensAt: _o, closesAt: _c, ...terms } = vest.rounds[1]!;
  return {
    ...roundWithInstants({ ...terms, ...overrides }),
    approvedPositions: 4,
    history: [],
    ...overrides,
  } as AdminRound;
}

function page(
  rounds: AdminRound[],
  refused?: Parameters<typeof staffAdminPage>[0]['rounds']['refused'],
) {
  return staffAdminPage({
    email: 'leder@alis-vest.example.no',
    csrfToken: 'csrf-token-123',
    programmes: [],
    rounds: {
      csrfToken: 'csrf-token-123',
      now: NOW,
      programmes: [{ programme: vest, rounds }],
      ...(refused && { refused }),
    },
  });
}

describe('the rounds section of the lead’s page', () => {
  it('offers each round the changes its state allows, each form with the session’s token', () => {
    const planned = adminRound({
      id: 'alis-vest-2028',
      name: 'Planlagt',
      opensOn: '2027-05-01',
      closesOn: '2028-03-31',
      approvedPositions: 0,
    });
    const open = adminRound({ name: 'Åpen runde' });
    const closed = adminRound({
      id: 'alis-vest-2019',
      name: 'Gammel',
      opensOn: '2019-01-09',
      closesOn: '2019-02-15',
    });
    const html = page([planned, open, closed]);
    const form = (id: string) =>
      html.slice(html.indexOf(`id="${id}"`), html.indexOf('</form>', html.indexOf(`id="${id}"`)));

    expect(form('runde-alis-vest-2028')).toContain('name="counties"');
    expect(form('runde-alis-vest-2028')).toContain('name="maxYearlyAmount"');
    const openForm = form('runde-alis-vest-2027');
    expect(openForm).toContain('name="closesOn"');
    expect(openForm).toContain('name="positions"');
    expect(openForm).not.toContain('name="counties"');
    expect(openForm).toContain('4 er godkjent');
    expect(html).toContain('name="closeNow"');
    expect(html).not.toContain('id="runde-alis-vest-2019"');
    expect(html).toContain('action="/staff/admin/alis-vest/rounds"');
    expect(html.match(/name="csrf" value="csrf-token-123"/g)?.length).toBe(5);
  });

  it('shows a refused post’s messages by its fields and in the summary, and escapes what was sent', () => {
    const html = page([adminRound()], {
      programme: 'alis-vest',
      values: { name: EVIL, positions: '2' },
      errors: [{ path: 'name', code: 'no-content', message: 'Skriv et navn.' }],
    });
    expect(html).toContain('ds-error-summary');
    expect(html).toContain('href="#ny-runde-alis-vest-name"');
    expect(html).toContain('aria-invalid="true"');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('&lt;script>');
  });
});
