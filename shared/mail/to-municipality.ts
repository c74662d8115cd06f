// E-mails to the municipality's contact person: the receipt, the outcome of the review, a request
// for changes and a withdrawal; after approval, each year's confirmation request, what will be paid
// and that it is paid, and an early end of the grant.
//
// Every one: a subject of at most 60 characters that carries the case number (the application id;
// a draft has none yet), a first line under the heading that says what to do and by when, or that
// nothing is needed, and the programme's lead (prosjektleder) named in the footer and as Reply-To.

import type { GrantEndReason, Instalment, InstalmentAmounts } from '../domain/grant.js';
import type { MailContent } from '../adapters/mail.js';
import type { Programme } from '../domain/programmes.js';
import { formatDate, formatDeadline, formatNok, positionsText } from '../presentation/format.js';
import { GRANT_END_REASON_LABELS, yearOfText } from '../presentation/labels.js';
import { letterBlocks, letterFirstLine, type LetterInMail } from './letters.js';
import { composeMail, link, paragraph, quoteIfAny, type Block, type MailSpec } from './render.js';

/**
 * Every e-mail to a municipality: a reply reaches the programme's lead, a person, whom the footer
 * names too (render.tsx).
 */
export function toMunicipality(spec: MailSpec & { lead: string }): MailContent {
  return { ...composeMail(spec), replyTo: [spec.lead] };
}

/** What every mail to a municipality names. */
export interface MunicipalityMailBase {
  programme: Programme;
  /** The programme's lead now (the staff register's), whom replies reach. */
  lead: string;
  applicationId: string;
  municipalityName: string;
}

/**
 * The receipt. With `verify` (an address that has not confirmed for the programme), it asks the
 * contact to confirm the address first; unconfirmed, the application never goes to review.
 */
export function receiptMessage(
  m: MunicipalityMailBase & { statusUrl: string; verify?: { url: string; deadline: string } },
): MailContent {
  const { programme } = m;
  const blocks: Block[] = [
    paragraph(
      m.verify
        ? `Bekreft e-postadressen din ${formatDeadline(m.verify.deadline, 'innen')}, ellers trekkes søknaden.`
        : 'Dere trenger ikke gjøre noe nå: fagrådet vurderer søknaden, og dere får svar på e-post.',
    ),
    paragraph(
      `${programme.name} har mottatt søknaden fra ${m.municipalityName} om tilskudd til ALIS-stillinger. Søknadsnummeret er ${m.applicationId}.`,
    ),
  ];
  if (m.verify) {
    blocks.push(
      paragraph(
        `Søknaden går til vurdering i fagrådet først når du har bekreftet at denne e-postadressen er din. Åpne lenken og trykk på knappen innen ${formatDeadline(m.verify.deadline)}; ellers trekkes søknaden uten videre.`,
      ),
      link('Bekreft e-postadressen', m.verify.url),
      paragraph(
        'Har du ikke sendt noen søknad, kan du se bort fra denne e-posten. Søknaden blir da ikke behandlet, og du får ikke flere e-poster om den.',
      ),
    );
  }
  blocks.push(
    link('Se status for søknaden', m.statusUrl),
    paragraph(
      'Lenken er personlig: alle som har den, kan se søknadens status. Del den bare med dem som trenger den.',
    ),
  );
  return toMunicipality({
    lead: m.lead,
    subject: m.verify
      ? `Kvittering, søknad ${m.applicationId}: bekreft e-postadressen`
      : `Kvittering: søknad ${m.applicationId} til ${programme.name} er mottatt`,
    heading: 'Vi har mottatt søknaden',
    programme,
    blocks,
  });
}

/** A year of the plan as the approval lists it. */
export type PlannedYear = InstalmentAmounts & Pick<Instalment, 'years'>;

/** The grant's plan as the "Create grant" step wrote it. */
/** The earliest of ISO instants. */
function earliest(instants: string[]): string {
  return [...instants].sort()[0]!;
}

export interface ApprovedPlan {
  startDate: string;
  years: number;
  yearlyAmountPerPosition: number;
  egenandelPerPosition: number;
  /** The started positions' years; a new position's come when its start is reported. */
  instalments: PlannedYear[];
  /** New positions awaiting their doctor: the link to report the start, and the last day. */
  awaitingStart?: { position: number; years: number; startUrl: string; lapsesAt: string }[];
}

