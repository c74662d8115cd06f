// The erasure of a concluded case's personal data (shared/domain/erasure.ts) and when a case is
// concluded (isConcluded in shared/domain/concluded.ts): every personal field replaced, nothing else
// touched, idempotent, and (property) no personal string of any input survives.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateApplication, type Application } from '../../../shared/domain/application.js';
import {
  ERASED,
  eraseApplication,
  eraseItem,
  erasureDate,
  isConcludingEvent,
} from '../../../shared/domain/erasure.js';
import { isConcluded } from '../../../shared/domain/concluded.js';
import { APPLICATION_STATUSES } from '../../../shared/domain/review.js';
import nord from '../../fixtures/application-alis-nord.json';

const runs = Number(process.env.FC_RUNS ?? 250);

function application(): Application {
  const { positionsRequested: _p, candidate: _c, ...rest } = nord;
  const result = validateApplication({
    ...rest,
    groupSupervision: 'Gruppe med dr. Hansen hver tirsdag.',
    positions: [
      { candidate: { kind: 'new-position' } },
      { candidate: { kind: 'employed-doctor', monthsCompleted: 30 } },
    ],
  });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.application;
}

describe('erasing an application', () => {
  const before = application();
  const after = eraseApplication(before);

  it('replaces the contact, the supervisor, the doctors and every free text with the marker', () => {
    expect(after.contact).toEqual({ name: ERASED, role: ERASED, email: ERASED, phone: ERASED });
    expect(after.supervisor.name).toBe(ERASED);
    expect(after.practice.doctors).toEqual(
      before.practice.doctors.map(() => ({ specialty: ERASED })),
    );
    for (const text of [
      after.recruitmentSituation,
      after.patientList.description,
      after.dailySupervision,
      after.groupSupervision,
      after.backupOnCall,
      after.practice.supportStaff.competence,
      after.municipalDuties,
      after.substituteArrangements,
    ])
      expect(text).toBe(ERASED);
  });

  it('drops what tells of the doctors: their ages and the months an employed doctor has done', () => {
    expect(after.positions).toEqual([
      { candidate: { kind: 'new-position' } },
      { candidate: { kind: 'employed-doctor' } },
    ]);
    expect(JSON.stringify(after)).not.toContain('"age"');
  });

  it('keeps the programme, the municipality, the choices and the figures of the practice', () => {
    expect(after.programme).toBe(before.programme);
    expect(after.municipality).toEqual(before.municipality);
    expect(after.employmentModel).toBe(before.employmentModel);
    expect(after.positionsRequested).toBe(2);
    expect(after.patientList).toEqual({ ...before.patientList, description: ERASED });
    expect(after.supervisor).toEqual({ ...before.supervisor, name: ERASED });
    expect(after.practice.equipment).toEqual(before.practice.equipment);
    expect(after.practice.officeForAlis).toBe(before.practice.officeForAlis);
    expect(after.practice.supportStaff.count).toBe(before.practice.supportStaff.count);
  });

  it('is idempotent', () => {
    expect(eraseApplication(after)).toEqual(after);
  });
});

