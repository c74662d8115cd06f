// Status tokens: `<applicationId>.<secret>`, made and read back; anything else is unknown.

import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../shared/errors.js';
import { readStatus, statusTokenOf } from '../../../shared/services/status.js';
import { dynamo, fakeTable } from '../../support/table-fake.js';

const APP_ID = 'AN-2026-AAAAAAAA';
const app = {
  pk: `APP#${APP_ID}`,
  sk: 'APPLICATION',
  applicationId: APP_ID,
  statusSecret: 'the-status-secret',
};
const event = { pk: `APP#${APP_ID}`, sk: 'EVENT#2026-12-01T10:00:00.000Z#1', type: 'submitted' };

beforeEach(() => {
  fakeTable([app]);
});

describe('status tokens', () => {
  it('are the application id and its secret, and read back to the application', async () => {
    // The application's partition, by sort-key prefix: its audit trail, and no letters.
    dynamo
      .on(QueryCommand)
      .callsFake((input) =>
        input.ExpressionAttributeValues[':prefix'] === 'EVENT#'
          ? { Items: [event] }
          : { Items: [] },
      );
    const token = statusTokenOf(app);
    expect(token).toBe(`${APP_ID}.the-status-secret`);
    await expect(readStatus(token)).resolves.toMatchObject({
      app: { applicationId: APP_ID },
      history: [{ type: 'submitted' }],
      letters: [],
    });
  });

  it('refuse a wrong secret, and a malformed token without reading the table', async () => {
    await expect(readStatus(`${APP_ID}.the-status-secreT`)).rejects.toBeInstanceOf(NotFoundError);
    dynamo.resetHistory();
    for (const token of ['', 'no-dot', '.secret', 'an-2026-aaaaaaaa.x'])
      await expect(readStatus(token)).rejects.toBeInstanceOf(NotFoundError);
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(0);
  });
});
