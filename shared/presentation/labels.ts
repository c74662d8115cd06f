// Bokmål labels for the codes the system stores, and the programmes' own words for their terms.
// Pages and e-mails both use these; nothing here is HTML.

import type { EQUIPMENT, LIST_SOLUTIONS } from '../domain/application.js';
import type {
  ConfirmationStatus,
  GrantEndReason,
  GrantStatus,
  InstalmentStatus,
  PositionStatus,
} from '../domain/grant.js';
import {
  EMPLOYMENT_MODEL_LABELS,
  type EmploymentModel,
  type Programme,
  type ProgrammeId,
} from '../domain/programmes.js';
import type { ApplicationStatus, AuditEventType, Decision } from '../domain/review.js';
import { formatDeadline, formatNok } from './format.js';

export { EMPLOYMENT_MODEL_LABELS };

export const SITE_NAME = 'ALIS – tilskudd til utdanningsstillinger for fastleger';

export const STATUS_LABELS: Record<ApplicationStatus, string> = {
  AWAITING_CONTACT: 'Venter på at kontaktpersonen bekrefter e-postadressen',
  SUBMITTED: 'Mottatt',
  IN_REVIEW: 'Til vurdering i fagrådet',
  CHANGES_REQUESTED: 'Venter på endringer fra kommunen',
  APPROVED: 'Godkjent',
  REJECTED: 'Avslått',
  WITHDRAWN: 'Trukket',
  ACTIVE: 'Tilskudd løper',
  COMPLETED: 'Fullført',
  ENDED: 'Avsluttet',
  COMPLAINED: 'Klage mottatt, til behandling',
};

/**
 * What the contact is to do while the application waits for the address to be confirmed, shown on
 * the receipt and status pages and in the status JSON. `deadline` is an instant.
 */
export function awaitingContactText(deadline: string): string {
  return `Kontaktpersonen må bekrefte e-postadressen sin før søknaden går til vurdering i fagrådet. Åpne lenken i kvitteringen som ble sendt på e-post, og trykk på knappen «Bekreft e-postadressen» innen ${formatDeadline(deadline)}. Ellers trekkes søknaden.`;
}

export const EVENT_LABELS: Record<AuditEventType, string> & Record<string, string> = {
  submitted: 'Søknaden er sendt inn',
  'receipt-sent': 'Kvittering sendt til kommunen',
  'contact-confirmed': 'Kontaktpersonen har bekreftet e-postadressen',
  'review-requested': 'Sendt til vurdering i fagrådet',
  'review-reminder-sent': 'Påminnelse sendt til fagrådet',
  'review-escalated': 'Programleder varslet om at vurderingen tar tid',
  'review-links-renewed': 'Fagrådet har fått nye lenker for å vurdere søknaden',
  approved: 'Søknaden er godkjent',
  rejected: 'Søknaden er avslått',
  'changes-requested': 'Fagrådet ber om endringer',
  amended: 'Kommunen har endret søknaden',
  withdrawn: 'Søknaden er trukket',
  'municipality-notified': 'Kommunen varslet på e-post',
  'mail-undeliverable': 'E-post kom i retur, og adressen får ikke mer e-post',
  'mail-skipped': 'E-post ble ikke sendt fordi adressen ikke tar imot e-post',
  'reviewers-notified': 'Fagrådet varslet på e-post',
  'workflow-resumed': 'Stoppet saksbehandling startet på nytt',
  'personal-data-erased': 'Personopplysningene i saken er slettet etter lagringstiden',
  'decision-links-resent': 'Fagrådet har fått nye lenker fra prosjektleder',
  'reviewer-replaced': 'Prosjektleder har byttet et fagrådsmedlem i vurderingen',
  'contact-changed': 'Prosjektleder har endret kontaktperson',
  'grant-created': 'Tilskuddet og utbetalingsplanen er opprettet',
  'payment-started': 'Årets utbetaling er startet',
  'confirmation-requested': 'Kommunen er bedt om å bekrefte stillingen',
  'confirmation-reminder-sent': 'Påminnelse om bekreftelse sendt til kommunen',
  'instalment-held': 'Utbetalingen er holdt tilbake fordi bekreftelsen mangler',
  'position-confirmed': 'Kommunen har bekreftet at legen fortsatt er i stillingen',
  'position-ended': 'Kommunen har meldt at stillingen er avsluttet',
  'confirmation-missing': 'Kommunen bekreftet ikke stillingen innen fristen',
  'grant-ended': 'Tilskuddet er avsluttet',
  'instalment-cancelled': 'Utbetalingen er kansellert',
  'instalment-ready': 'Utbetalingen er klar',
  'finance-notified': 'Økonomi er bedt om å utbetale',
  'payment-recorded': 'Utbetalingen er registrert',
  'grant-completed': 'Tilskuddet er fullført',
  'position-started': 'Kommunen har meldt at ALIS-legen har begynt i stillingen',
  'position-lapse-reminded': 'Kommunen er minnet om å melde oppstart i stillingen',
  'position-lapsed': 'Stillingen ble ikke besatt i tide og er falt bort',
  'position-completed': 'Stillingen er ferdig utbetalt',
  'position-declined': 'Kommunen takket nei til stillingen',
  'letter-sent': 'Vedtaksbrev sendt til kommunen',
  'complaint-filed': 'Kommunen har klaget på vedtaket',
  'complaint-granted': 'Klagen er tatt til følge, og vedtaket er endret',
  'complaint-forwarded': 'Klagen er sendt til klageinstansen',
  'instalment-held-by-lead': 'Prosjektleder har holdt tilbake utbetalingen',
  'instalment-released': 'Prosjektleder har frigitt utbetalingen',
  'position-ended-by-lead': 'Prosjektleder har avsluttet stillingen',
};

