import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../src/data/paths.js';

const CLI = join(packageRoot, 'dist', 'src', 'cli', 'main.js');

/** Runs the built CLI (`npm run build` made it); resolves with exit code and output. */
function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { timeout: 120_000, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('command line (dist/src/cli/main.js)', function () {
  this.timeout(180_000);

  it('briefing prints parties, a dated timeline, the twelve sanctioned people, customer impacts and contradicted claims', async () => {
    const r = await cli(['briefing', '--width', '100']);
    assert.equal(r.code, 0, r.stderr);
    for (const heading of ['Parties', 'Timeline of actions', 'Sanctioned people (12)', 'What customers and resellers lose, and when', 'Article claims that other sources contradict or qualify']) {
      assert.ok(r.stdout.includes(heading), `missing section ${heading}`);
    }
    assert.match(r.stdout, /2024-09-29 +Ban on anti-virus signature and codebase updates/);
    assert.match(r.stdout, /Andrei Gennadyevich Tikhonov — Chief Operating Officer/);
    // C21 (the sanctions bar US customers from transacting with Kaspersky) is contradicted by E12b
    assert.match(r.stdout, /C21: the article says[^]*?Contradicted by [^]*?\(E12b: /);
  });

  it('query prints SPARQL 1.1 JSON results and CSV', async () => {
    const q = 'SELECT ?p WHERE { ?d a kg:SanctionDesignation ; kg:target ?p . ?p a kg:Person } ORDER BY STR(?p)';
    const json = await cli(['query', q, '--format', 'json']);
    assert.equal(json.code, 0, json.stderr);
    const parsed = JSON.parse(json.stdout) as { head: { vars: string[] }; results: { bindings: { p: { type: string } }[] } };
    assert.deepEqual(parsed.head.vars, ['p']);
    assert.equal(parsed.results.bindings.length, 12);
    assert.equal(parsed.results.bindings[0]!.p.type, 'uri');
    const csv = await cli(['query', q, '--format', 'csv']);
    assert.equal(csv.stdout.split('\r\n')[0], 'p');
    assert.equal(csv.stdout.trimEnd().split('\r\n').length, 13);
  });

  it('query reads .rq files and answers ASK', async () => {
    const r = await cli(['query', join(packageRoot, 'queries', 'cq08-eugene-kaspersky-designated.rq')]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'false');
  });

  it('ask runs a named competency question and lists them', async () => {
    const r = await cli(['ask', 'cq07', '--format', 'tsv']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^\?people\n"12"\^\^<http:\/\/www\.w3\.org\/2001\/XMLSchema#integer>\n$/);
    const list = await cli(['ask', '--list']);
    assert.ok(list.stdout.trim().split('\n').length >= 30);
  });

  it('query --help documents its limits, stdin and exit codes', async () => {
    const r = await cli(['query', '--help']);
    assert.equal(r.code, 0);
    for (const flag of ['--timeout MS', '--max-result-bytes N', '--memory-limit MB', 'Exit codes: 0 answered, 1 the query failed or was stopped, 2 usage error']) {
      assert.ok(r.stdout.includes(flag), `query --help lacks ${flag}`);
    }
    assert.match(r.stdout, /`-` reads it from stdin/);
  });

  it('query reads the query from stdin with -', async () => {
    const r = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const child = execFile(process.execPath, [CLI, 'query', '-', '--format', 'csv'], { timeout: 120_000 }, (error, stdout, stderr) => {
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      });
      child.stdin!.end('SELECT (COUNT(DISTINCT ?p) AS ?people) WHERE { ?d a kg:SanctionDesignation ; kg:target ?p . ?p a kg:Person }');
    });
    assert.equal(r.code, 0, r.stderr);
    // the twelve Kaspersky executives OFAC designated, through stdin
    assert.equal(r.stdout.trim().split('\r\n')[1], '12');
  });

  it('every command has --help', async () => {
    for (const cmd of ['briefing', 'query', 'ask', 'validate']) {
      const r = await cli([cmd, '--help']);
      assert.equal(r.code, 0);
      assert.match(r.stdout, /^Usage: kaspersky-kg /);
    }
  });

  it('reports a malformed query, an unknown question and an unknown command clearly', async () => {
    const bad = await cli(['query', 'SELECT ?x WHERE { ?x ']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^kaspersky-kg: SPARQL query failed: /);
    const unknown = await cli(['ask', 'no-such-question']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no competency question "no-such-question"/);
    const cmd = await cli(['frobnicate']);
    assert.equal(cmd.code, 2);
    assert.match(cmd.stderr, /unknown command "frobnicate"/);
  });
});
