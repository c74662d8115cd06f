import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CsvCell,
  type FinanceNotificationLine,
  financeCsv,
  toCsv,
} from '../../../shared/presentation/finance-csv.js';

/** Reads a file the way a spreadsheet does: `;` fields, `"` quoting with `""`, CRLF lines. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ';') {
      row.push(field);
      field = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      field += char;
    }
  }
  expect(field).toBe(''); // the last line ends with CRLF too
  expect(row).toEqual([]);
  return rows;
}

const lines: FinanceNotificationLine[] = [
  {
    applicationId: 'AN-2027-7K3M9Q2P',
    municipalityName: 'Bø i Vesterålen; Øksnes',
    organisationNumber: '938644500',
    position: 1,
    year: 1,
    years: 5,
    dueDate: '2027-03-01',
    grant: 200_000,
    egenandel: 0,
    net: 200_000,
  },
  {
    applicationId: 'AV-2027-AAAAAAAA',
    municipalityName: '=HYPERLINK("http://x.example","Åfjord")',
    organisationNumber: '944305483',
    position: 1,
    year: 2,
    years: 4,
    dueDate: '2028-02-29',
    grant: 400_000,
    egenandel: 100_000,
    net: 300_000,
  },
];

const file = financeCsv({ notificationId: 'FN-2027-03-01-AN', lines });

describe('the finance notification CSV', () => {
  it('starts with the UTF-8 byte-order mark and keeps æøå as UTF-8', () => {
    const bytes = new TextEncoder().encode(file.text);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const decoded = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(decoded).toBe(file.text);
    expect(file.text).toContain('Bø i Vesterålen; Øksnes');
    expect(file.contentType).toBe('text/csv; charset=utf-8');
  });

  it('separates with ; and ends every line with CRLF', () => {
    const body = file.text.slice(1);
    expect(body.endsWith('\r\n')).toBe(true);
    expect(body.split('\r\n')[0]).toBe(
      'Varsel-ID;Kommune;Organisasjonsnummer;Søknads-ID;Stilling;År;Forfallsdato;Tilskudd (kr);Egenandel (kr);Til utbetaling (kr)',
    );
    expect(body.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
  });

  it('lists each instalment in whole kroner, with the notification id and year k of n', () => {
    const rows = parseCsv(file.text.slice(1));
    expect(rows[1]).toEqual([
      'FN-2027-03-01-AN',
      'Bø i Vesterålen; Øksnes',
      '938644500',
      'AN-2027-7K3M9Q2P',
      '1',
      '1 av 5',
      '2027-03-01',
      '200000',
      '0',
      '200000',
    ]);
    expect(rows[2]?.slice(4)).toEqual(['1', '2 av 4', '2028-02-29', '400000', '100000', '300000']);
  });

  it('ends with the totals', () => {
    const rows = parseCsv(file.text.slice(1));
    expect(rows).toHaveLength(4);
    expect(rows[3]).toEqual([
      'FN-2027-03-01-AN',
      'Sum',
      '',
      '',
      '',
      '',
      '',
      '600000',
      '100000',
      '500000',
    ]);
  });

  it('turns a formula into plain text', () => {
    const rows = parseCsv(file.text.slice(1));
    expect(rows[2]?.[1]).toBe(`'=HYPERLINK("http://x.example","Åfjord")`);
  });

  it('names the file after the notification', () => {
    expect(file.filename).toBe('utbetalinger-FN-2027-03-01-AN.csv');
    expect(financeCsv({ notificationId: 'a/b c', lines: [] }).filename).toBe(
      'utbetalinger-a-b-c.csv',
    );
  });

  it('still has headers and a zero total with no instalments', () => {
    const rows = parseCsv(financeCsv({ notificationId: 'FN-1', lines: [] }).text.slice(1));
    expect(rows).toHaveLength(2);
    expect(rows[1]?.slice(7)).toEqual(['0', '0', '0']);
  });
});

describe('toCsv', () => {
  const columns = [
    { header: 'Tekst', value: (row: { text: CsvCell }) => row.text },
    { header: 'Tall', value: () => -5 },
  ];

  it.each(['=1+1', '+47 123', '-rm', '@SUM(A1)', '\tx'])('neutralises %j', (text) => {
    const rows = parseCsv(toCsv(columns, [{ text }]).slice(1));
    expect(rows[1]?.[0]).toBe(`'${text}`);
  });

  it('writes a number as it is, a negative one included', () => {
    expect(parseCsv(toCsv(columns, [{ text: 'x' }]).slice(1))[1]).toEqual(['x', '-5']);
  });

  const text = fc.oneof(
    fc.string({ unit: fc.constantFrom(';', '"', '\r', '\n', '=', '-', '@', '+', 'a', 'ø', ' ') }),
    fc.string({ unit: 'grapheme' }),
  );

  it('gives back every text cell as written, through quotes, separators and line breaks', () => {
    fc.assert(
      fc.property(fc.array(text, { maxLength: 5 }), (texts) => {
        const rows = parseCsv(
          toCsv(
            columns,
            texts.map((text) => ({ text })),
          ).slice(1),
        );
        expect(rows).toHaveLength(texts.length + 1);
        texts.forEach((text, index) => {
          const cell = rows[index + 1]?.[0];
          expect(cell).toBe(/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);
        });
      }),
    );
  });
});