export const POSITION_STATUS_LABELS: Record<PositionStatus, string> = {
  AWAITING_START: 'Venter på oppstart',
  ACTIVE: 'Aktiv',
  COMPLETED: 'Fullført',
  ENDED: 'Avsluttet',
  LAPSED: 'Falt bort',
};

export const INSTALMENT_STATUS_LABELS: Record<InstalmentStatus, string> = {
  SCHEDULED: 'Planlagt',
  AWAITING_CONFIRMATION: 'Venter på bekreftelse',
  HELD: 'Holdt tilbake',
  READY: 'Klar til utbetaling',
  NOTIFIED: 'Meldt til økonomi',
  PAID: 'Utbetalt',
  CANCELLED: 'Kansellert',
};

export const GRANT_STATUS_LABELS: Record<GrantStatus, string> = {
  ACTIVE: 'Tilskudd løper',
  COMPLETED: 'Fullført',
  ENDED: 'Avsluttet',
};

/** Why a grant ended early, as a sentence's end: "Tilskuddet ble avsluttet fordi …". */
export const GRANT_END_REASON_LABELS: Record<GrantEndReason, string> = {
  'position-ended': 'kommunen meldte at ALIS-stillingen er avsluttet',
  unconfirmed: 'kommunen ikke bekreftet stillingen innen fristen',
  declined: 'kommunen takket nei før første utbetaling',
  'ended-by-lead': 'prosjektleder i programmet har avsluttet det',
};

/** The municipality's yearly answer, as the confirmation form offers it. */
export const CONFIRMATION_STATUS_LABELS: Record<ConfirmationStatus, string> = {
  continuing: 'Ja, legen er fortsatt i ALIS-stillingen',
  ended: 'Nei, stillingen er avsluttet',
};

/** "år 2 av 5" */
export function yearOfText(year: number, years: number): string {
  return `år ${year} av ${years}`;
}

/** What a reviewer chooses (the verb on the decision form). */
export const DECISION_LABELS: Record<Decision, string> = {
  approve: 'Godkjenn søknaden',
  reject: 'Avslå søknaden',
  'request-changes': 'Be kommunen om endringer',
};

/** A decision once made (the outcome, as shown afterwards). */
export const DECISION_RESULT_LABELS: Record<Decision, string> = {
  approve: 'godkjent',
  reject: 'avslått',
  'request-changes': 'bedt om endringer',
};

/** A decision as a record shows it. */
export const DECISION_OUTCOME_LABELS: Record<Decision, string> = {
  approve: 'Godkjent',
  reject: 'Avslått',
  'request-changes': 'Endringer etterspurt',
};

/** The list solutions in the programmes' own words. */
export const LIST_SOLUTION_LABELS: Record<(typeof LIST_SOLUTIONS)[number], string> = {
  'municipal-list': 'Kommunal liste i kommunal praksis',
  'shared-list': 'Felles liste (fellesliste)',
  'split-list': 'Delt liste (deleliste)',
  'bought-out-list': 'Frikjøpt liste i privat senter',
  other: 'Annen løsning',
};

export const EQUIPMENT_LABELS: Record<(typeof EQUIPMENT)[number], string> = {
  ecg: 'EKG',
  spirometry: 'Spirometri',
  rectoscopy: 'Rektoskopi',
  audiometry: 'Audiometri',
  'minor-surgery': 'Utstyr for små kirurgiske inngrep',
  doppler: 'Doppler',
  laboratory: 'Laboratorium',
};

export const CANDIDATE_KIND_LABELS = {
  'new-position': 'Vi lyser ut en ny ALIS-stilling',
  'employed-doctor': 'Vi søker med en lege som allerede er ansatt og i spesialisering',
} as const;