/**
 * One year's amounts in a line: the net alone where there is no egenandel (ALIS-Nord), else how it
 * comes about, so the municipality sees what it pays itself.
 */
function yearAmountsText(y: { grant: number; egenandel: number; net: number }): string {
  return y.egenandel > 0
    ? `tilskudd ${formatNok(y.grant)} − egenandel ${formatNok(y.egenandel)} = ${formatNok(y.net)} til utbetaling`
    : `${formatNok(y.net)} til utbetaling`;
}

/** The approval, with the plan: every year with its date and amounts. */
export function approvedMessage(
  m: MunicipalityMailBase & {
    positions: number;
    comment?: string;
    plan: ApprovedPlan;
    /** An approval that gives less than was asked is a decision letter too. */
    letter?: LetterInMail;
  },
): MailContent {
  const { programme, plan } = m;
  const total = plan.instalments.reduce((sum, y) => sum + y.net, 0);
  const egenandel: Block[] =
    plan.egenandelPerPosition > 0
      ? [
          paragraph(
            `Kommunen dekker selv en egenandel på ${formatNok(plan.egenandelPerPosition)} per stilling per år. Egenandelen trekkes fra tilskuddet, så beløpet som utbetales er tilskuddet minus egenandelen.`,
          ),
        ]
      : [];
  return toMunicipality({
    lead: m.lead,
    subject: `Søknad ${m.applicationId} til ${programme.name} er godkjent`,
    heading: 'Søknaden er godkjent',
    programme,
    blocks: [
      paragraph(
        plan.awaitingStart?.length
          ? `Meld oppstart i ${plan.awaitingStart.map((w) => `stilling ${w.position}`).join(' og ')} når ALIS-legen begynner, ${formatDeadline(earliest(plan.awaitingStart.map((w) => w.lapsesAt)), 'senest')}. Lenken står under.`
          : 'Dere trenger ikke gjøre noe nå. Planen for utbetalingene står under.',
      ),
      paragraph(
        `${programme.name} har godkjent søknaden fra ${m.municipalityName} om ${positionsText(m.positions)} (søknad ${m.applicationId}).`,
      ),
      {
        kind: 'facts',
        rows: [
          ['Stillinger', String(m.positions)],
          // The decision fixes the amount: "inntil" belongs to the call, not to the approval.
          ['Tilskudd per stilling per år', formatNok(plan.yearlyAmountPerPosition)],
          ...(plan.egenandelPerPosition > 0
            ? ([['Egenandel per stilling per år', formatNok(plan.egenandelPerPosition)]] as [
                string,
                string,
              ][])
            : []),
          ...(plan.instalments.length > 0
            ? ([
                ['Første utbetaling', formatDate(plan.startDate)],
                ['Antall år', String(plan.years)],
                ['Til utbetaling i alt', formatNok(total)],
              ] as [string, string][])
            : []),
        ],
      },
      ...quoteIfAny('Kommentar fra fagrådet:', m.comment),
      ...(plan.instalments.length > 0
        ? [
            paragraph('Utbetalingsplan:'),
            {
              kind: 'list',
              items: plan.instalments.map(
                (y) =>
                  `${m.positions > 1 ? `Stilling ${y.position}, år` : 'År'} ${y.year} av ${y.years}, ${formatDate(y.dueDate)}: ${yearAmountsText(y)}`,
              ),
            } as Block,
          ]
        : []),
      ...(plan.awaitingStart ?? []).flatMap((waiting): Block[] => [
        paragraph(
          `Stilling ${waiting.position} er en ny ALIS-stilling. Tilskuddet på ${waiting.years} år regnes fra den dagen ALIS-legen begynner. Meld oppstarten med dato, tilknytningsform og listelengde ${formatDeadline(waiting.lapsesAt, 'senest')}; ellers faller stillingen bort.`,
        ),
        link(`Meld oppstart i stilling ${waiting.position}`, waiting.startUrl),
      ]),
      ...egenandel,
      paragraph(
        plan.years > 1
          ? 'Det første året utbetales uten videre. Før hver utbetaling fra og med år 2 ber vi dere på e-post bekrefte at legen fortsatt er i ALIS-stillingen, med tilknytningsform og listelengde, eller melde fra om at stillingen er avsluttet og fra hvilken dato. Uten bekreftelse holdes utbetalingen tilbake.'
          : 'Tilskuddet utbetales uten videre bekreftelse.',
      ),
      ...(m.letter
        ? [
            { kind: 'heading', text: 'Vedtaksbrev: dere fikk mindre enn dere søkte om' } as Block,
            paragraph(letterFirstLine(m.letter.letter)),
            ...letterBlocks(m.letter),
          ]
        : []),
    ],
  });
}

