import { describe, expect, it } from 'vitest';
import { PROGRAMMES } from '../../../shared/domain/programmes.js';
import { escalationMessage } from '../../../shared/mail/to-lead.js';
import { EVIL, expectEscaped, expectWellFormed } from './support.js';

const ID = 'AN-2026-ABCDEFGH';

describe('e-mails to the programme lead', () => {
  it('escalates with the days waited and the reviewers who have not decided', () => {
    const mail = escalationMessage({
      programme: PROGRAMMES['alis-nord'],
      applicationId: ID,
      municipalityName: 'Vardø kommune',
      daysWaiting: 14,
      pendingReviewers: ['fagrad2@alis-nord.example.no'],
    });
    expectWellFormed(mail, ID);
    expect(mail.subject).toBe(`Søknad ${ID} fra Vardø kommune har ventet 14 dager på vurdering`);
    expect(mail.text).toContain('- fagrad2@alis-nord.example.no');
    expect(mail.html).toContain('<li>fagrad2@alis-nord.example.no</li>');
  });

  it('leaves out the list when every reviewer has decided', () => {
    const mail = escalationMessage({
      programme: PROGRAMMES['alis-nord'],
      applicationId: ID,
      municipalityName: 'Vardø kommune',
      daysWaiting: 1,
      pendingReviewers: [],
    });
    expect(mail.text).toContain('har ventet i 1 dag uten vedtak');
    expect(mail.text).not.toContain('ikke registrert vedtak');
  });

  it('escapes every value in the HTML part and keeps the subject on one line', () => {
    expectEscaped(
      escalationMessage({
        programme: PROGRAMMES['alis-nord'],
        applicationId: EVIL,
        municipalityName: EVIL,
        daysWaiting: 14,
        pendingReviewers: [EVIL],
      }),
    );
  });
});
