import { describe, expect, it } from 'vitest';
import { LIST_SOLUTIONS } from '../../../shared/domain/application.js';
import { PROGRAMMES } from '../../../shared/domain/programmes.js';
import {
  LIST_SOLUTION_LABELS,
  SECTION_TITLES,
  grantAmountText,
  grantText,
  labelFor,
  municipalShareText,
} from '../../../shared/presentation/labels.js';

describe('the programmes’ own words', () => {
  it('labels every list solution, the bought-out list as the programmes do', () => {
    expect(Object.keys(LIST_SOLUTION_LABELS).sort()).toEqual([...LIST_SOLUTIONS].sort());
    expect(LIST_SOLUTION_LABELS['bought-out-list']).toBe('Frikjøpt liste i privat senter');
  });

  it('calls item 3 daily supervisjon, apart from the veiledning of item 4', () => {
    expect(SECTION_TITLES.dailySupervision).toBe('3. Daglig supervisjon');
    expect(SECTION_TITLES.supervisor).toBe('4. Veileder');
  });

  it("words ALIS-Vest's grant as a ceiling for the training's extra costs", () => {
    const vest = PROGRAMMES['alis-vest'];
    expect(grantText(vest)).toMatch(
      /^inntil 200\s000\skr per år per ALIS i 5 år, til ekstra kostnader ved utdanningen/,
    );
    expect(grantAmountText(vest, 1_000_000)).toMatch(/^inntil 1\s000\s000\skr$/);
    expect(municipalShareText(vest)).toMatch(/^egenandel 50\s000\skr per stilling per år$/);
  });

  it("words ALIS-Nord's grant as an amount, with no egenandel", () => {
    const nord = PROGRAMMES['alis-nord'];
    expect(grantText(nord)).toMatch(/^200\s000\skr per år per ALIS i 5 år$/);
    expect(municipalShareText(nord)).toBeUndefined();
  });

  it('shows a code it has no label for as the code', () => {
    expect(labelFor(LIST_SOLUTION_LABELS, 'new-kind')).toBe('new-kind');
    expect(labelFor(LIST_SOLUTION_LABELS, 'toString')).toBe('toString');
  });
});
