/**
 * The linker's WebAssembly prefilter (assembly/prefilter.ts → src/generated/prefilter-wasm.ts): the
 * committed module is what the source compiles to; the block scanner numbers, cuts and hands on lines as
 * the JavaScript path does (records beyond one call's room, a stop, a block larger than its memory, a
 * block inside a larger buffer); and the linker finds, counts and reports the same with it as without it
 * (`KASPERSKY_KG_LINK_WASM=0`). Its verdict on single random lines is checked against the JavaScript
 * prefilter in test/link-prefilter.test.ts.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Prefilter, buildIndex } from '../src/link/blocking.js';
import { Linker, type LinkResult } from '../src/link/linker.js';
import { prepareQuery } from '../src/link/score.js';
import { WasmPrefilter } from '../src/link/wasm-prefilter.js';
import { compilePrefilterWasm, renderAssemblyCodes, renderPrefilterModule } from '../scripts/wasm-render.js';
import { packageRoot } from '../src/data/paths.js';
import type { FtmEntity } from '../src/ftm/entity.js';

const OURS: FtmEntity[] = [
  { id: 'kkg-t', schema: 'Person', properties: { name: ['Andrei Gennadyevich Tikhonov'], firstName: ['Andrei'], fatherName: ['Gennadyevich'], lastName: ['Tikhonov'] } },
  { id: 'kkg-ao', schema: 'Company', properties: { name: ['AO Kaspersky Lab'], jurisdiction: ['ru'] } },
];
const pf = new Prefilter(buildIndex(OURS.map((e) => prepareQuery(e)!)).patterns);
const plain = (i: number): string => JSON.stringify({ id: `x-${i}`, schema: 'Person', properties: { name: [`Person ${i} Smith`], topics: ['sanction'] }, datasets: ['d'], target: i % 2 === 0 });
const hit = (i: number): string => JSON.stringify({ id: `t-${i}`, schema: 'Person', properties: { name: [`Andrei ${i} Tikhonov`] } });

/** Runs the block scanner; returns its counts and the asked lines as [index, text]. */
function scanBlock(w: WasmPrefilter, buf: Buffer, start = 0, end = buf.length, stopAt?: number) {
  const asked: [number, string][] = [];
  const patterns: number[] = [];
  const c = w.scan(buf, start, end, (i, s, e, pattern) => {
    asked.push([i, buf.toString('utf8', s, e)]);
    if (pattern) patterns.push(i);
    return i === stopAt ? 'stop' : undefined;
  });
  return { ...c, asked, patterns };
}

