/**
 * A published JSON-LD context never changes (CHANGELOG: "a published `context/vN.jsonld` is never edited; a
 * change makes vN+1"). Both published contexts are pinned by hash, and every term of each is checked against
 * a term → IRI table that does not come from the generator: `kg:` terms against the ontology file as parsed
 * here (the term's name is the IRI's local name, the IRI is declared, classes and individuals are plain IRIs,
 * object properties are typed `@id`/`@vocab`, datatype properties are not), every other term against the
 * table of prefixes and external vocabulary terms written out below. A typo in the generator or in a context
 * file fails here even when the generated file is regenerated from the typo.
 */
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser } from 'n3';
import { packageRoot } from '../src/data/paths.js';

const KG = 'https://w3id.org/kaspersky-kg/ontology#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const OWL = 'http://www.w3.org/2002/07/owl#';

/**
 * SHA-256 of each published context. v1: as released in b2de78e. v2: as of 6403eda (the terms the data
 * added after 0.2.0). To add or change a term, publish `context/v3.jsonld` and point CONTEXT_IRI at it;
 * never regenerate or edit a published file.
 */
const PUBLISHED: Record<string, string> = {
  'v1.jsonld': 'fe6545cc3070853a3ede3107835f0d0e32c067fe843cbc3229e214be73a07782',
  'v2.jsonld': 'd562a67d080a691bef3d878726ba9f5678fc3ea2431a5523fad77c41458af4f7',
};

/** Keyword aliases of both contexts. */
const KEYWORDS: Record<string, string> = { type: '@type', claims: '@included' };

/** Prefixes: the package's namespaces (docs/modelling.md) and the standard vocabularies' own namespace IRIs. */
const PREFIXES: Record<string, string> = {
  kg: 'https://w3id.org/kaspersky-kg/ontology#',
  id: 'https://w3id.org/kaspersky-kg/id/',
  claim: 'https://w3id.org/kaspersky-kg/claim/',
  proposition: 'https://w3id.org/kaspersky-kg/proposition/', // v2 only
  event: 'https://w3id.org/kaspersky-kg/id/event/',
  role: 'https://w3id.org/kaspersky-kg/id/role/',
  source: 'https://w3id.org/kaspersky-kg/id/source/',
  legal: 'https://w3id.org/kaspersky-kg/id/legal/',
  product: 'https://w3id.org/kaspersky-kg/id/product/',
  group: 'https://w3id.org/kaspersky-kg/id/group/',
  recommendation: 'https://w3id.org/kaspersky-kg/id/recommendation/',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  owl: 'http://www.w3.org/2002/07/owl#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  prov: 'http://www.w3.org/ns/prov#',
  dcterms: 'http://purl.org/dc/terms/',
  schema: 'https://schema.org/',
  wd: 'http://www.wikidata.org/entity/',
};

/** Terms from external vocabularies, with their exact definitions. */
const EXTERNAL: Record<string, unknown> = {
  label: { '@id': 'http://www.w3.org/2000/01/rdf-schema#label', '@container': '@language' },
  comment: { '@id': 'http://www.w3.org/2000/01/rdf-schema#comment', '@container': '@language' },
  altLabel: { '@id': 'http://www.w3.org/2004/02/skos/core#altLabel', '@container': '@language' },
  sameAs: { '@id': 'http://www.w3.org/2002/07/owl#sameAs', '@type': '@id' },
  exactMatch: { '@id': 'http://www.w3.org/2004/02/skos/core#exactMatch', '@type': '@id' },
  wasDerivedFrom: { '@id': 'http://www.w3.org/ns/prov#wasDerivedFrom', '@type': '@id' },
  title: { '@id': 'http://purl.org/dc/terms/title' },
};

type Kind = 'class' | 'object' | 'datatype' | 'annotation' | 'individual';

