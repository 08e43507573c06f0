/**
 * SSSOM (Simple Standard for Sharing Ontological Mappings) TSV output: a YAML mapping-set metadata block
 * (each line prefixed with `#`), then one row per mapping.
 * @module
 */

/** One SSSOM mapping row (standard slots plus the extension slots declared in the metadata). */
export interface SssomRow {
  /** Subject CURIE. */
  subject_id: string;
  /** Subject label. */
  subject_label?: string;
  /** Predicate CURIE (`skos:exactMatch`, `skos:closeMatch`, `owl:differentFrom`). */
  predicate_id: string;
  /** `Not` for a negated mapping. */
  predicate_modifier?: 'Not';
  /** Object CURIE. */
  object_id: string;
  /** Object label. */
  object_label?: string;
  /** How the mapping was made (`semapv:ManualMappingCuration`, `semapv:LexicalMatching` …). */
  mapping_justification: string;
  /** Confidence 0–1. */
  confidence?: number;
  /** Who made it. */
  author_label?: string;
  /** When (ISO date). */
  mapping_date?: string;
  /** Tool that produced it. */
  mapping_tool?: string;
  /** Free text. */
  comment?: string;
  /** Extension: the FtM ID of the subject in the package's export. */
  subject_ftm_id?: string;
  /** Extension: the identifier the mapping rests on (e.g. `wikidataId=Q503577`). */
  evidence_identifier?: string;
  /** Extension: the dataset the object was read from (linker candidates). */
  object_source_dataset?: string;
}

/** Column order of the TSV. */
export const SSSOM_COLUMNS: readonly (keyof SssomRow)[] = [
  'subject_id', 'subject_label', 'predicate_id', 'predicate_modifier', 'object_id', 'object_label', 'mapping_justification', 'confidence',
  'author_label', 'mapping_date', 'mapping_tool', 'comment', 'subject_ftm_id', 'evidence_identifier', 'object_source_dataset',
];

/** The extension slots, declared in the metadata as SSSOM requires. */
export const SSSOM_EXTENSIONS: readonly { slot_name: string; property: string; type_hint: string }[] = [
  { slot_name: 'subject_ftm_id', property: 'https://w3id.org/kaspersky-kg/ontology#ftmId', type_hint: 'xsd:string' },
  { slot_name: 'evidence_identifier', property: 'https://w3id.org/kaspersky-kg/ontology#evidenceIdentifier', type_hint: 'xsd:string' },
  { slot_name: 'object_source_dataset', property: 'https://w3id.org/kaspersky-kg/ontology#objectSourceDataset', type_hint: 'xsd:string' },
];

/** Mapping-set metadata. */
export interface SssomMetadata {
  /** The mapping set's IRI. */
  mapping_set_id: string;
  /** Version. */
  mapping_set_version: string;
  /** Title. */
  mapping_set_title?: string;
  /** Licence IRI. */
  license: string;
  /** Creator (label). */
  creator_label: string;
  /** Date (ISO). */
  mapping_date: string;
  /** Prefix → IRI base. */
  curie_map: Record<string, string>;
  /** Free text (e.g. the data version matched against). */
  comment?: string;
}

function yamlScalar(v: string): string {
  return /^[A-Za-z0-9_./:#-]+$/.test(v) && !/^\d/.test(v) ? v : JSON.stringify(v);
}

function cell(v: unknown): string {
  if (v === undefined || v === null) return '';
  return String(v).replace(/[\t\n\r]/g, ' ');
}

/** Writes an SSSOM TSV document. */
export function sssomTsv(meta: SssomMetadata, rows: readonly SssomRow[]): string {
  const y: string[] = ['curie_map:'];
  for (const [p, iri] of Object.entries(meta.curie_map)) y.push(`  ${p}: ${yamlScalar(iri)}`);
  y.push(`mapping_set_id: ${yamlScalar(meta.mapping_set_id)}`);
  y.push(`mapping_set_version: ${yamlScalar(meta.mapping_set_version)}`);
  if (meta.mapping_set_title) y.push(`mapping_set_title: ${yamlScalar(meta.mapping_set_title)}`);
  y.push(`license: ${yamlScalar(meta.license)}`);
  y.push(`creator_label:\n  - ${yamlScalar(meta.creator_label)}`);
  y.push(`mapping_date: ${yamlScalar(meta.mapping_date)}`);
  if (meta.comment) y.push(`comment: ${yamlScalar(meta.comment)}`);
  y.push('extension_definitions:');
  for (const e of SSSOM_EXTENSIONS) y.push(`  - slot_name: ${e.slot_name}\n    property: ${e.property}\n    type_hint: ${e.type_hint}`);
  const head = y.join('\n').split('\n').map((l) => `# ${l}`);
  const lines = [...head, SSSOM_COLUMNS.join('\t'), ...rows.map((r) => SSSOM_COLUMNS.map((c) => cell(r[c])).join('\t'))];
  return `${lines.join('\n')}\n`;
}

/** Reads the rows of an SSSOM TSV written by {@link sssomTsv} (metadata lines skipped). */
export function parseSssomRows(text: string): Record<string, string>[] {
  const lines = text.split('\n').filter((l) => l && !l.startsWith('#'));
  const header = lines.shift()?.split('\t') ?? [];
  return lines.map((l) => Object.fromEntries(l.split('\t').map((v, i) => [header[i]!, v])));
}

/** Reads the `mapping_date` of an SSSOM TSV's metadata block. */
export function sssomMappingDate(text: string): string | undefined {
  return /^# mapping_date: "?([0-9-]+)"?$/m.exec(text)?.[1];
}
