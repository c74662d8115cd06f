import { describe, expect, it } from 'vitest';
import { checkText, type TextRule } from '../../../shared/domain/text.js';

const oneLine: TextRule = { kind: 'one-line', maxLength: 20, requiresContent: true };
const multiLine: TextRule = { kind: 'multi-line', maxLength: 20, requiresContent: true };

describe('free text', () => {
  it.each(['Kari Nordmann', 'Deatnu - Tana', 'Ørsta', 'C3', 'أحمد', '李小龙', 'Lege 👩🏽 ✔️'])(
    'accepts %j on one line',
    (value) => {
      expect(checkText(value, oneLine)).toBeUndefined();
    },
  );

  it('lets a textarea keep tab, carriage return and line feed', () => {
    expect(checkText('Man:\r\n\tvakt\nTirs', multiLine)).toBeUndefined();
  });

  it.each([
    ['a tab', 'Kari\tNordmann'],
    ['a line feed', 'Kari\nNordmann'],
    ['a carriage return', 'Kari\rNordmann'],
  ])('refuses %s on one line', (_what, value) => {
    expect(checkText(value, oneLine)?.code).toBe('control-characters');
  });

  it.each([
    ['NUL', 'Kari\u0000'],
    ['escape', '\u001b[31mKari'],
    ['delete', 'Kari\u007f'],
    ['a C1 control', 'Kari\u0085'],
    ['a zero-width space', 'Ka\u200bri'],
    ['a zero-width joiner', 'Ka\u200dri'],
    ['a right-to-left override', '\u202eKari'],
    ['a right-to-left mark', 'Kari\u200f'],
    ['a soft hyphen', 'Ka\u00adri'],
    ['a byte order mark inside', 'Ka\ufeffri'],
    ['a lone high surrogate', 'Kari\ud800'],
    ['a lone low surrogate', '\udc00Kari'],
  ])('refuses %s in either kind of field', (_what, value) => {
    expect(checkText(value, oneLine)?.code).toBe('control-characters');
    expect(checkText(value, multiLine)?.code).toBe('control-characters');
  });

  it.each([
    ['an HTML comment opener', '<!--'],
    ['only emoji', '🙂🙂🙂'],
    ['only punctuation', '...!?'],
    ['only symbols', '§ € ©'],
  ])('refuses %s: no letter or digit', (_what, value) => {
    expect(checkText(value, multiLine)).toEqual({
      code: 'no-content',
      message: 'Skriv en tekst med bokstaver eller tall.',
    });
  });

  it('accepts content without letters where the rule asks for none', () => {
    expect(checkText('🙂', { ...oneLine, requiresContent: false })).toBeUndefined();
  });

  it('counts the length against the rule and answers empty text as required', () => {
    expect(checkText('x'.repeat(20), oneLine)).toBeUndefined();
    expect(checkText('x'.repeat(21), oneLine)?.code).toBe('too-large');
    expect(checkText('', oneLine)?.code).toBe('required');
  });
});