/**
 * Before every year after the first: confirm that the ALIS is still in the position, or report its
 * end. A reminder carries a fresh link; the one before no longer works.
 */
export function confirmationRequestMessage(
  m: MunicipalityMailBase &
    YearAmounts & {
      confirmUrl: string;
      lastDay: string;
      reminder: boolean;
      /** The other positions the same link asks about, due the same day. */
      also?: readonly PlannedYear[];
    },
): MailContent {
  const { programme } = m;
  const also = m.also ?? [];
  const what = `${yearOfText(m.year, m.years)} av tilskuddet fra ${programme.name}`;
  if (also.length > 0) {
    const asked = [m, ...also];
    const numbers = asked.map((a) => a.position);
    const names = `stilling ${numbers.slice(0, -1).join(', ')} og ${numbers.at(-1)}`;
    return toMunicipality({
      lead: m.lead,
      subject: `${m.reminder ? 'Påminnelse: ' : ''}Bekreft ${asked.length} ALIS-stillinger før utbetaling (søknad ${m.applicationId}, ${yearOfText(m.year, m.years)})`,
      heading: m.reminder ? 'Påminnelse: bekreft ALIS-stillingene' : 'Bekreft ALIS-stillingene',
      programme,
      blocks: [
        ...(m.reminder
          ? [paragraph('Vi har ikke fått bekreftelsen vi ba om, og minner derfor om den.')]
          : []),
        paragraph(
          `Før neste års tilskudd fra ${programme.name} utbetales til ${m.municipalityName} (søknad ${m.applicationId}), må kommunen bekrefte ${names}.`,
        ),
        ...asked.map((a) => yearFacts({ ...a, positions: asked.length })),
        paragraph('Svar for hver stilling, ett av to:'),
        {
          kind: 'list',
          items: [
            'Legen er fortsatt i ALIS-stillingen: oppgi tilknytningsform (kommunal eller privat hjemmel) og listelengde (antall pasienter på listen).',
            'Stillingen er avsluttet: oppgi datoen den ble avsluttet. Utbetalinger i den stillingen etter denne datoen faller bort; de andre stillingene fortsetter.',
          ],
        },
        link('Bekreft stillingene', m.confirmUrl),
        paragraph(
          `Uten bekreftelse innen forfallsdatoen holdes utbetalingene tilbake. Kommer det ingen bekreftelse ${formatDeadline(m.lastDay, 'innen')}, avsluttes stillingene.`,
        ),
        paragraph(
          m.reminder
            ? 'Lenken kan brukes én gang. Lenken i den forrige e-posten virker ikke lenger; bruk lenken over.'
            : 'Lenken kan brukes én gang, og er personlig for kommunen. Del den bare med dem som skal svare.',
        ),
      ],
    });
  }
  return toMunicipality({
    lead: m.lead,
    subject: m.reminder
      ? `Påminnelse: bekreft ${yearOfText(m.year, m.years)} (søknad ${m.applicationId})`
      : `Bekreft ALIS-stillingen, ${yearOfText(m.year, m.years)} (søknad ${m.applicationId})`,
    heading: m.reminder ? 'Påminnelse: bekreft ALIS-stillingen' : 'Bekreft ALIS-stillingen',
    programme,
    blocks: [
      paragraph(
        `Bekreft stillingen innen ${formatDate(m.dueDate)}, ellers holdes utbetalingen tilbake.`,
      ),
      ...(m.reminder
        ? [paragraph('Vi har ikke fått bekreftelsen vi ba om, og minner derfor om den.')]
        : []),
      paragraph(
        `Før ${what} utbetales til ${m.municipalityName} (søknad ${m.applicationId}), må kommunen bekrefte stillingen.`,
      ),
      yearFacts(m),
      paragraph('Svar på ett av to:'),
      {
        kind: 'list',
        items: [
          'Legen er fortsatt i ALIS-stillingen: oppgi tilknytningsform (kommunal eller privat hjemmel) og listelengde (antall pasienter på listen).',
          'Stillingen er avsluttet: oppgi datoen den ble avsluttet. Utbetalinger etter denne datoen faller bort.',
        ],
      },
      link('Bekreft stillingen', m.confirmUrl),
      paragraph(
        `Uten bekreftelse innen forfallsdatoen holdes utbetalingen tilbake. Kommer det ingen bekreftelse ${formatDeadline(m.lastDay, 'innen')}, avsluttes tilskuddet.`,
      ),
      paragraph(
        m.reminder
          ? 'Lenken kan brukes én gang. Lenken i den forrige e-posten virker ikke lenger; bruk lenken over.'
          : 'Lenken kan brukes én gang, og er personlig for kommunen. Del den bare med dem som skal svare.',
      ),
    ],
  });
}

