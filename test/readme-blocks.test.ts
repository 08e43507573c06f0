/**
 * Every fenced code block of README.md is run by a test: this file runs it as written, or maps it to the test
 * that runs it (a server, an install, the suite itself). A block that is neither fails here, and so does a
 * mapping whose test no longer does what it is mapped for.
 *
 * Shell blocks count line by line (each command is run or mapped); other blocks count whole. Everything runs
 * in one scratch folder, in README order, with no network (`unshare -rn`), where `npx kaspersky-kg` is the
 * built CLI and `import 'jsonld'` is the package's jsonld.js, as in a project that installed both. Answers
 * are checked against the data as the package reads it (the N-Quads export, the package's own helpers), not
 * against copied output.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser } from 'n3';
import { openGraph } from '../src/index.js';
import { packageRoot } from '../src/data/paths.js';
import { CAN_ISOLATE_NETWORK, CLI } from './support/hostile.js';
import { PYTHON, removeDir, tempDir } from './fixtures/export-support.js';

/** One fenced block (or, for shell blocks, one command line of it). */
interface Unit {
  readonly lang: string;
  readonly text: string;
  /** 1-based line in README.md. */
  readonly line: number;
}

/** The fenced blocks of a Markdown text (indented fences too), shell blocks split into their command lines. */
export function readmeUnits(markdown: string): Unit[] {
  const lines = markdown.split('\n');
  const units: Unit[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^( *)```(\w*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const indent = open[1]!.length;
    const lang = open[2]!;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !new RegExp(`^ {${indent}}\`\`\`\\s*$`).test(lines[j]!); j++) body.push(lines[j]!.slice(indent));
    assert.ok(j < lines.length, `README.md:${i + 1}: unclosed code block`);
    if (lang === 'sh') {
      body.forEach((l, k) => {
        if (l.trim() !== '' && !l.trim().startsWith('#')) units.push({ lang, text: l.trim(), line: i + 2 + k });
      });
    } else units.push({ lang, text: body.join('\n'), line: i + 2 });
    i = j;
  }
  return units;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** What a rule does with the units it matches: run them, or name the test that runs them. */
interface Rule {
  readonly name: string;
  readonly match: (u: Unit) => boolean;
  /** Runs the unit in the scratch folder and checks its answer. */
  readonly run?: (u: Unit, work: string) => void | Promise<void>;
  /** The test file that runs this, and what in it shows that it does. */
  readonly covered?: { readonly file: string; readonly marker: string | RegExp; readonly why: string };
}

function offline(cmd: string, args: readonly string[], cwd: string, env: Record<string, string> = {}): Run {
  const [c, a] = CAN_ISOLATE_NETWORK ? ['unshare', ['-rn', cmd, ...args]] : [cmd, [...args]];
  const r = spawnSync(c, a, { cwd, encoding: 'utf8', maxBuffer: 1 << 28, timeout: 600_000, env: { ...process.env, NO_COLOR: '1', PATH: `${join(cwd, 'node_modules', '.bin')}:${process.env.PATH ?? ''}`, ...env } });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}
const shell = (u: Unit, work: string): Run => {
  const r = offline('bash', ['-c', u.text], work);
  assert.equal(r.code, 0, `README.md:${u.line}: \`${u.text}\` exited ${r.code}:\n${r.stderr.slice(-2000)}`);
  return r;
};
const nquadLines = (work: string): number => readFileSync(join(work, 'out', 'kaspersky-kg.nq'), 'utf8').trimEnd().split('\n').length;
const quadsLine = (u: Unit, out: string, work: string): void => {
  const m = /^(\d+) quads$/m.exec(out);
  assert.ok(m, `README.md:${u.line}: no "N quads" line in:\n${out.slice(0, 500)}`);
  assert.equal(Number(m[1]), nquadLines(work), `README.md:${u.line}: quads read vs lines of out/kaspersky-kg.nq`);
};

const KG = 'https://w3id.org/kaspersky-kg/ontology#';

