import { strict as assert } from 'node:assert';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openGraph, KasperskyGraph } from '../src/graph.js';
import { embeddedTarget } from '../src/graph.js';
import { datasetNQuads } from '../src/data/dataset.js';
import { competencyQuestions } from '../src/data/competency.js';
import { canonicalAnswer } from '../src/cli/expected.js';
import { FACTS_GRAPH } from '../src/namespaces.js';
import { startVirtuoso, loadNQuads, type VirtuosoHandle } from './support/virtuoso.js';
import { startRdfEndpoint } from './support/rdf-endpoint.js';
import { startComunica, comunicaVersion } from './support/comunica.js';

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

/** A running server for the parity suite. */
interface ParityServer {
  readonly endpoint: string;
  stop(): Promise<void>;
  kill(): Promise<void>;
  /** Waits until the server answers again after a query crashed part of it (servers that restart themselves). */
  ready?(): Promise<void>;
}

/** What the parity suite runs on a server, and the server's known bugs. */
interface ParityPlan {
  /** Run every helper (false: the server is too slow for them; say why in `why`). */
  helpers: boolean;
  /** Competency questions the server answers wrongly, by name, with a test that the bug is still there. */
  quirks?: Record<string, { why: string; check: (remote: Awaited<ReturnType<typeof canonicalAnswer>>, local: Awaited<ReturnType<typeof canonicalAnswer>>, graphs: { remote: KasperskyGraph; local: KasperskyGraph }) => void | Promise<void> }>;
  /**
   * Helpers (by their name in CALLS) the server answers wrongly, with a test that the bug is still there; the
   * server's `ready()` is awaited after each.
   */
  helperQuirks?: Record<string, { why: string; check: (remote: KasperskyGraph, local: KasperskyGraph, server: ParityServer) => Promise<void> }>;
}

/**
 * The parity suite on one server: every helper and every competency question gives the same answer as the
 * embedded store, with the data loaded so that it is the server's default graph and no `default-graph-uri`
 * is sent.
 */
function paritySuite(title: string, start: (nquads: string) => Promise<ParityServer>, plan: ParityPlan = { helpers: true }): void {
  describe(`remote parity on ${title}: ${plan.helpers ? 'every helper and' : 'every'} competency question answers as embedded (no default-graph-uri)`, function () {
    this.timeout(300_000);
    let server: ParityServer;
    let remote: KasperskyGraph;
    let local: KasperskyGraph;

    before(async () => {
      server = await start(datasetNQuads().text);
      remote = await openGraph({ endpoint: server.endpoint, timeoutMs: 120_000 });
      local = new KasperskyGraph(await embeddedTarget());
    });
    after(async () => {
      await server?.stop();
    });

    const helperQuirks = plan.helperQuirks ?? {};
    if (plan.helpers) {
      for (const name of Object.keys(helperQuirks)) assert.ok(CALLS.some(([n]) => n === name), `no helper call ${name}`);
      for (const [name, call] of CALLS) {
        if (helperQuirks[name]) continue;
        it(name, async () => {
          const [a, b] = await Promise.all([call(local), call(remote)]);
          assert.deepEqual(b, a);
        });
      }
      for (const [name, quirk] of Object.entries(helperQuirks)) {
        it(`server bug, still present: ${name}: ${quirk.why}`, async () => {
          try {
            await quirk.check(remote, local, server);
          } finally {
            await server.ready?.();
          }
        });
      }
    }

    const quirks = plan.quirks ?? {};
    it(`every competency question gives the same canonical answer${Object.keys(quirks).length ? ` (except the server bugs tested below: ${Object.keys(quirks).join(', ')})` : ''}`, async () => {
      const questions = competencyQuestions();
      for (const name of Object.keys(quirks)) assert.ok(questions.some((q) => q.name === name), `no competency question ${name}`);
      for (const q of questions) {
        if (quirks[q.name]) continue;
        assert.deepEqual(await canonicalAnswer(remote.target, q.query), await canonicalAnswer(local.target, q.query), q.name);
      }
    });

    for (const [name, quirk] of Object.entries(quirks)) {
      it(`server bug, still present: ${name}: ${quirk.why}`, async () => {
        const q = competencyQuestions().find((c) => c.name === name)!;
        await quirk.check(await canonicalAnswer(remote.target, q.query), await canonicalAnswer(local.target, q.query), { remote, local });
      });
    }

    it('a server killed mid-run gives a clear error, not a hang', async () => {
      await server.kill();
      await assert.rejects(remote.timeline(), (e: Error) => /unreachable|ECONNREFUSED|fetch failed|socket/i.test(e.message) && e.message.includes(server.endpoint));
    });
  });
}

