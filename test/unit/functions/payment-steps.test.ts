// A payment execution started before positions had plans of their own carries no `position` in
// its input, and its definition passes none on to the steps: each step reads it as position 1 (the
// position whose keys and execution names such a grant already has), so the year continues.

import { beforeEach, describe, expect, it, vi } from 'vitest';

const calls = vi.hoisted(() => ({ made: [] as [string, unknown[]][] }));

vi.mock('../../../shared/services/payments.js', () => ({
  awaitPayment: async (...args: unknown[]) => void calls.made.push(['awaitPayment', args]),
  notifyPaid: async (...args: unknown[]) => void calls.made.push(['notifyPaid', args]),
}));
vi.mock('../../../shared/services/confirmations.js', () => ({
  requestConfirmation: async (...args: unknown[]) =>
    void calls.made.push(['requestConfirmation', args]),
}));
vi.mock('../../../shared/services/grants.js', () => ({
  endPosition: async (...args: unknown[]) => void calls.made.push(['endPosition', args]),
}));

const { handler: awaitPayment } = await import('../../../functions/await-payment/handler.js');
const { handler: notifyPaid } = await import('../../../functions/notify-paid/handler.js');
const { handler: requestConfirmation } = await import(
  '../../../functions/request-confirmation/handler.js'
);
const { handler: endGrant } = await import('../../../functions/end-grant/handler.js');

beforeEach(() => {
  calls.made = [];
});

describe('payment steps of an execution started before positions', () => {
  it('read a missing position as 1', async () => {
    await awaitPayment({ applicationId: 'AN-1', year: 1, taskToken: 't1' });
    await requestConfirmation({ applicationId: 'AN-1', year: 2, taskToken: 't2' });
    await notifyPaid({ applicationId: 'AN-1', year: 2 });
    await endGrant({ applicationId: 'AN-1', year: 3 });
    expect(calls.made).toEqual([
      ['awaitPayment', [{ applicationId: 'AN-1', position: 1, year: 1 }, 't1']],
      ['requestConfirmation', [{ applicationId: 'AN-1', position: 1, year: 2 }, 't2']],
      ['notifyPaid', [{ applicationId: 'AN-1', position: 1, year: 2 }]],
      ['endPosition', [{ applicationId: 'AN-1', position: 1, year: 3 }]],
    ]);
  });

  it('keep the position a newer execution passes, and refuse a bad one', async () => {
    await notifyPaid({ applicationId: 'AN-1', position: 2, year: 4 });
    expect(calls.made).toEqual([['notifyPaid', [{ applicationId: 'AN-1', position: 2, year: 4 }]]]);
    await expect(notifyPaid({ applicationId: 'AN-1', position: 0, year: 4 })).rejects.toThrow();
    await expect(
      requestConfirmation({ applicationId: 'AN-1', position: 1, year: 1, taskToken: 't' }),
    ).rejects.toThrow();
  });
});