/** The year is ready: what will be paid, and when. */
export function paymentScheduledMessage(m: MunicipalityMailBase & YearAmounts): MailContent {
  const { programme } = m;
  return toMunicipality({
    lead: m.lead,
    subject: `Utbetaling av tilskudd, ${yearOfText(m.year, m.years)} (søknad ${m.applicationId})`,
    heading: `${formatNok(m.net)} blir utbetalt`,
    programme,
    blocks: [
      paragraph('Dere trenger ikke gjøre noe.'),
      paragraph(
        `${programme.name} utbetaler ${yearOfText(m.year, m.years)} av tilskuddet til ${m.municipalityName} (søknad ${m.applicationId}) med forfall ${formatDate(m.dueDate)}.`,
      ),
      yearFacts(m),
      paragraph(
        'Beløpet er meldt til økonomiavdelingen, som utbetaler det til kommunens konto. Dere får en ny e-post når utbetalingen er registrert.',
      ),
    ],
  });
}

/** The year is paid; after the last year, the grant is complete. */
export function paidMessage(
  m: MunicipalityMailBase & {
    /** Named when the grant has more than one position. */
    position?: number;
    year: number;
    years: number;
    paidOn: string;
    net: number;
    completed: boolean;
  },
): MailContent {
  const { programme } = m;
  return toMunicipality({
    lead: m.lead,
    subject: `Tilskudd utbetalt, ${yearOfText(m.year, m.years)} (søknad ${m.applicationId})`,
    heading: `${formatNok(m.net)} er utbetalt`,
    programme,
    blocks: [
      paragraph('Dere trenger ikke gjøre noe.'),
      paragraph(
        `${programme.name} har utbetalt ${formatNok(m.net)} til ${m.municipalityName} for ${yearOfText(m.year, m.years)} av tilskuddet${m.position ? ` til stilling ${m.position}` : ''} (søknad ${m.applicationId}). Utbetalingsdato: ${formatDate(m.paidOn)}.`,
      ),
      paragraph(
        m.completed
          ? 'Dette var siste utbetaling. Tilskuddet er fullført. Takk for at dere utdanner allmennleger.'
          : 'Før neste års utbetaling ber vi dere bekrefte stillingen på e-post.',
      ),
    ],
  });
}

/** What an ended grant's e-mails say, to the municipality, the lead and finance alike. */
export interface GrantEndedFacts {
  programme: Programme;
  /** The programme's lead now, whom the municipality's e-mail names and replies reach. */
  lead: string;
  applicationId: string;
  municipalityName: string;
  organisationNumber: string;
  endedOn: string;
  reason: GrantEndReason;
  /** The position that ended, named when the grant has more than one (the others go on). */
  position?: number;
  cancelled: Pick<Instalment, 'position' | 'year' | 'dueDate' | 'net'>[];
}

/** The cancelled years as list items: "År 3, 1. januar 2029: 150 000 kr". */
export function cancelledItems(facts: GrantEndedFacts): string[] {
  return facts.cancelled.map(
    (c) =>
      `${facts.position ? `Stilling ${c.position}, år` : 'År'} ${c.year}, ${formatDate(c.dueDate)}: ${formatNok(c.net)}`,
  );
}

