// E-mails that a programme lead's actions on an application send (POST
// /staff/applications/{id}/actions): a changed contact, to the new address and the old; a
// position-year's payment held back or released, to finance and the municipality. The ended
// grant's e-mails are the yearly confirmation's own (to-finance, to-lead, to-municipality).

import type { MailContent } from '../adapters/mail.js';
import { formatDate, formatNok } from '../presentation/format.js';
import { composeMail, link, paragraph } from './render.js';
import { type MunicipalityMailBase, toMunicipality } from './to-municipality.js';

/** To the new contact: the application is theirs now, with its (new) status link. */
export function contactChangedToNewMessage(
  m: MunicipalityMailBase & { name: string; statusUrl: string },
): MailContent {
  const { programme } = m;
  return toMunicipality({
    lead: m.lead,
    subject: `Du er ny kontaktperson (søknad ${m.applicationId})`,
    heading: 'Du er ny kontaktperson',
    programme,
    blocks: [
      paragraph('Du trenger ikke gjøre noe. Heretter får du e-post om søknaden.'),
      paragraph(
        `Hei ${m.name}. Prosjektleder i ${programme.name} har registrert deg som kontaktperson for søknaden fra ${m.municipalityName} (søknad ${m.applicationId}). E-post om søknaden og tilskuddet kommer heretter til deg.`,
      ),
      link('Se status for søknaden', m.statusUrl),
      paragraph(
        'Lenken er personlig: alle som har den, kan se søknaden. Den gamle statuslenken virker ikke lenger.',
      ),
    ],
  });
}

/** To the old contact: the application's e-mail goes to someone else from now on. */
export function contactChangedToOldMessage(
  m: MunicipalityMailBase & { newName: string },
): MailContent {
  const { programme } = m;
  return toMunicipality({
    lead: m.lead,
    subject: `Ny kontaktperson for søknaden (søknad ${m.applicationId})`,
    heading: 'Kontaktpersonen er endret',
    programme,
    blocks: [
      paragraph('Du trenger ikke gjøre noe. Mener du at dette er feil, svar på denne e-posten.'),
      paragraph(
        `Prosjektleder i ${programme.name} har endret kontaktperson for søknaden fra ${m.municipalityName} (søknad ${m.applicationId}) til ${m.newName}. Du får ikke lenger e-post om søknaden, og statuslenken du fikk, virker ikke lenger.`,
      ),
      paragraph('Er dette feil, svar på denne e-posten, så hører du fra prosjektleder.'),
    ],
  });
}

export interface InstalmentHoldFacts extends MunicipalityMailBase {
  organisationNumber: string;
  /** Only for a grant of several positions. */
  position?: number;
  year: number;
  dueDate: string;
  net: number;
}

function yearName(f: InstalmentHoldFacts): string {
  return f.position ? `stilling ${f.position}, år ${f.year}` : `år ${f.year}`;
}

/** To finance: a position-year is held back (no payment notice lists it) or released again. */
export function instalmentHoldFinanceMessage(
  f: InstalmentHoldFacts,
  kind: 'held' | 'released',
): MailContent {
  const what = `${f.municipalityName}, org.nr. ${f.organisationNumber} (søknad ${f.applicationId}), ${yearName(f)}`;
  return composeMail({
    subject: kind === 'held' ? `Utbetaling holdt tilbake: ${what}` : `Utbetaling frigitt: ${what}`,
    heading: kind === 'held' ? 'En utbetaling er holdt tilbake' : 'En utbetaling er frigitt',
    programme: f.programme,
    blocks: [
      paragraph(
        kind === 'held'
          ? `Prosjektleder har holdt tilbake utbetalingen til ${what}, ${formatNok(f.net)} med forfall ${formatDate(f.dueDate)}. Den kommer ikke med i noe utbetalingsvarsel før den er frigitt, og skal ikke utbetales før dere får beskjed.`
          : `Prosjektleder har frigitt utbetalingen til ${what}, ${formatNok(f.net)} med forfall ${formatDate(f.dueDate)}. Den kommer med i det neste utbetalingsvarselet fra forfallsdatoen.`,
      ),
    ],
  });
}

/** To the municipality: its payment for a year waits, or goes ahead again. */
export function instalmentHoldMunicipalityMessage(
  f: InstalmentHoldFacts,
  kind: 'held' | 'released',
): MailContent {
  const { programme } = f;
  return toMunicipality({
    lead: f.lead,
    subject:
      kind === 'held'
        ? `Utbetaling holdt tilbake (søknad ${f.applicationId})`
        : `Utbetalingen går som planlagt (søknad ${f.applicationId})`,
    heading: kind === 'held' ? 'Utbetalingen er holdt tilbake' : 'Utbetalingen er frigitt',
    programme,
    blocks: [
      paragraph('Dere trenger ikke gjøre noe nå. Vi sier fra når noe endrer seg.'),
      paragraph(
        kind === 'held'
          ? `Prosjektleder i ${programme.name} har holdt tilbake utbetalingen til ${f.municipalityName} for ${yearName(f)} (søknad ${f.applicationId}), ${formatNok(f.net)} med forfall ${formatDate(f.dueDate)}. Den blir ikke utbetalt før den er frigitt. Svar på denne e-posten hvis dere har spørsmål.`
          : `Prosjektleder i ${programme.name} har frigitt utbetalingen til ${f.municipalityName} for ${yearName(f)} (søknad ${f.applicationId}), ${formatNok(f.net)} med forfall ${formatDate(f.dueDate)}. Dere får beskjed når den er utbetalt.`,
      ),
    ],
  });
}
