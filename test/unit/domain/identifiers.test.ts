import { describe, expect, it } from 'vitest';
import {
  findMunicipality,
  isValidOrganisationNumber,
  municipalitiesIn,
} from '../../../shared/domain/identifiers.js';

describe('organisation number (mod 11)', () => {
  it.each(['944496394', '964990603', '974760673', '983887457'])('accepts %s', (n) => {
    expect(isValidOrganisationNumber(n)).toBe(true);
  });

  it.each([
    ['a wrong check digit', '944496395'],
    ['eight digits', '94449639'],
    ['ten digits', '9444963940'],
    ['letters', '94449639X'],
    ['spaces', '944 496 394'],
  ])('refuses %s', (_what, n) => {
    expect(isValidOrganisationNumber(n)).toBe(false);
  });

  it('treats a remainder of 0 as check digit 0 and a check of 10 as invalid', () => {
    // 81234567x: weights give sum 8*3+1*2+2*7+3*6+4*5+5*4+6*3+7*2 = 130, 130 mod 11 = 9, check 2
    expect(isValidOrganisationNumber('812345672')).toBe(true);
    // 10000000x: sum 3, check 8
    expect(isValidOrganisationNumber('100000008')).toBe(true);
    // 30000000x: sum 9, check 2 ; 50000000x: sum 15 → 4, check 7
    expect(isValidOrganisationNumber('500000007')).toBe(true);
    // 00000000x: sum 0 → 11 → check 0
    expect(isValidOrganisationNumber('000000000')).toBe(true);
    // 20000000x: sum 6 → check 5; 40000000x: sum 12 → 1 → check 10 → never valid
    for (let d = 0; d <= 9; d++) expect(isValidOrganisationNumber(`40000000${d}`)).toBe(false);
  });
});

describe('municipalities', () => {
  it('knows the 173 municipalities of the six counties, leading zeros kept', () => {
    const all = municipalitiesIn([
      'Nordland',
      'Troms',
      'Finnmark',
      'Vestland',
      'Rogaland',
      'Møre og Romsdal',
    ]);
    expect(all).toHaveLength(173);
    expect(findMunicipality('5607')).toEqual({ number: '5607', name: 'Vadsø', county: 'Finnmark' });
    expect(findMunicipality('0301')).toBeUndefined();
  });
});