export function grantEndedMessage(facts: GrantEndedFacts, letter?: LetterInMail): MailContent {
  const { programme } = facts;
  if (letter) {
    return toMunicipality({
      lead: facts.lead,
      subject: `Tilskuddet er avsluttet (søknad ${facts.applicationId})`,
      heading: letter.document.title,
      programme,
      blocks: [
        paragraph(letterFirstLine(letter.letter)),
        paragraph('Utbetalinger som allerede er meldt til økonomi eller utbetalt, berøres ikke.'),
        ...letterBlocks(letter),
      ],
    });
  }
  return toMunicipality({
    lead: facts.lead,
    subject: `Tilskuddet er avsluttet (søknad ${facts.applicationId})`,
    heading: 'Tilskuddet er avsluttet',
    programme,
    blocks: [
      paragraph('Dere trenger ikke gjøre noe, med mindre dere mener at dette er feil.'),
      paragraph(
        `Tilskuddet fra ${programme.name} til ${facts.municipalityName}${facts.position ? ` for stilling ${facts.position}` : ''} (søknad ${facts.applicationId}) er avsluttet fra ${formatDate(facts.endedOn)}, fordi ${GRANT_END_REASON_LABELS[facts.reason]}.${facts.position ? ' De andre stillingene fortsetter som før.' : ''}`,
      ),
      ...(facts.cancelled.length > 0
        ? [
            paragraph('Disse utbetalingene faller bort:'),
            { kind: 'list', items: cancelledItems(facts) } as Block,
          ]
        : [paragraph('Ingen planlagte utbetalinger faller bort.')]),
      paragraph(
        'Utbetalinger som allerede er meldt til økonomi eller utbetalt, berøres ikke. Mener dere at dette er feil, kontakt prosjektleder.',
      ),
    ],
  });
}

/** A year's identity and amounts, as the confirmation and payment e-mails give them. */
export type YearAmounts = InstalmentAmounts &
  Pick<Instalment, 'years'> & {
    /** How many positions the grant has: with more than one, the position is named. */
    positions?: number;
  };

function yearFacts(m: YearAmounts): Block {
  const rows: [string, string][] = [
    ...((m.positions ?? 1) > 1 ? ([['Stilling', String(m.position)]] as [string, string][]) : []),
    ['År', `${m.year} av ${m.years}`],
    ['Forfallsdato', formatDate(m.dueDate)],
    ['Tilskudd', formatNok(m.grant)],
  ];
  if (m.egenandel > 0) rows.push(['Egenandel', formatNok(m.egenandel)]);
  rows.push(['Til utbetaling', formatNok(m.net)]);
  return { kind: 'facts', rows };
}

/** The rejection: a decision letter (shared/presentation/letter.ts) in its e-mail. */
export function rejectedMessage(m: MunicipalityMailBase & { letter: LetterInMail }): MailContent {
  const { programme } = m;
  return toMunicipality({
    lead: m.lead,
    subject: `Søknad ${m.applicationId} til ${programme.name} er avslått`,
    heading: m.letter.document.title,
    programme,
    blocks: [paragraph(letterFirstLine(m.letter.letter)), ...letterBlocks(m.letter)],
  });
}

export function changesRequestedMessage(
  m: MunicipalityMailBase & { comment: string; amendUrl: string; deadline: string },
): MailContent {
  const { programme } = m;
  return toMunicipality({
    lead: m.lead,
    subject: `Søknad ${m.applicationId}: fagrådet ber om endringer`,
    heading: 'Fagrådet ber om endringer i søknaden',
    programme,
    blocks: [
      paragraph(
        `Endre og send søknaden ${formatDeadline(m.deadline, 'senest')}, ellers blir den trukket.`,
      ),
      paragraph(
        `Fagrådet i ${programme.name} har vurdert søknaden fra ${m.municipalityName} (søknad ${m.applicationId}) og ber dere endre den før fagrådet kan ta stilling til den.`,
      ),
      { kind: 'quote', intro: 'Dette ber fagrådet om:', text: m.comment },
      link('Endre søknaden', m.amendUrl),
      paragraph(
        `Send den endrede søknaden ${formatDeadline(m.deadline, 'senest')}. Blir søknaden ikke endret innen fristen, blir den trukket.`,
      ),
      paragraph('Lenken er personlig for kommunen. Del den bare med dem som skal endre søknaden.'),
    ],
  });
}

/**
 * The application is withdrawn: by the municipality through its status link (the receipt of that),
 * or because a change request went unanswered.
 */
export function withdrawnMessage(
  m: MunicipalityMailBase & { byMunicipality?: boolean },
): MailContent {
  const { programme } = m;
  return toMunicipality({
    lead: m.lead,
    subject: `Søknad ${m.applicationId} til ${programme.name} er trukket`,
    heading: 'Søknaden er trukket',
    programme,
    blocks: [
      paragraph('Dere trenger ikke gjøre noe mer.'),
      paragraph(
        m.byMunicipality
          ? `Vi har trukket søknaden fra ${m.municipalityName} til ${programme.name} (søknad ${m.applicationId}) slik dere ba om. Den blir ikke vurdert videre.`
          : `Søknaden fra ${m.municipalityName} til ${programme.name} (søknad ${m.applicationId}) er trukket og blir ikke vurdert videre.`,
      ),
      paragraph('Dere kan sende en ny søknad så lenge det er en åpen søknadsrunde.'),
    ],
  });
}

