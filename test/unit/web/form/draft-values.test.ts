import { describe, expect, it } from 'vitest';
import type { DraftContent } from '../../../../shared/domain/draft.js';
import { formToApplicationInput } from '../../../../shared/web/form/convert.js';
import { draftToFormValues } from '../../../../shared/web/form/draft-values.js';
import { formValuesToSearchParams } from '../../../support/form.js';

const content = (value: unknown) => value as DraftContent;

describe('draftToFormValues', () => {
  it('fills in the count of positions and each position, which the form reads back', () => {
    const values = draftToFormValues(
      content({
        contact: { email: 'a@kommune.no' },
        positions: [
          { candidate: { kind: 'employed-doctor', monthsCompleted: 30 } },
          { candidate: { kind: 'new-position' } },
        ],
      }),
    );
    expect(values).toMatchObject({
      'contact.email': 'a@kommune.no',
      positions: '2',
      'positions.0.candidate.kind': 'employed-doctor',
      'positions.0.candidate.monthsCompleted': '30',
      'positions.1.candidate.kind': 'new-position',
    });
    const input = formToApplicationInput(formValuesToSearchParams(values)) as {
      positions: unknown[];
    };
    expect(input.positions).toEqual([
      { candidate: { kind: 'employed-doctor', monthsCompleted: 30 } },
      { candidate: { kind: 'new-position' } },
    ]);
  });

  it('shows a draft of the older shape with its one candidate at each position', () => {
    const values = draftToFormValues(
      content({ positionsRequested: 2, candidate: { kind: 'new-position' } }),
    );
    expect(values).toMatchObject({
      positions: '2',
      'positions.0.candidate.kind': 'new-position',
      'positions.1.candidate.kind': 'new-position',
    });
    expect(values).not.toHaveProperty('positionsRequested');
    expect(values).not.toHaveProperty('candidate.kind');
  });

  it('leaves the count empty when the draft has none', () => {
    expect(draftToFormValues(content({ contact: { email: 'a@kommune.no' } }))).not.toHaveProperty(
      'positions',
    );
  });
});
