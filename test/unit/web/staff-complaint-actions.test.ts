// The lead answers a complaint from the application's staff page: the two forms are offered while
// a complaint waits, and only then.
import { render } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { actionsOffered } from '../../../shared/services/staff-actions.js';
import { StaffActions } from '../../../shared/web/pages/staff-actions.js';

const records = { reviewRounds: [], positions: [], instalments: [] };

function page(openComplaints: number): string {
  const offer = actionsOffered({ status: 'REJECTED', reviewRound: 1, openComplaints }, records);
  return render(StaffActions({ applicationId: 'AN-2026-ABCDEFGH', csrfToken: 'c5rf', offer }));
}

describe('the complaint on the staff page', () => {
  it('offers granting and forwarding while a complaint waits, each with the CSRF token', () => {
    const html = page(1);
    for (const action of ['complaint-granted', 'complaint-forwarded']) {
      expect(html).toContain(`name="action" value="${action}"`);
    }
    expect(html.match(/name="csrf" value="c5rf"/g)?.length).toBeGreaterThanOrEqual(2);
    expect(html).toContain('name="positionsApproved"');
    expect(html).toContain('name="comment"');
  });

  it('offers neither once it is answered, or before any', () => {
    for (const html of [
      page(0),
      render(
        StaffActions({
          applicationId: 'AN-2026-ABCDEFGH',
          csrfToken: 'c',
          offer: actionsOffered({ status: 'REJECTED', reviewRound: 1 }, records),
        }),
      ),
    ]) {
      expect(html).not.toContain('complaint-granted');
      expect(html).not.toContain('complaint-forwarded');
    }
  });
});
