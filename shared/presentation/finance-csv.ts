// CSV files that Norwegian Excel opens as they are, by double-click: UTF-8 with a byte-order mark
// (without it Excel reads the file as Windows-1252 and æøå break), `;` between fields (the list
// separator where the decimal mark is a comma), CRLF line ends. Pure.

import type { FinanceLine } from '../domain/grant.js';

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

const BYTE_ORDER_MARK = '\uFEFF';
const SEPARATOR = ';';
const LINE_END = '\r\n';

/** Numbers are written as they are; money is whole kroner, so no thousands separators. */
export type CsvCell = string | number | null | undefined;

export interface CsvColumn<Row> {
  /** The heading in the first line; keep it stable, people build spreadsheets on it. */
  header: string;
  value: (row: Row) => CsvCell;
}

/**
 * A spreadsheet runs a cell starting with one of these as a formula, so text that does (a name
 * typed into a form as "=HYPERLINK(…)") is made plain text with a leading apostrophe.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

function csvField(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return String(cell);
  const text = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return /[";\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csvLine(cells: readonly CsvCell[]): string {
  return cells.map(csvField).join(SEPARATOR) + LINE_END;
}

/**
 * The whole file as text, byte-order mark first: a header line, a line per row, then any
 * `trailingLines` (a totals line), each a cell per column.
 */
export function toCsv<Row>(
  columns: readonly CsvColumn<Row>[],
  rows: readonly Row[],
  trailingLines: readonly (readonly CsvCell[])[] = [],
): string {
  const lines = [
    csvLine(columns.map((column) => column.header)),
    ...rows.map((row) => csvLine(columns.map((column) => column.value(row)))),
    ...trailingLines.map(csvLine),
  ];
  return BYTE_ORDER_MARK + lines.join('');
}

/** One instalment in a finance notification. */
export type FinanceNotificationLine = FinanceLine;

export interface FinanceNotification {
  notificationId: string;
  lines: readonly FinanceNotificationLine[];
}

export interface CsvFile {
  filename: string;
  contentType: typeof CSV_CONTENT_TYPE;
  /** Starts with the byte-order mark; encode as UTF-8 (`Buffer.from(text, 'utf8')`) to send. */
  text: string;
}

function financeNotificationColumns(
  notificationId: string,
): readonly CsvColumn<FinanceNotificationLine>[] {
  return [
    { header: 'Varsel-ID', value: () => notificationId },
    { header: 'Kommune', value: (line) => line.municipalityName },
    { header: 'Organisasjonsnummer', value: (line) => line.organisationNumber },
    { header: 'Søknads-ID', value: (line) => line.applicationId },
    { header: 'Stilling', value: (line) => line.position },
    { header: 'År', value: (line) => `${line.year} av ${line.years}` },
    { header: 'Forfallsdato', value: (line) => line.dueDate },
    { header: 'Tilskudd (kr)', value: (line) => line.grant },
    { header: 'Egenandel (kr)', value: (line) => line.egenandel },
    { header: 'Til utbetaling (kr)', value: (line) => line.net },
  ];
}

const FINANCE_TOTALS_LABEL = 'Sum';

export function financeCsv(notification: FinanceNotification): CsvFile {
  const { notificationId, lines } = notification;
  const sum = (amount: (line: FinanceNotificationLine) => number) =>
    lines.reduce((total, line) => total + amount(line), 0);
  const totals: CsvCell[] = [
    notificationId,
    FINANCE_TOTALS_LABEL,
    '',
    '',
    '',
    '',
    '',
    sum((line) => line.grant),
    sum((line) => line.egenandel),
    sum((line) => line.net),
  ];
  return {
    filename: `utbetalinger-${notificationId.replace(/[^A-Za-z0-9_-]/g, '-')}.csv`,
    contentType: CSV_CONTENT_TYPE,
    text: toCsv(financeNotificationColumns(notificationId), lines, [totals]),
  };
}