/** The kg: terms declared in ontology/kaspersky-kg.ttl, read with n3 (not with the generator's reader). */
function declaredTerms(): Map<string, Kind> {
  const quads = new Parser().parse(readFileSync(join(packageRoot, 'ontology', 'kaspersky-kg.ttl'), 'utf8'));
  const kinds = new Map<string, Kind>();
  const byType: Record<string, Kind> = {
    [`${OWL}Class`]: 'class', [`${OWL}ObjectProperty`]: 'object', [`${OWL}DatatypeProperty`]: 'datatype', [`${OWL}AnnotationProperty`]: 'annotation',
  };
  for (const q of quads) {
    if (q.predicate.value !== RDF_TYPE || !q.subject.value.startsWith(KG)) continue;
    // anything else typed (a kg: class's instance, a skos:ConceptScheme) is an individual; the ontology node is no term
    const kind = byType[q.object.value] ?? (q.object.value === `${OWL}Ontology` ? undefined : 'individual');
    if (kind && !kinds.has(q.subject.value)) kinds.set(q.subject.value, kind);
  }
  return kinds;
}

function readContext(file: string): { text: Buffer; context: Record<string, unknown> } {
  const text = readFileSync(join(packageRoot, 'context', file));
  return { text, context: (JSON.parse(text.toString('utf8')) as { '@context': Record<string, unknown> })['@context'] };
}

describe('published JSON-LD contexts are pinned: hash and term → IRI table', () => {
  const declared = declaredTerms();

  for (const [file, hash] of Object.entries(PUBLISHED)) {
    it(`context/${file} is byte-identical to its published version`, () => {
      const got = createHash('sha256').update(readContext(file).text).digest('hex');
      assert.equal(got, hash, `context/${file} changed: a published context is never edited or regenerated; publish the change as a new version (context/v3.jsonld) instead`);
    });

    it(`context/${file}: every term means what its table entry or the ontology says`, () => {
      const { context } = readContext(file);
      assert.equal(context['@version'], 1.1);
      assert.equal(context['@protected'], true);
      let kgTerms = 0;
      for (const [term, def] of Object.entries(context)) {
        if (term.startsWith('@')) continue;
        if (term in KEYWORDS) assert.equal(def, KEYWORDS[term], term);
        else if (term in PREFIXES) assert.equal(def, PREFIXES[term], `prefix ${term}`);
        else if (term in EXTERNAL) assert.deepEqual(def, EXTERNAL[term], term);
        else {
          kgTerms++;
          const iri = typeof def === 'string' ? def : (def as { '@id'?: unknown })['@id'];
          assert.equal(iri, `${KG}${term}`, `term ${term}: its IRI is kg:${term}`);
          const kind = declared.get(`${KG}${term}`);
          assert.ok(kind, `term ${term}: kg:${term} is declared in ontology/kaspersky-kg.ttl`);
          if (kind === 'class' || kind === 'individual') assert.equal(typeof def, 'string', `${term} (${kind}) maps to a plain IRI`);
          else {
            assert.equal(typeof def, 'object', `${term} (${kind} property) has a definition object`);
            const type = (def as Record<string, unknown>)['@type'];
            if (kind === 'object') assert.ok(type === '@id' || type === '@vocab', `${term}: an object property's values are IRIs (@id or @vocab), got ${String(type)}`);
            else assert.ok(type !== '@id' && type !== '@vocab', `${term}: a ${kind} property's values are literals`);
            assert.deepEqual(Object.keys(def as object).sort(), type === undefined ? ['@id'] : ['@id', '@type'], term);
          }
        }
      }
      assert.ok(kgTerms > 150, `${file}: ${kgTerms} kg terms`);
    });
  }

  it('context/v2.jsonld names every class, property and individual the ontology declares', () => {
    const { context } = readContext('v2.jsonld');
    const missing = [...declared.keys()].map((iri) => iri.slice(KG.length)).filter((name) => !(name in context));
    assert.deepEqual(missing, []);
  });
});
