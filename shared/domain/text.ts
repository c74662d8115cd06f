// What free text from applicants and reviewers may contain. Such text ends up in reviewers'
// e-mail subjects, in pages and in the finance export, so it is refused at the door rather than
// cleaned on the way out: invisible characters there would make two names look alike, a NUL or
// a bidirectional override can hide or reorder what a reviewer reads, and a lone surrogate is no
// text at all (it cannot be encoded as UTF-8).

/** Short fields are one line (names, roles); long fields are textareas, which send line breaks. */
export type TextKind = 'one-line' | 'multi-line';

export interface TextRule {
  kind: TextKind;
  maxLength: number;
  /**
   * Whether the field asks for content: then at least one letter or digit, so that a lone
   * "<!--", a row of emoji or punctuation is not taken for an answer.
   */
  requiresContent: boolean;
}

export type TextProblemCode = 'required' | 'too-large' | 'control-characters' | 'no-content';

export interface TextProblem {
  code: TextProblemCode;
  message: string;
}

/** Tab, line feed and carriage return: what a textarea sends besides text. */
const MULTI_LINE_WHITESPACE = new Set(['\t', '\n', '\r']);
// Cs matches only a lone surrogate: in unicode mode a well-formed pair is one code point.
const CONTROL_FORMAT_OR_SURROGATE = /[\p{Cc}\p{Cf}\p{Cs}]/gu;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * The first problem of an already trimmed text against its rule, or undefined if it is fine.
 * An empty text is `required`; whether it may be empty is the caller's business.
 */
export function checkText(value: string, rule: TextRule): TextProblem | undefined {
  if (value === '') return { code: 'required', message: 'Fyll inn feltet.' };
  if (value.length > rule.maxLength) {
    return {
      code: 'too-large',
      message: `Teksten kan ikke være lengre enn ${rule.maxLength} tegn.`,
    };
  }
  if (hasForbiddenCharacters(value, rule.kind)) {
    return {
      code: 'control-characters',
      message:
        rule.kind === 'one-line'
          ? 'Feltet kan ikke inneholde linjeskift, tabulator, kontrolltegn eller usynlige formateringstegn.'
          : 'Teksten kan ikke inneholde kontrolltegn eller usynlige formateringstegn.',
    };
  }
  if (rule.requiresContent && !LETTER_OR_DIGIT.test(value)) {
    return { code: 'no-content', message: 'Skriv en tekst med bokstaver eller tall.' };
  }
  return undefined;
}

function hasForbiddenCharacters(value: string, kind: TextKind): boolean {
  for (const [character] of value.matchAll(CONTROL_FORMAT_OR_SURROGATE)) {
    if (kind === 'one-line' || !MULTI_LINE_WHITESPACE.has(character)) return true;
  }
  return false;
}