export const YES_NO_LABELS = { yes: 'Ja', no: 'Nei' } as const;

/**
 * The application's content items, as the form and every summary of it title them. Item 3 is the
 * day-to-day supervisjon by a colleague; the structured veiledning is item 4.
 */
export const SECTION_TITLES = {
  municipality: 'Kommunen',
  contact: 'Kontaktperson',
  positions: 'Stillinger og tilknytningsform',
  recruitment: '1. Rekrutteringssituasjonen',
  patientList: '2. Egne listepasienter',
  dailySupervision: '3. Daglig supervisjon',
  supervisor: '4. Veileder',
  backupOnCall: '5. Bakvakt på legevakt',
  practice: '6. Legesenteret',
  municipalDuties: '7. Kommunale oppgaver',
  substitutes: '8. Vikar- og fraværsordninger',
  candidate: '9. Kandidat',
} as const;

/**
 * ALIS-Vest pays at most its amount ("inntil"), towards the training's extra costs that nothing
 * else covers; ALIS-Nord pays its amount as such. The programme data has no field for this yet.
 */
const GRANT_IS_AT_MOST: Record<ProgrammeId, boolean> = {
  'alis-nord': false,
  'alis-vest': true,
};

/** An amount of the programme's grant: "inntil 200 000 kr" where the grant is a ceiling. */
export function grantAmountText(programme: Programme, amount: number): string {
  return GRANT_IS_AT_MOST[programme.id] ? `inntil ${formatNok(amount)}` : formatNok(amount);
}

/** "inntil 200 000 kr per år per ALIS i 5 år, til ekstra kostnader ved utdanningen ..." */
export function grantText(programme: Programme): string {
  const amount = grantAmountText(programme, programme.grantPerPositionPerYear);
  const years = `${amount} per år per ALIS i ${programme.grantYears} år`;
  return GRANT_IS_AT_MOST[programme.id]
    ? `${years}, til ekstra kostnader ved utdanningen som ikke dekkes på annen måte (kurs, veiledningsgruppe, vikarutgifter)`
    : years;
}

/** "egenandel 50 000 kr per stilling per år", or undefined where the programme asks for none. */
export function municipalShareText(programme: Programme): string | undefined {
  const share = programme.municipalSharePerPositionPerYear;
  return share > 0 ? `egenandel ${formatNok(share)} per stilling per år` : undefined;
}

/** Who did something, for the history: the system's own steps are not a person. */
export function actorLabel(by: string | undefined): string {
  if (!by) return '';
  return by === 'system' ? 'Systemet' : by;
}

export function regionName(programme: Programme | undefined, regionId: string): string {
  return programme?.regions.find((r) => r.id === regionId)?.name ?? regionId;
}

/** The label of a stored code, or the code itself for one this version does not know. */
export function labelFor(labels: Record<string, string>, code: string): string {
  return Object.hasOwn(labels, code) ? labels[code]! : code;
}

/** Why a grant ended early, standing alone (a table cell). */
export const GRANT_END_REASON_SHORT_LABELS: Record<GrantEndReason, string> = {
  'position-ended': 'Kommunen meldte at stillingen er avsluttet',
  unconfirmed: 'Ikke bekreftet innen fristen',
  declined: 'Kommunen takket nei',
  'ended-by-lead': 'Avsluttet av prosjektleder',
};

/** The employment models where room is short (a chart's bar). */
export const EMPLOYMENT_MODEL_SHORT_LABELS: Record<EmploymentModel, string> = {
  salaried: 'Fastlønn',
  'self-employed': 'Næringsdrift',
};

/** Where the instalments' money stands, as the programme office's overview sums it. */
export const MONEY_STATE_LABELS: Record<'paid' | 'notified' | 'held' | 'toCome', string> = {
  paid: 'Utbetalt',
  notified: 'Meldt til økonomi',
  held: 'Holdt tilbake',
  toCome: 'Kommer senere',
};

/** Why SES stopped mail to an address, as staff pages and e-mails to staff say it. */
export const UNDELIVERABLE_REASON_LABELS: Record<'bounce' | 'complaint', string> = {
  bounce: 'e-post til adressen kommer i retur (permanent feil)',
  complaint: 'mottakeren har meldt e-post herfra som søppelpost',
};

/** What follows from a municipality's contact address that takes no mail, and what helps. */
export const CONTACT_UNDELIVERABLE_TEXT =
  'Det sendes ikke mer e-post til kontaktadressen, så kommunen får verken kvittering, vedtak eller lenker på e-post. Skaff en ny kontaktadresse fra kommunen på annen måte. Handlingen «Endre kontaktperson» blir løsningen når den kommer: en ny adresse får e-post igjen.';
