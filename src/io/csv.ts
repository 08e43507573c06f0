/**
 * CSV (RFC 4180) written and read once for the whole package: the CSV export tables, the FtM statements,
 * the `query --format csv` results (SPARQL 1.1 Query Results CSV), SPARQL CSV answers of remote servers
 * and the linker's labelled pair files.
 *
 * Writing: a field is quoted when it holds a `"`, a `,`, a CR or an LF (RFC 4180), and also when it begins
 * or ends with white space (readers such as pandas' `skipinitialspace` or spreadsheet imports trim
 * unquoted edges; a quoted field keeps them). A `"` inside a quoted field is doubled. Every record,
 * the last one too, ends with the line ending: `\n` by default, `\r\n` where a specification asks for it
 * (the W3C SPARQL 1.1 CSV results format; RFC 4180 itself).
 *
 * Reading: records end at CRLF, LF or a lone CR; a line ending after the last record is optional; a
 * leading UTF-8 byte order mark is dropped; an empty line is a record of one empty field (in SPARQL CSV it
 * is a row whose one variable is unbound). Quoted fields may hold commas, doubled quotes and line breaks.
 * Malformed text (an unterminated quoted field, a quote inside an unquoted field, text after a closing
 * quote) is refused with a {@link CsvSyntaxError} naming the source, line and column.
 * @module
 */

/** The line endings the writer uses. */
export type CsvLineEnd = '\n' | '\r\n';

/** Options of {@link writeCsv}. */
export interface CsvWriteOptions {
  /** The line ending after every record (default `\n`; `\r\n` for SPARQL 1.1 CSV results). */
  lineEnd?: CsvLineEnd;
}

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/** One field as written in CSV: quoted (with doubled quotes) when needed, see the module documentation. */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One record as a CSV line, without its line ending. */
export function csvRecord(fields: readonly string[]): string {
  return fields.map(csvField).join(',');
}

/** Records as CSV text: each record (the first is usually the header) followed by the line ending. */
export function writeCsv(records: Iterable<readonly string[]>, options: CsvWriteOptions = {}): string {
  const end = options.lineEnd ?? '\n';
  let out = '';
  for (const r of records) out += csvRecord(r) + end;
  return out;
}

/** Malformed CSV: `source:line: column c: message`, with the 1-based line and column of the fault. */
export class CsvSyntaxError extends Error {
  /** The file or label read. */
  readonly source: string;
  /** 1-based line (line breaks inside quoted fields count). */
  readonly line: number;
  /** 1-based column (UTF-16 code units) on that line. */
  readonly column: number;
  constructor(source: string, line: number, column: number, detail: string) {
    super(`${source}:${line}: column ${column}: ${detail}`);
    this.name = 'CsvSyntaxError';
    this.source = source;
    this.line = line;
    this.column = column;
  }
}

/** Options of {@link readCsv}. */
export interface CsvReadOptions {
  /** The file or label named in errors (default `CSV`). */
  source?: string;
}

/** The 1-based line and column of an offset; CRLF, LF and a lone CR each end a line. */
function position(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

const UNQUOTED_END = /[,\r\n"]/g;

/**
 * Reads CSV text into records of fields (see the module documentation for what is accepted). Throws a
 * {@link CsvSyntaxError} on malformed text. Records may differ in length; callers check their columns.
 */
export function readCsv(text: string, options: CsvReadOptions = {}): string[][] {
  const source = options.source ?? 'CSV';
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const fail = (offset: number, detail: string): never => {
    const { line, column } = position(text, offset);
    throw new CsvSyntaxError(source, line, bom && line === 1 ? column - 1 : column, detail);
  };
  const records: string[][] = [];
  let record: string[] = [];
  let i = bom;
  const n = text.length;
  if (i >= n) return records;
  for (;;) {
    // At the start of a field.
    let field: string;
    if (text.charCodeAt(i) === 34) {
      const open = i;
      field = '';
      let j = i + 1;
      for (;;) {
        const k = text.indexOf('"', j);
        if (k < 0) fail(open, 'a quoted field is never closed (a `"` is missing)');
        if (text.charCodeAt(k + 1) === 34) {
          field += text.slice(j, k + 1);
          j = k + 2;
          continue;
        }
        field += text.slice(j, k);
        i = k + 1;
        break;
      }
      const next = text.charCodeAt(i);
      if (i < n && next !== 44 && next !== 10 && next !== 13) fail(i, `text after the closing quote of a field (${JSON.stringify(text.slice(i, i + 20))}): a quoted field ends at its closing quote`);
    } else {
      UNQUOTED_END.lastIndex = i;
      const m = UNQUOTED_END.exec(text);
      const end = m ? m.index : n;
      if (m && m[0] === '"') fail(end, 'a quote inside an unquoted field: quote the whole field and double the quote (RFC 4180)');
      field = text.slice(i, end);
      i = end;
    }
    record.push(field);
    if (i >= n) {
      records.push(record);
      return records;
    }
    const c = text.charCodeAt(i);
    if (c === 44) {
      i++;
      continue;
    }
    // A line ending: CRLF, LF or a lone CR.
    records.push(record);
    record = [];
    i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
    if (i >= n) return records;
  }
}
