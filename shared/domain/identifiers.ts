// Norwegian public identifiers. Pure functions.

import { MUNICIPALITIES } from './municipalities.js';

const ORGANISATION_NUMBER_WEIGHTS = [3, 2, 7, 6, 5, 4, 3, 2] as const;

/** Organisasjonsnummer: nine digits, the last a mod-11 check digit (a remainder giving 10 is never issued). */
export function isValidOrganisationNumber(value: string): boolean {
  if (!/^\d{9}$/.test(value)) return false;
  const digits = [...value].map(Number);
  const sum = ORGANISATION_NUMBER_WEIGHTS.reduce((acc, weight, i) => acc + weight * digits[i]!, 0);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === digits[8];
}

export interface Municipality {
  number: string;
  name: string;
  county: string;
}

const byNumber = new Map(MUNICIPALITIES.map((m) => [m.number, m]));

export function findMunicipality(municipalityNumber: string): Municipality | undefined {
  return byNumber.get(municipalityNumber);
}

export function municipalitiesIn(counties: readonly string[]): Municipality[] {
  return MUNICIPALITIES.filter((m) => counties.includes(m.county));
}