/** A saved draft's link, to its contact; the first line says what to do and by when. */
export function draftSavedMessage(m: {
  programme: Programme;
  lead: string;
  draftUrl: string;
  closesAt: string;
}): MailContent {
  return toMunicipality({
    lead: m.lead,
    subject: `Utkast til søknad til ${m.programme.name} er lagret`,
    heading: 'Utkastet er lagret',
    programme: m.programme,
    blocks: [
      paragraph(
        `Fullfør og send søknaden innen ${formatDeadline(m.closesAt)}, da søknadsrunden stenger. Åpne lenken for å fortsette der du slapp.`,
      ),
      link('Fortsett på utkastet', m.draftUrl),
      paragraph(
        'Lenken er personlig: alle som har den, kan lese og endre utkastet. Del den bare med dem som skal skrive søknaden sammen med deg. Utkastet er ikke sendt før du trykker «Send søknaden».',
      ),
    ],
  });
}

/** A new position still awaits its doctor, a month before it lapses. */
export function positionLapseReminderMessage(
  m: MunicipalityMailBase & { position: number; startUrl: string; lapsesAt: string },
): MailContent {
  const { programme } = m;
  return toMunicipality({
    lead: m.lead,
    subject: `Meld oppstart i stilling ${m.position} (søknad ${m.applicationId})`,
    heading: 'Påminnelse: meld oppstart i ALIS-stillingen',
    programme,
    blocks: [
      paragraph(
        `Meld oppstarten i stilling ${m.position} ${formatDeadline(m.lapsesAt, 'senest')}. Kommer det ingen melding innen fristen, faller stillingen bort, og tilskuddet til den gis til andre.`,
      ),
      paragraph(
        `${programme.name} har ikke fått melding om at ALIS-legen har begynt i stilling ${m.position} hos ${m.municipalityName} (søknad ${m.applicationId}).`,
      ),
      link(`Meld oppstart i stilling ${m.position}`, m.startUrl),
    ],
  });
}

/** The one reminder of a draft not sent, some days before the round closes. */
export function draftReminderMessage(m: {
  programme: Programme;
  lead: string;
  draftUrl: string;
  closesAt: string;
}): MailContent {
  return toMunicipality({
    lead: m.lead,
    subject: `Påminnelse: utkast til søknad til ${m.programme.name} er ikke sendt`,
    heading: 'Utkastet er ikke sendt ennå',
    programme: m.programme,
    blocks: [
      paragraph(
        `Send søknaden innen ${formatDeadline(m.closesAt)}; da stenger søknadsrunden, og utkastet kan ikke sendes lenger.`,
      ),
      link('Fortsett på utkastet', m.draftUrl),
      paragraph(
        'Utkastet slettes 30 dager etter at søknadsrunden har stengt. Har du allerede sendt søknaden på annen måte, kan du se bort fra denne e-posten.',
      ),
    ],
  });
}

/** What /find found for an organisation number and this address: status and draft links. */
export function foundMessage(m: {
  programme: Programme;
  lead: string;
  applications: { applicationId: string; municipalityName: string; statusUrl: string }[];
  drafts: { draftUrl: string; closesAt: string }[];
}): MailContent {
  const blocks: Block[] = [
    paragraph(
      'Åpne lenkene under for å se søknadene eller fortsette på utkastene. Du trenger ikke gjøre noe mer om du ikke ba om dette.',
    ),
  ];
  for (const a of m.applications)
    blocks.push(link(`Status for søknad ${a.applicationId} (${a.municipalityName})`, a.statusUrl));
  for (const d of m.drafts)
    blocks.push(link(`Utkast, kan sendes til ${formatDeadline(d.closesAt)}`, d.draftUrl));
  blocks.push(
    paragraph(
      'Noen ba om lenkene med organisasjonsnummeret og denne e-postadressen. Lenkene er personlige: del dem bare med dem som trenger dem.',
    ),
  );
  const only = m.applications.length === 1 && m.drafts.length === 0 ? m.applications[0] : undefined;
  return toMunicipality({
    lead: m.lead,
    subject: only
      ? `Lenke til søknad ${only.applicationId}`
      : `Lenker til søknader og utkast i ${m.programme.name}`,
    heading: 'Lenker til søknadene deres',
    programme: m.programme,
    blocks,
  });
}

