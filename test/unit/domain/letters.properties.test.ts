// Property-based tests of the complaint's body and the lead's answer to it: every JSON type at
// every path, never a throw, and a field-level message for anything refused.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  COMPLAINT_TEXT,
  parseComplaint,
  parseComplaintAction,
} from '../../../shared/domain/letters.js';
import { checkText } from '../../../shared/domain/text.js';
import { hostileBody, hostileValue, propertyRuns } from '../../support/hostile.js';

const runs = { numRuns: propertyRuns() };

const hostileComplaint = hostileBody([
  { text: 'Vi klager på avslaget: veilederen er på plass fra 1. mars.' },
  { text: 'Linje 1\r\n\tLinje 2', extra: { nested: [1, 2] } },
]);

describe('the complaint body', () => {
  it('answers every body, at every path and of every JSON type, with a text or field errors', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          hostileComplaint.map((c) => c.body),
          hostileValue,
        ),
        (body) => {
          const parsed = parseComplaint(body);
          const text = (body as { text?: unknown } | null)?.text;
          if (parsed.ok) {
            // Accepted only as a string that, trimmed, meets the text rule.
            expect(typeof text).toBe('string');
            expect(parsed.text).toBe((text as string).trim());
            expect(checkText(parsed.text, COMPLAINT_TEXT)).toBeUndefined();
          } else {
            expect(parsed.errors.length).toBeGreaterThan(0);
            for (const error of parsed.errors) {
              expect(['', 'text']).toContain(error.path);
              expect(error.code).toMatch(/^[a-z-]+$/);
              expect(error.message.length).toBeGreaterThan(5);
            }
          }
        },
      ),
      runs,
    );
  });
});

describe("the lead's answer to a complaint", () => {
  const hostileAction = hostileBody([
    { action: 'complaint-granted', complaint: 1, positionsApproved: 2 },
    { action: 'complaint-forwarded', complaint: '1', comment: 'Ingen nye opplysninger.' },
  ]);

  it('never throws, and refuses only with the field named', () => {
    fc.assert(
      fc.property(
        hostileAction,
        fc.constantFrom('complaint-granted', 'complaint-forwarded'),
        (c, action) => {
          const fields =
            typeof c.body === 'object' && c.body !== null && !Array.isArray(c.body)
              ? (c.body as Record<string, unknown>)
              : {};
          const parsed = parseComplaintAction(action as 'complaint-granted', fields);
          if (parsed.ok) expect(parsed.value.action).toBe(action);
          else
            for (const error of parsed.errors)
              expect(['complaint', 'positionsApproved', 'comment']).toContain(error.path);
        },
      ),
      runs,
    );
  });
});
