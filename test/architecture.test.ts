import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { packageRoot } from '../src/data/paths.js';

/**
 * The import graph of `src/` between folders (a root file such as `graph.ts` is its own node): data flows one
 * way, so no two folders import each other, directly or through others (issue 14).
 */
const SRC = join(packageRoot, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** The node a file belongs to: its top folder under src/, or the root file's own name. */
function nodeOf(file: string): string {
  const parts = relative(SRC, file).split('/');
  return parts.length > 1 ? parts[0]! : parts[0]!.replace(/\.ts$/, '');
}

/** Folder → folder → the import lines that make the edge. */
function importGraph(): Map<string, Map<string, string[]>> {
  const edges = new Map<string, Map<string, string[]>>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const target = resolve(dirname(file), m[1]!).replace(/\.js$/, '.ts');
      const a = nodeOf(file);
      const b = nodeOf(target);
      if (a === b) continue;
      const out = edges.get(a) ?? new Map<string, string[]>();
      edges.set(a, out);
      out.set(b, [...(out.get(b) ?? []), `${relative(SRC, file)} imports ${m[1]}`]);
    }
  }
  return edges;
}

/** Strongly connected components with more than one node (Tarjan). */
function cycles(edges: Map<string, Map<string, string[]>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  let i = 0;
  const nodes = new Set([...edges.keys(), ...[...edges.values()].flatMap((m) => [...m.keys()])]);
  const visit = (v: string): void => {
    index.set(v, i);
    low.set(v, i++);
    stack.push(v);
    on.add(v);
    for (const w of edges.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of nodes) if (!index.has(v)) visit(v);
  return out;
}

describe('architecture: the import graph of src/', () => {
  it('has no cycle between folders (data flows one way)', () => {
    const edges = importGraph();
    const found = cycles(edges);
    const explain = found.map((scc) =>
      scc.flatMap((a) => scc.filter((b) => b !== a && edges.get(a)?.has(b)).map((b) => `${a} → ${b}: ${edges.get(a)!.get(b)![0]}`)).join('\n'),
    );
    assert.deepEqual(found, [], `folder cycles:\n${explain.join('\n\n')}`);
  });

  it('every folder of src/ has its line in docs/architecture.md (the newcomer\'s map)', () => {
    const doc = readFileSync(join(packageRoot, 'docs', 'architecture.md'), 'utf8');
    const folders = readdirSync(SRC).filter((n) => statSync(join(SRC, n)).isDirectory());
    assert.ok(folders.length > 5, folders.join(' '));
    assert.deepEqual(folders.filter((f) => !doc.includes(`| \`src/${f}/\` |`)), [], 'folders without a line in the table of docs/architecture.md');
  });

  it('finds a cycle when one is planted (the check can fail)', () => {
    const edges = new Map([
      ['a', new Map([['b', ['a imports b']]])],
      ['b', new Map([['c', ['b imports c']]])],
      ['c', new Map([['a', ['c imports a']]])],
    ]);
    assert.deepEqual(cycles(edges), [['a', 'b', 'c']]);
  });
});