describe('erasing the items of a case', () => {
  it('replaces who did what and every comment in the audit trail, but not the service itself', () => {
    const submitted = {
      pk: 'APP#AN-2026-ABCDEFGH',
      sk: 'EVENT#2026-11-03T09:15:00.000Z#a1b2c3d4',
      applicationId: 'AN-2026-ABCDEFGH',
      type: 'submitted',
      at: '2026-11-03T09:15:00.000Z',
      by: 'kari.nordmann@vadso.kommune.no',
    };
    const rejected = {
      ...submitted,
      type: 'rejected',
      by: 'fagrad1@alis-nord.example.no',
      comment: 'Veileder Per Hansen har for få timer.',
    };
    const system = { ...submitted, type: 'receipt-sent', by: 'system' };
    expect(eraseItem(submitted)).toEqual({ ...submitted, by: ERASED });
    expect(eraseItem(rejected)).toEqual({ ...rejected, by: ERASED, comment: ERASED });
    expect(eraseItem(system)).toEqual(system);
  });

  it('replaces the reviewers and the decision’s author and reasons, keeps the amount and dates', () => {
    const round = {
      pk: 'APP#AN-2026-ABCDEFGH',
      sk: 'REVIEW#001',
      status: 'DECIDED',
      requestedAt: '2026-11-03T09:15:03.000Z',
      reviewers: ['fagrad1@alis-nord.example.no', 'fagrad2@alis-nord.example.no'],
      notified: ['fagrad1@alis-nord.example.no'],
      decision: {
        decision: 'approve',
        comment: 'Godt.',
        by: 'fagrad1@alis-nord.example.no',
        at: '2026-11-04T10:00:00.000Z',
        yearlyAmount: 180_000,
      },
    };
    expect(eraseItem(round)).toEqual({
      ...round,
      reviewers: [ERASED, ERASED],
      notified: [ERASED],
      decision: { ...round.decision, comment: ERASED, by: ERASED },
    });
  });

  it('replaces the addresses of the grant, the confirmation, the contact’s wait, a link and a stop', () => {
    const grant = {
      pk: 'APP#X',
      sk: 'GRANT',
      municipality: { number: '5607', name: 'Vadsø', organisationNumber: '944588132' },
      contactEmail: 'kari@vadso.kommune.no',
      yearlyAmountPerPosition: 200_000,
    };
    expect(eraseItem(grant)).toEqual({ ...grant, contactEmail: ERASED });
    const confirmation = {
      pk: 'APP#X',
      sk: 'CONFIRMATION#002',
      answer: { status: 'continuing', listSize: 700, by: 'kari@vadso.kommune.no', at: 'x' },
    };
    expect(eraseItem(confirmation)).toEqual({
      ...confirmation,
      answer: { ...confirmation.answer, by: ERASED },
    });
    expect(eraseItem({ pk: 'APP#X', sk: 'VERIFY', addressHash: 'ab12' })).toEqual({
      pk: 'APP#X',
      sk: 'VERIFY',
      addressHash: ERASED,
    });
    expect(eraseItem({ pk: 'LINK#h', sk: 'LINK', holder: 'kari@vadso.kommune.no' }).holder).toBe(
      ERASED,
    );
    expect(eraseItem({ pk: 'APP#X', sk: 'STOPPED#REVIEW', cause: 'kari@x.no refused' }).cause).toBe(
      ERASED,
    );
    expect(
      eraseItem({
        pk: 'APP#X',
        sk: 'POSITION#002',
        candidate: { kind: 'employed-doctor', monthsCompleted: 30 },
      }),
    ).toEqual({ pk: 'APP#X', sk: 'POSITION#002', candidate: { kind: 'employed-doctor' } });
  });

  it('replaces whom a decision letter addresses and its reasons, keeps the rest of it', () => {
    const letter = {
      pk: 'APP#X',
      sk: 'LETTER#001',
      letter: {
        number: 1,
        caseNumber: 'AN-2026-ABCDEFGH',
        recipient: { municipalityName: 'Vadsø', contactName: 'Kari Nordmann' },
        decision: { kind: 'rejected', comment: 'Mangler veileder.' },
      },
    };
    expect(eraseItem(letter)).toEqual({
      ...letter,
      letter: {
        ...letter.letter,
        recipient: { municipalityName: 'Vadsø', contactName: ERASED },
        decision: { kind: 'rejected', comment: ERASED },
      },
    });
  });

  it('keeps keys, timers, statuses and amounts of items that hold nothing personal', () => {
    const instalment = {
      pk: 'APP#X',
      sk: 'INSTALMENT#001',
      status: 'PAID',
      grant: 200_000,
      net: 150_000,
      dueDate: '2027-01-01',
      gsi1pk: 'TIMER',
      gsi1sk: '2027-01-01T05:00:00.000Z#APP#X#INSTALMENT#001',
    };
    expect(eraseItem(instalment)).toEqual(instalment);
  });

  it('leaves no personal string of any input, and is idempotent (property)', () => {
    // Distinct shapes, so a kept value can never be mistaken for a survivor.
    const personal = fc.string({ minLength: 1, maxLength: 30 }).map((s) => `«${s}»`);
    const extraKey = fc.constantFrom('note', 'nickname', 'otherDoctor', 'tillegg');
    fc.assert(
      fc.property(
        fc.record({
          name: personal,
          role: personal,
          email: personal,
          phone: personal,
          supervisor: personal,
          texts: fc.array(personal, { minLength: 9, maxLength: 9 }),
          doctors: fc.array(
            fc.record({ age: fc.integer({ min: 20, max: 90 }), specialty: personal }),
            {
              maxLength: 5,
            },
          ),
          extra: fc.option(fc.tuple(extraKey, personal), { nil: undefined }),
          comment: personal,
          by: personal,
        }),
        (v) => {
          const base = application();
          const app = {
            ...base,
            contact: { name: v.name, role: v.role, email: v.email, phone: v.phone },
            supervisor: { ...base.supervisor, name: v.supervisor },
            recruitmentSituation: v.texts[0]!,
            patientList: { ...base.patientList, description: v.texts[1]! },
            dailySupervision: v.texts[2]!,
            groupSupervision: v.texts[3]!,
            backupOnCall: v.texts[4]!,
            municipalDuties: v.texts[5]!,
            substituteArrangements: v.texts[6]!,
            practice: {
              ...base.practice,
              doctors: v.doctors,
              supportStaff: { ...base.practice.supportStaff, competence: v.texts[7]! },
            },
            ...(v.extra && { [v.extra[0]]: v.extra[1] }),
          } as Application;
          const item = {
            pk: 'APP#AN-2026-ABCDEFGH',
            sk: 'APPLICATION',
            status: 'REJECTED',
            application: app,
          };
          const event = { pk: item.pk, sk: 'EVENT#x', by: v.by, comment: v.comment };
          const erased = JSON.stringify([eraseItem(item), eraseItem(event)]);
          const inputs = [
            v.name,
            v.role,
            v.email,
            v.phone,
            v.supervisor,
            ...v.texts.slice(0, 8),
            ...v.doctors.map((d) => d.specialty),
            ...(v.extra ? [v.extra[1]] : []),
            v.comment,
            v.by,
          ];
          for (const input of inputs) expect(erased).not.toContain(JSON.stringify(input));
          expect(erased).not.toContain('"age"');
          expect(eraseItem(eraseItem(item))).toEqual(eraseItem(item));
          expect(eraseItem(item).application.municipality).toEqual(base.municipality);
        },
      ),
      { numRuns: runs },
    );
  });
});

