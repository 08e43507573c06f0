/**
 * The FtM ID policy (see docs/ftm.md): every entity the package exports gets
 * `kkg-` + sha1(`kaspersky_kg` + U+001F + source key) in hex, where the source key is the entity's IRI in the
 * package (`https://w3id.org/kaspersky-kg/id/...`, stable by the data conventions) plus, for entities
 * derived from one IRI (a Sanction per party, a Directorship beside an Employment), a fixed suffix.
 * Personal data never appears in an ID. An authority's own ID (`ofac-<UID>`, `lei-<LEI>`) replaces
 * the hash only where the graph holds that identifier as a verified fact (none does today).
 * @module
 */
import { createHash } from 'node:crypto';

/** The FtM dataset name of the package's export. */
export const DATASET = 'kaspersky_kg';

/** The ID prefix of the package's own entities. */
const ID_PREFIX = 'kkg';

/** sha1 in hex. */
function sha1(text: string): string {
  return createHash('sha1').update(text, 'utf8').digest('hex');
}

/** The FtM ID minted from a stable source key (`kkg-<sha1>`). */
export function entityId(...keyParts: string[]): string {
  return `${ID_PREFIX}-${sha1([DATASET, ...keyParts].join('\u001f'))}`;
}

/**
 * One entry of the rekey log: an exported ID that was replaced. Consumers holding the old ID resolve it
 * through this log (the export also lists old IDs in `referents`).
 */
export interface Rekey {
  /** The ID previously exported. */
  old: string;
  /** The ID now exported. */
  new: string;
  /** The package version in which the change was made. */
  version: string;
  /** Why it changed. */
  reason: string;
}

/**
 * The rekey log. Append-only; an ID is never reused for another entity. Empty: no exported ID has changed
 * since the first FtM export.
 */
export const REKEYS: readonly Rekey[] = [];

/** Namespaces of authority IDs that may replace the hash, and how to recognise their IRIs in the graph. */
const AUTHORITY_ID_PATTERNS: readonly { prefix: string; iri: RegExp }[] = [
  // An OpenSanctions source ID asserted with owl:sameAs/skos:exactMatch to its entity page.
  { prefix: '', iri: /^https:\/\/www\.opensanctions\.org\/entities\/((?:ofac|lei|isin|imo)-[A-Za-z0-9-]+)\/?$/ },
];

/**
 * The authority ID (e.g. `ofac-45815`) for an entity whose verified external identifiers include an
 * OpenSanctions source-ID IRI in a shared global namespace; otherwise undefined.
 */
export function authorityIdFrom(sameAs: readonly string[]): string | undefined {
  for (const iri of [...sameAs].sort()) {
    for (const p of AUTHORITY_ID_PATTERNS) {
      const m = p.iri.exec(iri);
      if (m) return `${p.prefix}${m[1]}`;
    }
  }
  return undefined;
}

/** The FtM statement ID: sha1 of `dataset.entity_id.prop.value` (plus `@origin` when a value has several sources). */
export function statementId(dataset: string, entityIdValue: string, prop: string, value: string, origin?: string): string {
  return sha1(`${dataset}.${entityIdValue}.${prop}.${value}${origin ? `@${origin}` : ''}`);
}
