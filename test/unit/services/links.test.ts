// Capability links against the table fake: random tokens, stored only as their hash, refused when
// malformed, tampered with or of another purpose.

import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../shared/errors.js';
import { hashToken, isWellFormedToken, newLinkToken, sameSecret } from '../../../shared/links.js';
import { publicUrls } from '../../../shared/public-urls.js';
import { issueLink, resolveLink } from '../../../shared/services/links.js';
import { dynamo, fakeTable } from '../../support/table-fake.js';

const APP_ID = 'AN-2026-AAAAAAAA';
const TOKEN = newLinkToken();
const REVIEWER = 'fagrad1@alis-nord.example.no';

function link(overrides: Record<string, unknown> = {}) {
  return {
    pk: `LINK#${hashToken(TOKEN)}`,
    sk: 'LINK',
    purpose: 'decision',
    applicationId: APP_ID,
    round: 1,
    holder: REVIEWER,
    expiresAt: '2026-12-31T23:00:00.000Z',
    ...overrides,
  };
}

beforeEach(() => {
  fakeTable();
});

describe('link tokens', () => {
  it('are 256 random bits in base64url, and differ every time', () => {
    const tokens = new Set(Array.from({ length: 100 }, newLinkToken));
    expect(tokens.size).toBe(100);
    for (const t of tokens) expect(isWellFormedToken(t)).toBe(true);
    expect(Buffer.from([...tokens][0]!, 'base64url')).toHaveLength(32);
  });

  it('are stored only as their SHA-256', async () => {
    const token = await issueLink({
      purpose: 'decision',
      applicationId: APP_ID,
      round: 1,
      holder: REVIEWER,
      expiresAt: new Date('2026-12-31T23:00:00Z'),
    });
    expect(isWellFormedToken(token)).toBe(true);
    expect(publicUrls.decision(token)).toBe(`https://alis.example.no/decisions/${token}`);
    const stored = dynamo.commandCalls(PutCommand)[0]!.args[0].input.Item!;
    expect(stored.pk).toBe(`LINK#${hashToken(token)}`);
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(stored).toMatchObject({ holder: REVIEWER, expiresAt: '2026-12-31T23:00:00.000Z' });
  });

  it('refuse a malformed token without reading the table', async () => {
    await expect(resolveLink('abc', 'decision')).rejects.toBeInstanceOf(NotFoundError);
    await expect(resolveLink(`${TOKEN.slice(0, -1)}!`, 'decision')).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(0);
  });

  it('refuse a tampered token (one character changed) and a link of another purpose', async () => {
    fakeTable([link()]);
    const tampered = `${TOKEN.slice(0, -1)}${TOKEN.endsWith('A') ? 'B' : 'A'}`;
    await expect(resolveLink(tampered, 'decision')).rejects.toBeInstanceOf(NotFoundError);
    await expect(resolveLink(TOKEN, 'amend')).rejects.toBeInstanceOf(NotFoundError);
    await expect(resolveLink(TOKEN, 'decision')).resolves.toMatchObject({ holder: REVIEWER });
  });

  it('compares secrets in constant time, refusing different lengths', () => {
    expect(sameSecret('abc', 'abc')).toBe(true);
    expect(sameSecret('abc', 'abd')).toBe(false);
    expect(sameSecret('abc', 'abcd')).toBe(false);
  });
});