/** A new position was never filled in time: it lapses, and its place goes back to the round. */
export function positionLapsedMessage(
  m: MunicipalityMailBase & { position: number; lapsedOn: string; letter?: LetterInMail },
): MailContent {
  const { programme } = m;
  if (m.letter) {
    return toMunicipality({
      lead: m.lead,
      subject: `ALIS-stilling ${m.position} er falt bort (søknad ${m.applicationId})`,
      heading: m.letter.document.title,
      programme,
      blocks: [paragraph(letterFirstLine(m.letter.letter)), ...letterBlocks(m.letter)],
    });
  }
  return toMunicipality({
    lead: m.lead,
    subject: `ALIS-stilling ${m.position} er falt bort (søknad ${m.applicationId})`,
    heading: 'ALIS-stillingen er falt bort',
    programme,
    blocks: [
      paragraph('Dere trenger ikke gjøre noe. Mener dere at dette er feil, kontakt prosjektleder.'),
      paragraph(
        `${programme.name} fikk ikke melding om oppstart i stilling ${m.position} hos ${m.municipalityName} (søknad ${m.applicationId}) innen fristen. Stillingen er falt bort fra ${formatDate(m.lapsedOn)}, og det blir ikke utbetalt tilskudd til den.`,
      ),
    ],
  });
}

/** What a decline's e-mails say, to the municipality, the lead and finance alike. */
export interface DeclinedFacts {
  programme: Programme;
  /** The programme's lead now, whom the municipality's e-mail names and replies reach. */
  lead: string;
  applicationId: string;
  municipalityName: string;
  organisationNumber: string;
  declinedOn: string;
  /** The positions declined, by number. */
  positions: readonly number[];
  /** How many positions the grant has in all. */
  grantPositions: number;
  /** No position of the grant runs or waits any more: the grant has ended. */
  grantEnded: boolean;
  cancelled: Pick<Instalment, 'position' | 'year' | 'dueDate' | 'net'>[];
}

/** "tilskuddet", or "stilling 2" / "stilling 1 og 2" of a grant with several positions. */
export function declinedWhat(f: Pick<DeclinedFacts, 'positions' | 'grantPositions'>): string {
  if (f.grantPositions === 1) return 'tilskuddet';
  const n = [...f.positions].sort((a, b) => a - b);
  return n.length === 1
    ? `stilling ${n[0]}`
    : `stilling ${n.slice(0, -1).join(', ')} og ${n.at(-1)}`;
}

/** The cancelled years as list items: "Stilling 2, år 1, 1. februar 2027: 200 000 kr". */
export function declinedItems(f: DeclinedFacts): string[] {
  return f.cancelled.map(
    (c) =>
      `${f.grantPositions > 1 ? `Stilling ${c.position}, år` : 'År'} ${c.year}, ${formatDate(c.dueDate)}: ${formatNok(c.net)}`,
  );
}

/** The municipality's receipt of its decline through the status page. */
export function declinedMessage(f: DeclinedFacts): MailContent {
  const { programme } = f;
  const what = declinedWhat(f);
  return toMunicipality({
    lead: f.lead,
    subject: `Kvittering: dere har takket nei, søknad ${f.applicationId}`,
    heading: 'Dere har takket nei',
    programme,
    blocks: [
      paragraph('Dere trenger ikke gjøre noe mer.'),
      paragraph(
        `${f.municipalityName} har ${formatDate(f.declinedOn)} takket nei til ${what} fra ${programme.name} (søknad ${f.applicationId}). ${f.grantEnded ? 'Tilskuddet er dermed avsluttet.' : 'De andre stillingene fortsetter som før.'}`,
      ),
      ...(f.cancelled.length > 0
        ? [
            paragraph('Disse planlagte utbetalingene faller bort:'),
            { kind: 'list', items: declinedItems(f) } as Block,
          ]
        : [paragraph('Ingen utbetalinger var planlagt ennå, så ingen faller bort.')]),
      paragraph(
        'Plassen går tilbake til søknadsrunden. Prosjektleder og økonomi har fått beskjed. Var dette en feil, ta kontakt med prosjektleder så snart som mulig.',
      ),
    ],
  });
}
