import { describe, expect, it } from 'vitest';
import { validateApplication } from '../../../shared/domain/application.js';
import { applicationSummary } from '../../../shared/presentation/summary.js';
import vest from '../../fixtures/application-alis-vest.json';

function application() {
  const result = validateApplication(vest);
  if (!result.ok) throw new Error('fixture invalid');
  return result.application;
}

describe('the application summary', () => {
  const summary = applicationSummary(application());
  const row = (title: string, label: string) =>
    summary.find((s) => s.title === title)?.rows.find((r) => r.label === label)?.value;

  it('has the municipality, the contact, the positions and the nine content items in order', () => {
    expect(summary.map((s) => s.title)).toEqual([
      'Kommunen',
      'Kontaktperson',
      'Stillinger og tilknytningsform',
      '1. Rekrutteringssituasjonen',
      '2. Egne listepasienter',
      '3. Daglig supervisjon',
      '4. Veileder',
      '5. Bakvakt på legevakt',
      '6. Legesenteret',
      '7. Kommunale oppgaver',
      '8. Vikar- og fraværsordninger',
      '9. Kandidat',
    ]);
  });

  it('shows codes by their labels and numbers with their units', () => {
    expect(row('Kommunen', 'Helseforetak')).toBe('Helse Bergen');
    expect(row('9. Kandidat', 'Gjennomført i spesialiseringen')).toBe('14 måneder');
    expect(row('4. Veileder', 'Strukturert veiledning')).toMatch(
      /timer per måned \(kravet er minst 2\)$/,
    );
    expect(row('3. Daglig supervisjon', 'Daglig supervisjon')).toBe(application().dailySupervision);
  });
});