describe('when a case is concluded', () => {
  it('is concluded once rejected, withdrawn, completed or ended, and not before', () => {
    const concluded = APPLICATION_STATUSES.filter((s) => isConcluded(s));
    expect(concluded.toSorted()).toEqual(['COMPLETED', 'ENDED', 'REJECTED', 'WITHDRAWN']);
  });

  it('is concluded when every position of an approved grant has ended, completed or lapsed', () => {
    expect(isConcluded('ACTIVE', [{ status: 'COMPLETED' }, { status: 'LAPSED' }])).toBe(true);
    expect(isConcluded('APPROVED', [{ status: 'ENDED' }])).toBe(true);
    expect(isConcluded('ACTIVE', [{ status: 'COMPLETED' }, { status: 'ACTIVE' }])).toBe(false);
    expect(isConcluded('ACTIVE', [{ status: 'AWAITING_START' }])).toBe(false);
    expect(isConcluded('ACTIVE')).toBe(false);
    expect(isConcluded('IN_REVIEW', [{ status: 'ENDED' }])).toBe(false);
  });

  it('is looked at after the events that may conclude a case', () => {
    expect(isConcludingEvent('rejected')).toBe(true);
    expect(isConcludingEvent('withdrawn')).toBe(true);
    expect(isConcludingEvent('grant-completed')).toBe(true);
    expect(isConcludingEvent('grant-ended')).toBe(true);
    expect(isConcludingEvent('approved')).toBe(false);
  });

  it('is erased the retention’s years after its Oslo day', () => {
    expect(erasureDate(new Date('2026-11-20T10:00:00Z'), 5)).toBe('2031-11-20');
    // 23:30 UTC on New Year's Eve is already 1 January in Oslo.
    expect(erasureDate(new Date('2026-12-31T23:30:00Z'), 1)).toBe('2028-01-01');
    expect(erasureDate(new Date('2028-02-29T12:00:00Z'), 1)).toBe('2029-02-28');
  });
});