paritySuite('a real Virtuoso 7', async (nquads) => {
  const handle: VirtuosoHandle = await startVirtuoso();
  try {
    const dir = mkdtempSync(join(tmpdir(), 'kkg-parity-'));
    const file = join(dir, 'kaspersky-kg.nq');
    writeFileSync(file, nquads);
    // Virtuoso needs a graph for the default-graph quads; it is never named when querying: its default
    // graph is the union of its graphs.
    await loadNQuads(handle, file, FACTS_GRAPH);
  } catch (error) {
    await handle.stop();
    throw error;
  }
  return handle;
});

// RDF::Endpoint answers SELECT/ASK in SPARQL XML (its JSON, offered only as application/json, drops
// datatypes and language tags; its XML encodes non-ASCII twice, which the client repairs for that server)
// and loads the N-Quads' default graph as its default graph. Its engine (RDF::Query 2.918) is too slow for
// the helpers' queries (entity() takes ~25 s, timeline() and actionsBy() minutes), so only the competency
// questions run there.
paritySuite('RDF::Endpoint 0.11 (Perl, Debian librdf-endpoint-perl)', (nquads) => startRdfEndpoint(nquads), {
  helpers: false,
  quirks: {
    'cq29-resellers-sentence': {
      why: 'RDF::Query 2.918 evaluates the sequence path kg:evidence/kg:sentence without the bound subject and returns sentences of other claims',
      check: (remote, local) => {
        assert.notDeepEqual(remote, local);
        const rows = (x: typeof local) => ('rows' in x ? (x.rows as unknown[]) : []);
        assert.ok(rows(remote).length > rows(local).length, 'more rows than the embedded store');
        for (const row of rows(local)) assert.ok(rows(remote).some((r) => JSON.stringify(r) === JSON.stringify(row)), 'the right row is among them');
      },
    },
  },
});

// Comunica's SPARQL endpoint (npm @comunica/query-sparql-file 4.5, bin comunica-sparql-file-http; 5.x
// needs Node >= 22: its undici crashes on Node 20) loads the N-Quads' default graph as its default graph and
// answers each helper within a few seconds, so helpers and competency questions both run there. Its bugs,
// each tested below: a FILTER EXISTS inside an OPTIONAL crashes its worker after a 200 and part of the JSON
// (regions() has one; the client reports unparsable results and the server starts a new worker); ORDER BY
// with several keys is not stable (cq04, cq23, cq35); an alternative path with a sequence branch inside
// GRAPH <iri> answers nothing (cq28).
/**
 * Comunica 4.5's ORDER BY bug: it sorts by each key from the last to the first, but its sort is not stable
 * (binary insertion at any equal position), so ties of the first key lose the order of the others. The
 * server's rows are the embedded rows in another order, still ordered by the first key.
 */