const RULES: readonly Rule[] = [
  // ------------------------------------------------------------------ mapped: servers, installs, the suite
  { name: 'npm install && npm start', match: (u) => u.text.startsWith('npm install && npm start'), covered: { file: 'test/pack-install.test.ts', marker: "'briefing'", why: 'installs the packed package and runs kaspersky-kg briefing (what npm start runs)' } },
  { name: 'npm test', match: (u) => /^npm test\b/.test(u.text), covered: { file: 'test/reporter.test.ts', marker: 'passed', why: 'the suite itself; its reporter and final count line are tested there' } },
  { name: 'npm run build:release', match: (u) => u.text.startsWith('npm run build:release'), covered: { file: 'test/export-release.test.ts', marker: 'npm run build:release twice', why: 'builds the release twice and compares the folders' } },
  { name: 'Virtuoso', match: (u) => /^scripts\/virtuoso\.sh /.test(u.text) || /--endpoint http:\/\/127\.0\.0\.1:18890\//.test(u.text), covered: { file: 'test/support/virtuoso.ts', marker: "['load', handle.dir", why: 'starts, loads and stops a private Virtuoso with scripts/virtuoso.sh for remote-client and remote-parity, which ask every competency question' } },
  { name: 'query --endpoint', match: (u) => /kaspersky-kg query .* --endpoint /.test(u.text), covered: { file: 'test/remote-parity.test.ts', marker: 'every competency question gives the same canonical answer', why: 'the competency questions (queries/*.rq) over remote endpoints' } },
  { name: 'link --against', match: (u) => /kaspersky-kg link --against /.test(u.text), covered: { file: 'test/link-linker.test.ts', marker: "'link', '--against'", why: 'runs the link command on FtM dumps' } },
  { name: 'site && serve', match: (u) => /kaspersky-kg site --out .*&& npx kaspersky-kg serve/.test(u.text), covered: { file: 'test/serve-cli.test.ts', marker: 'starts on loopback, answers queries', why: 'site and serve (also in test/pack-install.test.ts)' } },
  { name: 'TypeScript example', match: (u) => u.lang === 'ts', covered: { file: 'test/pack-install.test.ts', marker: "runs the README's TypeScript example", why: 'runs every ts block importing kaspersky-kg in a production install' } },

  // ------------------------------------------------------------------ run here
  {
    name: 'Jena riot',
    match: (u) => u.text.startsWith('bash test/clients/jena.sh riot '),
    run: (u, work) => {
      const r = shell(u, work);
      const m = /Triples = ([\d,]+) : Quads = ([\d,]+)/.exec(r.stdout + r.stderr);
      assert.ok(m, `README.md:${u.line}: no count in ${r.stdout}`);
      assert.equal(Number(m[1]!.replace(/,/g, '')) + Number(m[2]!.replace(/,/g, '')), nquadLines(work), 'triples + quads read by Jena vs the N-Quads');
    },
  },
  {
    name: 'Jena shacl',
    match: (u) => u.text.startsWith('bash test/clients/jena.sh shacl validate '),
    run: (u, work) => {
      const r = shell(u, work);
      assert.match(r.stdout, /sh:conforms\s+true/);
      assert.doesNotMatch(r.stdout, /sh:ValidationResult/);
    },
  },
  {
    name: 'kaspersky-kg commands',
    match: (u) => u.text.startsWith('npx kaspersky-kg '),
    run: (u, work) => {
      const r = shell(u, work);
      const args = u.text.replace(/\s+#.*$/, '').split(/\s+/);
      const cmd = args[2];
      if (cmd === 'export') {
        const out = join(work, args[args.indexOf('--out') + 1]!);
        const format = args[args.indexOf('--format') + 1];
        const expect = format === 'ftm' ? ['entities.ftm.json'] : format === 'jsonld' ? ['kaspersky-kg.jsonld'] : ['kaspersky-kg.nq', 'kaspersky-kg.jsonld', 'kaspersky-kg.shapes.ttl', 'void.ttl'];
        for (const f of expect) assert.ok(existsSync(join(out, f)), `README.md:${u.line}: ${f} written`);
      } else if (cmd === 'query') {
        const rows = r.stdout.trimEnd().split(/\r?\n/);
        assert.equal(rows[0], 'p,name');
        assert.ok(rows.length > 12, 'every person with a label (the twelve designated among them)');
      } else if (cmd === 'ask') {
        assert.ok(r.stdout.trim().length > 0, 'an answer');
        if (args.includes('--list')) assert.ok(r.stdout.trim().split('\n').length >= 30, 'the competency questions');
      } else if (cmd === 'validate') assert.match(r.stdout + r.stderr, /valid/);
      else assert.ok(r.stdout.trim().length > 0, `README.md:${u.line}: prints something`);
    },
  },
  {
    name: 'Python recipes',
    match: (u) => u.lang === 'python',
    run: async (u, work) => {
      const r = offline(PYTHON, ['-c', u.text], work);
      assert.equal(r.code, 0, `README.md:${u.line}: python exited ${r.code}:\n${r.stderr.slice(-2000)}`);
      quadsLine(u, r.stdout, work);
      if (u.text.includes('g.query(')) {
        // The people OFAC designated, as the package's own helper (Oxigraph over the package graph) lists them.
        const kg = await openGraph();
        const people = (await kg.sanctionedPeople()).map((p) => p.name);
        const names = r.stdout.trimEnd().split('\n').slice(1);
        assert.equal(names.length, 12, 'twelve designated executives (OFAC, 21 June 2024)');
        assert.deepEqual([...new Set(names)].sort(), [...new Set(people)].sort());
        // The same recipe on the TriG file, as its comment says.
        const trig = offline(PYTHON, ['-c', u.text.replace('g.parse("out/kaspersky-kg.jsonld", format="json-ld")', 'g.parse("out/kaspersky-kg.trig", format="trig")')], work);
        assert.equal(trig.code, 0, trig.stderr);
        assert.deepEqual(trig.stdout.trimEnd().split('\n').slice(1), names);
      }
    },
  },
  {
    name: 'jsonld.js recipe',
    match: (u) => u.lang === 'js',
    run: (u, work) => {
      writeFileSync(join(work, 'load.mjs'), u.text);
      const r = offline(process.execPath, ['load.mjs'], work);
      assert.equal(r.code, 0, `README.md:${u.line}: node load.mjs exited ${r.code}:\n${r.stderr.slice(-2000)}`);
      quadsLine(u, r.stdout, work);
    },
  },
  {
    name: 'data-model diagram',
    match: (u) => u.lang === 'mermaid',
    run: (u) => {
      // Every kg: term the diagram names is a term of the ontology.
      const defined = new Set(new Parser().parse(readFileSync(join(packageRoot, 'ontology', 'kaspersky-kg.ttl'), 'utf8')).map((q) => q.subject.value));
      const terms = [...new Set([...u.text.matchAll(/\bkg:([A-Za-z]+)/g)].map((m) => m[1]!))];
      assert.ok(terms.length >= 8, `the diagram names kg: terms (${terms.join(', ')})`);
      for (const t of terms) assert.ok(defined.has(`${KG}${t}`), `README.md:${u.line}: kg:${t} is not in the ontology`);
    },
  },
  {
    name: 'provenance query',
    match: (u) => u.lang === 'sparql',
    run: (u, work) => {
      // The README's own example triple (kg.sourcesOf in the TypeScript example): who says Commerce acted.
      const text = u.text
        .replace('<s>', '<https://w3id.org/kaspersky-kg/id/event/commerce-prohibition-2024>')
        .replace('<p>', `<${KG}actor>`)
        .replace('<o>', '<https://w3id.org/kaspersky-kg/id/us-department-of-commerce>');
      const r = offline(process.execPath, [CLI, 'query', text, '--format', 'json'], work);
      assert.equal(r.code, 0, `README.md:${u.line}: ${r.stderr}`);
      const rows = (JSON.parse(r.stdout) as { results: { bindings: Array<Record<string, { value: string }>> } }).results.bindings;
      assert.ok(rows.length > 0, 'a claim states that the Department of Commerce is the actor of the 2024 prohibition');
      for (const row of rows) {
        assert.equal(row.stance?.value, `${KG}states`);
        assert.ok(row.source?.value.startsWith('https://w3id.org/kaspersky-kg/id/source/'), JSON.stringify(row));
      }
    },
  },
];

const README = readFileSync(join(packageRoot, 'README.md'), 'utf8');
const UNITS = readmeUnits(README);

describe('README.md: every code block is run by a test', function () {
  this.timeout(900_000);
  let work: string;

  before(() => {
    assert.ok(existsSync(CLI), `the built CLI is missing (${CLI}): run npm run build`);
    // A project folder where `npx kaspersky-kg` is the built CLI and `jsonld` is installed.
    work = tempDir('kkg-readme-');
    mkdirSync(join(work, 'node_modules', '.bin'), { recursive: true });
    writeFileSync(join(work, 'package.json'), '{"name":"readme-run","private":true,"type":"module"}\n');
    symlinkSync(packageRoot, join(work, 'node_modules', 'kaspersky-kg'));
    symlinkSync(join(packageRoot, 'node_modules', 'jsonld'), join(work, 'node_modules', 'jsonld'));
    symlinkSync(CLI, join(work, 'node_modules', '.bin', 'kaspersky-kg'));
    // Scripts the README runs from a checkout.
    mkdirSync(join(work, 'test'), { recursive: true });
    symlinkSync(join(packageRoot, 'test', 'clients'), join(work, 'test', 'clients'));
    symlinkSync(join(packageRoot, 'queries'), join(work, 'queries'));
  });
  after(() => removeDir(work));

  it('finds the blocks: shell, TypeScript, Python, JavaScript, diagram, SPARQL', () => {
    assert.deepEqual([...new Set(UNITS.map((u) => u.lang))].sort(), ['js', 'mermaid', 'python', 'sh', 'sparql', 'ts']);
    assert.ok(UNITS.length >= 25, `${UNITS.length} units`);
  });

  it('a block no rule runs or maps is caught (a block in another language, a new command)', () => {
    const units = readmeUnits('text\n```ruby\nputs 1\n```\n\n```sh\nnpx kaspersky-kg frobnicate\ncurl https://example.org/\n```\n');
    assert.deepEqual(units.map((u) => [u.lang, u.line]), [['ruby', 3], ['sh', 7], ['sh', 8]]);
    assert.deepEqual(units.map((u) => RULES.find((r) => r.match(u))?.name), [undefined, 'kaspersky-kg commands', undefined]);
  });

  it('every mapped block names a test that still does what it is mapped for', () => {
    for (const rule of RULES) {
      if (!rule.covered) continue;
      const path = join(packageRoot, rule.covered.file);
      assert.ok(existsSync(path), `${rule.name}: ${rule.covered.file} is missing`);
      const text = readFileSync(path, 'utf8');
      const ok = typeof rule.covered.marker === 'string' ? text.includes(rule.covered.marker) : rule.covered.marker.test(text);
      assert.ok(ok, `${rule.name}: ${rule.covered.file} no longer holds ${String(rule.covered.marker)} (${rule.covered.why})`);
    }
  });

  for (const u of UNITS) {
    const rule = RULES.find((r) => r.match(u));
    const title = `README.md:${u.line} (${u.lang}) ${u.text.split('\n')[0]!.slice(0, 80)}`;
    if (!rule) {
      it(title, () => assert.fail(`README.md:${u.line}: this ${u.lang} block is neither run by a test nor mapped to one: add a rule in test/readme-blocks.test.ts`));
    } else if (rule.run) {
      it(`${title}: runs`, () => rule.run!(u, work));
    } else {
      it(`${title}: run by ${rule.covered!.file}`, () => {
        assert.ok(existsSync(join(packageRoot, rule.covered!.file)));
      });
    }
  }
});
