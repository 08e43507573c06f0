/**
 * FtM statements: one row per property value with its provenance, in the FtM 4 statement columns
 * (`canonical_id, entity_id, prop, schema, value, dataset, lang, original_value, first_seen, last_seen,
 * external, origin, id`, plus `prop_type` as in FtM's CSV form). `origin` holds the source document of the
 * value (its IRI in the package); `original_value` the spelling as the source published it, where it
 * differs from the normalised value.
 * @module
 */

/** One statement row. */
export interface FtmStatement {
  /** The entity's canonical ID (equal to `entity_id` until merged). */
  canonical_id: string;
  /** The entity ID. */
  entity_id: string;
  /** The property (`id` for the base statement that records the entity's existence and schema). */
  prop: string;
  /** The entity's schema. */
  schema: string;
  /** The value as exported. */
  value: string;
  /** The dataset. */
  dataset: string;
  /** ISO 639-3 language of the value, if known. */
  lang: string | null;
  /** The value as published by the source, where it differs. */
  original_value: string | null;
  /** First seen (ISO date-time), if the export was given one. */
  first_seen: string | null;
  /** Last seen (ISO date-time), if the export was given one. */
  last_seen: string | null;
  /** Whether the statement is an unconfirmed external candidate (always false here). */
  external: boolean;
  /** The source document the value comes from (IRI), or null for derived values. */
  origin: string | null;
  /** The statement ID. */
  id: string;
  /** The FtM property type (`name`, `date`, `country`, `entity` …). */
  prop_type: string;
}

/** The column order of the statements CSV. */
export const STATEMENT_COLUMNS: readonly (keyof FtmStatement)[] = [
  'canonical_id', 'entity_id', 'prop', 'schema', 'value', 'dataset', 'lang', 'original_value', 'first_seen', 'last_seen', 'external', 'origin', 'id', 'prop_type',
];

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'boolean' ? (v ? 't' : 'f') : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Writes statements as CSV (header row, RFC 4180 quoting, booleans as `t`/`f` as FtM does). */
export function statementsCsv(rows: readonly FtmStatement[]): string {
  const lines = [STATEMENT_COLUMNS.join(',')];
  for (const r of rows) lines.push(STATEMENT_COLUMNS.map((c) => csvCell(r[c])).join(','));
  return `${lines.join('\n')}\n`;
}

/** Parses the CSV written by {@link statementsCsv}. */
export function parseStatementsCsv(text: string): FtmStatement[] {
  const rows = parseCsv(text);
  const header = rows.shift() ?? [];
  return rows
    .filter((r) => r.length > 1)
    .map((r) => {
      const o: Record<string, unknown> = {};
      header.forEach((h, i) => {
        const v = r[i] ?? '';
        o[h] = h === 'external' ? v === 't' : v === '' && h !== 'value' ? null : v;
      });
      return o as unknown as FtmStatement;
    });
}

/** A small RFC 4180 CSV parser (quoted fields, doubled quotes, newlines inside quotes). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (c !== '\r') field += c;
    i++;
  }
  if (field.length || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** ISO 639-1 → ISO 639-3 for the languages the data uses. */
export const LANG3: Readonly<Record<string, string>> = { en: 'eng', ru: 'rus', de: 'deu', fr: 'fra', uk: 'ukr', pl: 'pol' };
