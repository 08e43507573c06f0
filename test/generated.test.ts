import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderContext, renderVocabModule, readTerms } from '../scripts/vocab-render.js';
import { packageRoot } from '../src/data/paths.js';
import { kg, termKind } from '../src/generated/vocab.js';

describe('generated code and context follow the ontology', () => {
  it('src/generated/vocab.ts is up to date (run `npm run generate`)', () => {
    assert.equal(readFileSync(join(packageRoot, 'src/generated/vocab.ts'), 'utf8'), renderVocabModule());
  });
  it('context/v2.jsonld (the current context) is up to date', () => {
    assert.equal(readFileSync(join(packageRoot, 'context/v2.jsonld'), 'utf8'), renderContext());
  });
  // the published contexts (v1, v2) are pinned by hash and term table in test/context-pin.test.ts
  it('every term of context v1 keeps its meaning in v2 (v2 only adds terms)', () => {
    const v1 = (JSON.parse(readFileSync(join(packageRoot, 'context/v1.jsonld'), 'utf8')) as { '@context': Record<string, unknown> })['@context'];
    const v2 = (JSON.parse(readFileSync(join(packageRoot, 'context/v2.jsonld'), 'utf8')) as { '@context': Record<string, unknown> })['@context'];
    for (const [term, def] of Object.entries(v1)) assert.deepEqual(v2[term], def, `term ${term}`);
  });
  it('every ontology term has an IRI constant, a kind, a label and a comment', () => {
    const terms = readTerms();
    assert.ok(terms.length > 100);
    for (const t of terms) {
      assert.equal((kg as Record<string, string>)[t.name], t.iri);
      assert.ok((termKind as Record<string, string>)[t.name]);
      assert.ok(t.label, `${t.name} has no rdfs:label`);
      assert.ok(t.comment, `${t.name} has no rdfs:comment`);
    }
  });
});
