/**
 * A production install, as a library user gets it: `npm pack`, the tarball installed into an empty folder
 * with `--omit=dev` (offline from the npm cache when it can), then every CLI command run from that folder
 * and every name the README imports from 'kaspersky-kg' imported there, and the README's TypeScript
 * example run as written. Nothing of the repository (its node_modules, its sources) is reachable from there.
 *
 * The tarball is packed from `dist/` as `npm test` builds it (scripts/test.sh); when a source file is newer
 * than `dist/src/index.js`, the test builds first.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], cwd: string, timeout = 120_000, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, timeout, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** The newest modification time of the files under `dir` with one of `exts`. */
function newest(dir: string, exts: readonly string[]): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p, exts));
    else if (exts.some((x) => e.name.endsWith(x))) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

/** The names README's TypeScript/JavaScript code blocks import from 'kaspersky-kg'. */
function readmeImports(readme: string): string[] {
  const names = new Set<string>();
  for (const block of readme.matchAll(/```(?:ts|typescript|js|javascript|mjs)\n([\s\S]*?)```/g)) {
    for (const m of block[1]!.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*['"]kaspersky-kg['"]/g)) {
      for (const part of m[1]!.split(',')) {
        const name = part.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0]!.trim();
        if (name && !/^type\s/.test(part.trim())) names.add(name);
      }
    }
  }
  return [...names];
}

/**
 * The library names the README and issue 11 document beside the code blocks: the exporters, validation,
 * and the remote error type (the importers the README names, `fromJsonLd`, `fromTurtle`, `fromNQuads`, …,
 * are checked by the last test).
 */
const DOCUMENTED = [
  'openGraph', 'id', 'KasperskyGraph', 'QueryError', 'RemoteQueryError', 'RemoteTarget', 'validateData',
  'toJsonLd', 'toExpandedJsonLd', 'toEntityDocuments', 'toJsonLines', 'toTurtle', 'toTriG', 'toNTriples', 'toNQuads', 'toRdfXml', 'toCsv', 'toVoid',
  'canonicalHash', 'renderExport', 'CONTEXT_IRI', 'helpers', 'kg',
];