function unstableSort(firstKey: string, what: string): NonNullable<ParityPlan['quirks']>[string] {
  return {
    why: `Comunica 4.5 does not sort stably by the later ORDER BY keys, so ties of ${what}`,
    check: (remote, local) => {
      const rows = (x: typeof local) => ('rows' in x ? x.rows : []);
      const key = (r: Record<string, string>) => JSON.stringify(r);
      assert.notDeepEqual(remote, local);
      assert.deepEqual(rows(remote).map(key).sort(), rows(local).map(key).sort(), 'the same rows');
      const first = rows(remote).map((r) => r[firstKey] ?? '');
      assert.deepEqual(first, [...first].sort(), `ordered by ${firstKey}`);
    },
  };
}
const COUNTRY_LABELS = `PREFIX kg: <https://w3id.org/kaspersky-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?r ?l WHERE { ?r a kg:Country OPTIONAL { ?r rdfs:label ?l %EXISTS% } }`;
paritySuite(`Comunica ${comunicaVersion()} (npm @comunica/query-sparql-file, comunica-sparql-file-http)`, (nquads) => startComunica(nquads), {
  helpers: true,
  quirks: {
    'cq04-ban-restrictions': unstableSort('effective', 'STR(?effective) are not ordered by STR(?restriction)'),
    'cq23-qualified-claims': unstableSort('key', 'STR(?key) are not ordered by STR(?byKey)'),
    'cq35-contradicted-article-claims-in-words': unstableSort('key', 'STR(?key) are not ordered by STR(?byKey) STR(?source) STR(?words)'),
    'cq28-regions-wikidata': {
      why: 'Comunica 4.5 answers nothing for the alternative path rdfs:subClassOf|rdfs:subClassOf/rdfs:subClassOf inside GRAPH <…/ontology>, though rdfs:subClassOf alone there finds kg:Country and kg:Continent; only the direct kg:Region members are left',
      check: async (remote, local, graphs) => {
        const rows = (x: typeof local) => ('rows' in x ? x.rows : []);
        const key = (r: Record<string, string>) => JSON.stringify(r);
        assert.ok(rows(remote).length > 0 && rows(remote).length < rows(local).length, 'fewer rows than the embedded store');
        for (const row of rows(remote)) assert.ok(rows(local).map(key).includes(key(row)), 'every remote row is right');
        const subclasses = (path: string) => `PREFIX kg: <https://w3id.org/kaspersky-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?type WHERE { GRAPH <https://w3id.org/kaspersky-kg/graph/ontology> { ?type ${path} kg:Region } }`;
        const direct = await canonicalAnswer(graphs.remote.target, subclasses('rdfs:subClassOf'));
        assert.deepEqual(direct, await canonicalAnswer(graphs.local.target, subclasses('rdfs:subClassOf')));
        assert.ok(rows(direct).length > 0, 'the direct subclasses are found on the server');
        // An alternative path answers at least what its first branch answers (SPARQL 1.1 §9.3); not here.
        assert.deepEqual(rows(await canonicalAnswer(graphs.remote.target, subclasses('rdfs:subClassOf|rdfs:subClassOf/rdfs:subClassOf'))), []);
      },
    },
  },
  helperQuirks: {
    'regions()': {
      why: 'Comunica 4.5 crashes its worker on FILTER EXISTS inside OPTIONAL (TypeError in the join) after a 200 and a partial JSON body',
      async check(remote, local, server) {
        const crashed = (e: Error) => e.message.includes(server.endpoint) && /unparsable SPARQL results/.test(e.message);
        assert.ok((await local.regions()).length > 0, 'the embedded store has regions');
        await assert.rejects(remote.regions(), crashed);
        await server.ready!();
        // The bug in small: an EXISTS that is true for every row (?r is a kg:Country) inside the OPTIONAL
        // fails on the server; the same query without it answers as embedded.
        const plain = COUNTRY_LABELS.replace('%EXISTS%', '');
        const exists = COUNTRY_LABELS.replace('%EXISTS%', 'FILTER EXISTS { ?r a kg:Country }');
        const embedded = await canonicalAnswer(local.target, exists);
        assert.deepEqual(embedded, await canonicalAnswer(local.target, plain));
        assert.ok('rows' in embedded && embedded.rows.length > 0);
        await assert.rejects(canonicalAnswer(remote.target, exists), crashed);
        await server.ready!();
        assert.deepEqual(await canonicalAnswer(remote.target, plain), embedded);
      },
    },
  },
});