describe('WebAssembly prefilter', () => {
  it('assembly/codes.ts holds the layout and the JavaScript prefilter\'s codes, and src/generated/prefilter-wasm.ts is what assembly/prefilter.ts compiles to (run `npm run generate`)', async function () {
    this.timeout(120_000);
    assert.equal(readFileSync(join(packageRoot, 'assembly/codes.ts'), 'utf8'), renderAssemblyCodes());
    assert.equal(readFileSync(join(packageRoot, 'src/generated/prefilter-wasm.ts'), 'utf8'), renderPrefilterModule(await compilePrefilterWasm()));
  });

  it('numbers the lines of a block, cuts a final \\r, reads a last line without newline, hands on what it does not skip', () => {
    const w = WasmPrefilter.for(pf)!;
    const text = [plain(0), hit(1), '', '   ', `${plain(2)}\r`, '{"id": "bad"', plain(3).replace('Smith', 'Sm\\u0069th'), hit(4)].join('\n'); // no final newline
    const r = scanBlock(w, Buffer.from(text));
    assert.deepEqual(
      { lines: r.lines, skipped: r.skipped, blank: r.blank, stopped: r.stopped },
      { lines: 8, skipped: 2, blank: 2, stopped: false },
    );
    assert.deepEqual(r.asked, [
      [1, hit(1)],
      [5, '{"id": "bad"'],
      [6, plain(3).replace('Smith', 'Sm\\u0069th')], // a backslash: the JavaScript prefilter decides
      [7, hit(4)],
    ]);
    assert.deepEqual(r.patterns, [1, 7], 'the lines with one of our patterns are marked so');
  });

  it('a block inside a larger buffer: places are the buffer\'s', () => {
    const w = WasmPrefilter.for(pf)!;
    const head = Buffer.from(`${hit(0)}\n`);
    const body = Buffer.from(`${plain(1)}\n${hit(2)}\n`);
    const buf = Buffer.concat([head, body, Buffer.from(hit(3))]);
    const r = scanBlock(w, buf, head.length, head.length + body.length);
    assert.deepEqual(r.asked, [[1, hit(2)]]);
    assert.equal(r.lines, 2);
  });

  it('more asked lines than one call has room for, a block larger than its memory, a stop', () => {
    const w = WasmPrefilter.for(pf)!;
    const rows = Array.from({ length: 30_000 }, (_, i) => (i % 3 === 0 ? plain(i) : hit(i))); // ~2 MiB, 20,000 asked
    const buf = Buffer.from(rows.join('\n') + '\n');
    assert.ok(buf.length > 1.5 * (1 << 20));
    const r = scanBlock(w, buf);
    assert.deepEqual({ lines: r.lines, skipped: r.skipped, asked: r.asked.length }, { lines: 30_000, skipped: 10_000, asked: 20_000 });
    assert.deepEqual(r.asked[19_999], [29_999, hit(29_999)]);
    // stopped at line 25,000 (index): the counts are those up to it
    const s = scanBlock(w, buf, 0, buf.length, 24_998);
    assert.equal(s.stopped, true);
    assert.equal(s.lines, 24_999);
    assert.equal(s.skipped, 8_333); // indices 0, 3, …, 24,996
    // the same scanner reads a small block again afterwards
    assert.deepEqual(scanBlock(w, Buffer.from(`${plain(1)}\n${hit(2)}`)).asked, [[1, hit(2)]]);
  });

  describe('the linker with and without it', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'kkg-wasm-'));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    /** Links `file` with the WebAssembly scanner (the default) and without it. */
    async function both(file: string, options: Parameters<Linker['link']>[1] = {}): Promise<[LinkResult, LinkResult]> {
      const run = async (flag: string | undefined) => {
        const saved = process.env.KASPERSKY_KG_LINK_WASM;
        if (flag === undefined) delete process.env.KASPERSKY_KG_LINK_WASM;
        else process.env.KASPERSKY_KG_LINK_WASM = flag;
        try {
          const seen: number[] = [];
          const r = await new Linker(OURS).link(file, { ...options, onMalformed: (m) => seen.push(m.line) });
          return { ...r, malformed: [...r.malformed, ...seen.map((line) => ({ line, message: 'told' }))] };
        } finally {
          if (saved === undefined) delete process.env.KASPERSKY_KG_LINK_WASM;
          else process.env.KASPERSKY_KG_LINK_WASM = saved;
        }
      };
      return [await run(undefined), await run('0')];
    }

    const same = (a: LinkResult, b: LinkResult): void => {
      const { elapsedMs: _a, firstLineAt: _b, threads: _e, ...sa } = a.stats;
      const { elapsedMs: _c, firstLineAt: _d, threads: _f, ...sb } = b.stats;
      assert.deepEqual(sa, sb);
      assert.deepEqual(a.matches, b.matches);
      assert.deepEqual(a.malformed, b.malformed);
      assert.equal(a.error?.message, b.error?.message);
    };

    // every kind of line: plain, ours, Cyrillic, beyond the fold table, escapes, blank, CRLF, malformed, a BOM on line 1
    const rows = (n: number): string[] => {
      const out = [`\ufeff${plain(0)}`];
      for (let i = 1; i < n; i++) {
        const k = i % 17;
        out.push(
          k === 0 ? hit(i)
          : k === 1 ? JSON.stringify({ id: `c-${i}`, schema: 'Person', properties: { name: ['Андрей Геннадьевич Тихонов'] } })
          : k === 2 ? JSON.stringify({ id: `c-${i}`, schema: 'Person', properties: { name: ['Иван Петров', 'محمد', '李'] } })
          : k === 3 ? plain(i).replace('Smith', 'Sm\\"ith')
          : k === 4 ? ''
          : k === 5 ? `${plain(i)}\r`
          : k === 6 ? `{"id": "b-${i}", "schema": "Person", "properties": {"name": [null]}}`
          : k === 7 ? 'not json'
          : k === 8 ? JSON.stringify({ id: `k-${i}`, schema: 'Company', properties: { name: [`Kaspersky ${i} Lab`], jurisdiction: ['ru'] } })
          : plain(i),
        );
      }
      return out;
    };

    it('the same matches, counts and malformed lines (one and two threads), and --strict stops at the same line', async function () {
      this.timeout(120_000);
      const f = join(dir, 'mixed.ftm.json');
      writeFileSync(f, rows(12_000).join('\n') + '\n');
      const scan = WasmPrefilter.prototype.scan;
      let blocks = 0;
      WasmPrefilter.prototype.scan = function (...args) {
        blocks++;
        return scan.apply(this, args);
      };
      let a: LinkResult, b: LinkResult;
      try {
        [a, b] = await both(f);
      } finally {
        WasmPrefilter.prototype.scan = scan;
      }
      assert.equal(blocks, 2, 'the default run read its two blocks with the WebAssembly scanner, the other none');
      same(a, b);
      assert.ok(a.stats.lines === 12_000 && a.stats.malformed > 1000 && a.stats.blank > 500 && a.stats.matches > 0);
      const [c, d] = await both(f, { parallel: true });
      assert.deepEqual([c.stats.threads, d.stats.threads], [2, 2]);
      same(c, d);
      same(c, a); // and two threads as one
      const [s, t] = await both(f, { strict: true });
      same(s, t);
      assert.equal(s.stats.lines, 7); // line 7 is the first malformed one (i = 6)
    });
  });
});