describe('production install: npm pack, npm install --omit=dev into an empty folder, every command and import', function () {
  this.timeout(300_000);
  let work: string;
  let app: string;
  let bin: string;

  before(async function () {
    this.timeout(600_000);
    const built = join(ROOT, 'dist/src/index.js');
    if (!existsSync(built) || newest(join(ROOT, 'src'), ['.ts']) > statSync(built).mtimeMs) {
      const b = await run('npm', ['run', '--silent', 'build'], ROOT, 600_000);
      assert.equal(b.code, 0, `npm run build failed:\n${b.stderr || b.stdout}`);
    }
    work = mkdtempSync(join(tmpdir(), 'kkg-pack-'));
    const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], ROOT);
    assert.equal(packed.code, 0, packed.stderr);
    const tarball = join(work, (JSON.parse(packed.stdout) as { filename: string }[])[0]!.filename);
    app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'kkg-user', version: '1.0.0', private: true, type: 'module' }));
    const args = ['install', '--omit=dev', '--no-audit', '--no-fund', '--no-package-lock', tarball];
    // Offline from the npm cache when it holds everything; else the registry fills the gaps.
    let inst = await run('npm', [...args, '--offline'], app, 180_000);
    if (inst.code !== 0 && /ENOTCACHED|only-if-cached/.test(inst.stderr)) inst = await run('npm', [...args, '--prefer-offline'], app, 180_000);
    assert.equal(inst.code, 0, `npm install --omit=dev failed:\n${inst.stderr}`);
    bin = join(app, 'node_modules/.bin/kaspersky-kg');
  });
  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('installs none of the development tools (test runner, compiler, test-only libraries)', () => {
    // (A devDependency that a dependency also needs, such as @types/node, may be installed for that dependency.)
    for (const dev of ['mocha', 'tsx', 'typescript', 'fast-check', 'playwright-core', 'rdflib', 'rdf-isomorphic', 'expect-type']) {
      assert.equal(existsSync(join(app, 'node_modules', dev)), false, `${dev} (a devDependency) was installed`);
    }
    assert.ok(existsSync(join(app, 'node_modules/rdf-validate-shacl')), 'rdf-validate-shacl (validate needs it) is a dependency');
  });

  it('validate: checks the packaged data with SHACL and the hygiene queries', async () => {
    const r = await run(bin, ['validate'], app);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^valid:/m);
  });

  it('briefing, query, ask and link --help', async () => {
    const briefing = await run(bin, ['briefing'], app);
    assert.equal(briefing.code, 0, briefing.stderr);
    assert.match(briefing.stdout, /Kaspersky/);
    const query = await run(bin, ['query', 'ASK { ?s a kg:SanctionDesignation }'], app);
    assert.equal(query.code, 0, query.stderr);
    assert.equal(query.stdout.trim(), 'true');
    const list = await run(bin, ['ask', '--list'], app);
    assert.equal(list.code, 0, list.stderr);
    const first = list.stdout.split('\n')[0]!.split('\t')[0]!;
    const ask = await run(bin, ['ask', first, '--format', 'json'], app);
    assert.equal(ask.code, 0, ask.stderr);
    assert.ok(JSON.parse(ask.stdout), 'SPARQL JSON results');
    const link = await run(bin, ['link', '--help'], app);
    assert.equal(link.code, 0, link.stderr);
    assert.match(link.stdout, /Usage: kaspersky-kg link/);
    // a real run, from the bundle the package ships (dist/link/), finds a designated executive
    const dump = join(work, 'one.ftm.json');
    writeFileSync(dump, `${JSON.stringify({ id: 'x-1', schema: 'Person', properties: { name: ['TIKHONOV, Andrei Gennadyevich'], nationality: ['ru'] } })}\n`);
    const linked = await run(bin, ['link', '--against', dump, '--out', join(work, 'one.jsonl')], app);
    assert.equal(linked.code, 0, linked.stderr);
    assert.ok(existsSync(join(app, 'node_modules/kaspersky-kg/dist/link/cli.js')), 'the link bundle is in the package');
    const matches = readFileSync(join(work, 'one.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { query: { properties: { name?: string[] } }; results: { id: string; match: boolean }[] });
    assert.ok(matches.some((m) => m.query.properties.name?.includes('Andrei Gennadyevich Tikhonov') && m.results.some((r) => r.id === 'x-1' && r.match)));
  });

  it('export --format all and site --out write into a temporary folder', async () => {
    const out = join(work, 'export');
    const [exp, site] = await Promise.all([run(bin, ['export', '--format', 'all', '--out', out], app), run(bin, ['site', '--out', join(work, 'site')], app)]);
    assert.equal(exp.code, 0, exp.stderr);
    for (const f of ['kaspersky-kg.jsonld', 'kaspersky-kg.nq', 'kaspersky-kg.ttl', 'statements.csv', 'void.ttl']) assert.ok(existsSync(join(out, f)), f);
    assert.equal(site.code, 0, site.stderr);
    assert.ok(existsSync(join(work, 'site/index.html')));
  });

  it('serve: starts, answers a query, stops on SIGTERM', async () => {
    const child = spawn(bin, ['serve', '--port', '0', '--no-site', '--workers', '1'], { cwd: app, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    try {
      const endpoint = await new Promise<string>((resolve, reject) => {
        child.stderr.on('data', (c: Buffer) => {
          err += c.toString();
          const m = /SPARQL endpoint: (\S+)/.exec(err);
          if (m) resolve(m[1]!);
        });
        child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${err}`)));
      });
      const r = await fetch(`${endpoint}?query=${encodeURIComponent('ASK { ?s ?p ?o }')}`, { headers: { accept: 'application/sparql-results+json' } });
      assert.deepEqual(await r.json(), { head: {}, boolean: true });
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
      assert.match(err, /stopped\./);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });

  it("imports every name the README shows from 'kaspersky-kg', and runs the README's TypeScript example", async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const names = [...new Set([...readmeImports(readme), ...DOCUMENTED])];
    assert.ok(readmeImports(readme).length > 0, 'the README imports something from kaspersky-kg');
    writeFileSync(
      join(app, 'names.mjs'),
      `import * as kkg from 'kaspersky-kg';\nconst missing = ${JSON.stringify(names)}.filter((n) => kkg[n] === undefined);\nconsole.log(JSON.stringify(missing));\n`,
    );
    const r = await run(process.execPath, ['names.mjs'], app);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), [], 'names the README shows that the package does not export');
    // The README's example, as written (it has no type annotations, so Node runs it as a module).
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((b) => /from 'kaspersky-kg'/.test(b));
    for (const [i, block] of blocks.entries()) {
      writeFileSync(join(app, `readme-${i}.mjs`), `${block}\nconsole.log('ran');\n`);
      const ex = await run(process.execPath, [`readme-${i}.mjs`], app);
      assert.equal(ex.code, 0, `README TypeScript block ${i + 1}:\n${ex.stderr}`);
      assert.match(ex.stdout, /ran/);
    }
  });

  it('imports the importers the README names (fromJsonLd, fromTurtle, fromNQuads, ...)', async () => {
    writeFileSync(join(app, 'importers.mjs'), `import * as kkg from 'kaspersky-kg';\nconsole.log(JSON.stringify(['fromJsonLd', 'fromTurtle', 'fromTriG', 'fromNTriples', 'fromNQuads', 'importFile'].filter((n) => typeof kkg[n] !== 'function')));\n`);
    const r = await run(process.execPath, ['importers.mjs'], app);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), []);
  });
});
