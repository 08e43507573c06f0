import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { parseRdfFile } from '../src/data/parse.js';
import { packageRoot, shapesFile } from '../src/data/paths.js';
import { buildDatasetParts } from '../src/data/dataset.js';
import { KG, ONTOLOGY, PREFIXES, RDF_TYPE } from '../src/namespaces.js';

const core = parseRdfFile(join(packageRoot, 'ontology', 'kaspersky-kg.ttl'));
const alignments = parseRdfFile(join(packageRoot, 'ontology', 'alignments.ttl'));
const shapes = parseRdfFile(shapesFile);
const DCT = PREFIXES.dcterms, OWL = PREFIXES.owl, SH = 'http://www.w3.org/ns/shacl#';

describe('ontology', () => {
  it('has the Widoco/FAIR header fields', () => {
    const header = core.filter((q) => q.subject.value === ONTOLOGY);
    const has = (p: string) => header.some((q) => q.predicate.value === p);
    for (const p of [`${DCT}title`, `${DCT}description`, `${OWL}versionIRI`, `${OWL}versionInfo`, `${DCT}license`, `${DCT}creator`, `${DCT}created`, `${DCT}modified`,
      'http://purl.org/vocab/vann/preferredNamespacePrefix', 'http://purl.org/vocab/vann/preferredNamespaceUri']) {
      assert.ok(has(p), `ontology header lacks ${p}`);
    }
    assert.ok(header.some((q) => q.predicate.value === `${DCT}license` && q.object.value === 'https://creativecommons.org/licenses/by/4.0/'));
  });

  it('aligns to schema.org, W3C ORG, PROV-O, OWL-Time and both FollowTheMoney namespaces, from declared terms only', () => {
    const declared = new Set(core.filter((q) => q.predicate.value === RDF_TYPE).map((q) => q.subject.value));
    const objects = alignments.map((q) => q.object.value);
    for (const ns of ['https://schema.org/', 'http://www.w3.org/ns/org#', 'http://www.w3.org/ns/prov#', 'http://www.w3.org/2006/time#', 'https://w3id.org/ftm#', 'https://schema.followthemoney.tech/#']) {
      assert.ok(objects.some((o) => o.startsWith(ns)), `no alignment to ${ns}`);
    }
    for (const q of alignments) {
      if (q.subject.value.startsWith(KG)) assert.ok(declared.has(q.subject.value), `alignment of undeclared ${q.subject.value}`);
    }
  });

  it('has a SHACL node shape for every class the data uses', () => {
    const targeted = new Set(shapes.filter((q) => q.predicate.value === `${SH}targetClass`).map((q) => q.object.value));
    const { data } = buildDatasetParts();
    const used = new Set(data.filter((q) => q.predicate.value === RDF_TYPE).map((q) => q.object.value));
    for (const c of used) assert.ok(targeted.has(c), `no shape targets ${c}`);
  });
});
