import { strict as assert } from 'node:assert';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openGraph, KasperskyGraph } from '../src/graph.js';
import { embeddedTarget } from '../src/graph.js';
import { datasetNQuads } from '../src/data/dataset.js';
import { competencyQuestions } from '../src/cli/competency.js';
import { canonicalAnswer } from '../src/cli/expected.js';
import { FACTS_GRAPH } from '../src/namespaces.js';
import { startVirtuoso, loadNQuads, type VirtuosoHandle } from './support/virtuoso.js';

const ID = 'https://w3id.org/kaspersky-kg/id/';

/** Every helper with representative parameters: the parity suite runs each on both targets. */
const CALLS: [string, (kg: KasperskyGraph) => Promise<unknown>][] = [
  ['entity(ao-kaspersky-lab)', (kg) => kg.entity(`${ID}ao-kaspersky-lab`)],
  ['entity(unknown)', (kg) => kg.entity(`${ID}no-such-thing`)],
  ['findEntities(kaspersky)', (kg) => kg.findEntities('kaspersky')],
  ['findEntities(TIKHONOV)', (kg) => kg.findEntities('TIKHONOV')],
  ['actionsAgainst(kaspersky)', (kg) => kg.actionsAgainst(`${ID}kaspersky`)],
  ['actionsBy(commerce)', (kg) => kg.actionsBy(`${ID}us-department-of-commerce`)],
  ['actionsBy(treasury)', (kg) => kg.actionsBy(`${ID}us-department-of-the-treasury`)],
  ['timeline()', (kg) => kg.timeline()],
  ['timeline(2024-06..2024-07)', (kg) => kg.timeline({ from: '2024-06', to: '2024-07' })],
  ['sanctionedPeople()', (kg) => kg.sanctionedPeople()],
  ['customerImpacts()', (kg) => kg.customerImpacts()],
  ['regions()', (kg) => kg.regions()],
  ['claimsAbout(ban)', (kg) => kg.claimsAbout(`${ID}event/commerce-prohibition-2024`)],
  ['claims(article)', (kg) => kg.claims(`${ID}source/article`)],
  ['sourcesOf(ban actor commerce)', (kg) => kg.sourcesOf(`${ID}event/commerce-prohibition-2024`, 'https://w3id.org/kaspersky-kg/ontology#actor', `${ID}us-department-of-commerce`)],
  ['contestedClaims()', (kg) => kg.contestedClaims()],
  ['claimsAbout(kaspersky)', (kg) => kg.claimsAbout(`${ID}kaspersky`)],
  ['claims()', (kg) => kg.claims()],
  ['denials()', (kg) => kg.denials()],
  ['designationStatus(eugene-kaspersky)', (kg) => kg.designationStatus(`${ID}person/eugene-kaspersky`)],
  ['actionsAgainst(ao-kaspersky-lab)', (kg) => kg.actionsAgainst(`${ID}ao-kaspersky-lab`)],
  ['timeline(2024-09..2024-09)', (kg) => kg.timeline({ from: '2024-09-01', to: '2024-09-30' })],
  ['externalIds(united-states)', (kg) => kg.externalIds(`${ID}united-states`)],
];

describe('remote parity: every helper gives the same answer on a real Virtuoso, queried without default-graph-uri, as embedded', function () {
  this.timeout(300_000);
  let server: VirtuosoHandle;
  let remote: KasperskyGraph;
  let local: KasperskyGraph;

  before(async () => {
    server = await startVirtuoso();
    const dir = mkdtempSync(join(tmpdir(), 'kkg-parity-'));
    const file = join(dir, 'kaspersky-kg.nq');
    writeFileSync(file, datasetNQuads().text);
    // Virtuoso needs a graph for the default-graph quads; it is never named when querying: one graph suffices.
    await loadNQuads(server, file, FACTS_GRAPH);
    remote = await openGraph({ endpoint: server.endpoint, timeoutMs: 60_000 });
    local = new KasperskyGraph(await embeddedTarget());
  });
  after(async () => {
    await server?.stop();
  });

  for (const [name, call] of CALLS) {
    it(name, async () => {
      const [a, b] = await Promise.all([call(local), call(remote)]);
      assert.deepEqual(b, a);
    });
  }

  it('every competency question gives the same canonical answer', async () => {
    for (const q of competencyQuestions()) {
      assert.deepEqual(await canonicalAnswer(remote.target, q.query), await canonicalAnswer(local.target, q.query), q.name);
    }
  });

  it('a server killed mid-run gives a clear error, not a hang', async () => {
    await server.kill();
    await assert.rejects(remote.timeline(), (e: Error) => /unreachable|ECONNREFUSED|fetch failed|socket/i.test(e.message) && e.message.includes(server.endpoint));
  });
});
