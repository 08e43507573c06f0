/**
 * Scores the linker on the labelled dump of bench/gen-labelled-dump.ts: precision, recall and F1 per
 * category and overall, at the default threshold, with the package's entities.
 *
 *   npx tsx bench/eval-link.ts [--lines 120000] [--threshold 0.7] [--errors]
 *
 * A record labelled with a target counts a true positive when the linker matches it to that entity and a
 * false negative otherwise; every match to any other of our entities is a false positive (of the record's
 * category). Background records have no target.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { defaultLabelledPath, generateLabelledDump, type Label } from './gen-labelled-dump.js';

interface Counts { tp: number; fp: number; fn: number; records: number }

async function main(argv: string[]): Promise<void> {
  let lines = 120_000;
  let threshold = 0.7;
  let errors = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--lines') lines = Number(argv[++i]);
    else if (a === '--threshold') threshold = Number(argv[++i]);
    else if (a === '--errors') errors = true;
    else throw new Error(`unknown argument ${a}`);
  }
  const dump = defaultLabelledPath(lines);
  if (!existsSync(dump)) await generateLabelledDump({ lines, out: dump });
  const labels = new Map<string, Label>();
  for (const l of readFileSync(`${dump}.labels.jsonl`, 'utf8').split('\n')) if (l) { const x = JSON.parse(l) as Label; labels.set(x.id, x); }
  const { packageEntities } = await import('../src/link/cli.js');
  const { Linker } = await import('../src/link/linker.js');
  const ours = await packageEntities();
  const nameOf = new Map(ours.map((e) => [e.id, e.properties.name?.[0] ?? e.id]));
  const r = await new Linker(ours).link(dump, { threshold });
  const predicted = new Map<string, { target: string; score: number; why: string }[]>();
  for (const m of r.matches) for (const x of m.results) {
    if (!x.match) continue;
    const list = predicted.get(x.id) ?? [];
    list.push({ target: nameOf.get(m.query.id)!, score: x.score, why: Object.entries(x.explanations).filter(([, f]) => f.score !== 0).map(([k, f]) => `${k}=${f.score}${f.detail && k !== 'name_match' ? ` (${f.detail})` : ''}`).join('; ') });
    predicted.set(x.id, list);
  }
  const by = new Map<string, Counts>();
  const get = (c: string) => by.get(c) ?? (by.set(c, { tp: 0, fp: 0, fn: 0, records: 0 }), by.get(c)!);
  const wrong: string[] = [];
  for (const l of labels.values()) {
    const c = get(l.category);
    c.records++;
    const p = predicted.get(l.id) ?? [];
    if (l.target && p.some((x) => x.target === l.target)) c.tp++;
    else if (l.target) { c.fn++; wrong.push(`FN ${l.category} ${l.id} → ${l.target} [got ${p.map((x) => x.target).join(', ') || 'nothing'}]`); }
    for (const x of p) if (x.target !== l.target) { c.fp++; wrong.push(`FP ${l.category} ${l.id} → ${x.target} ${x.score} ${x.why}`); }
  }
  const bg = get('background');
  for (const [id, p] of predicted) if (!labels.has(id)) { bg.fp += p.length; wrong.push(`FP background ${id} → ${p.map((x) => `${x.target} ${x.score}`).join(', ')}`); }
  bg.records = r.stats.lines - labels.size;
  const f = (c: Counts) => {
    const P = c.tp + c.fp ? c.tp / (c.tp + c.fp) : 1;
    const R = c.tp + c.fn ? c.tp / (c.tp + c.fn) : 1;
    return { P, R, F: P + R ? (2 * P * R) / (P + R) : 0 };
  };
  const total: Counts = { tp: 0, fp: 0, fn: 0, records: 0 };
  process.stdout.write(`labelled dump ${dump}: ${r.stats.lines.toLocaleString('en-US')} lines, threshold ${threshold}, ${ours.length} package entities\n\n`);
  process.stdout.write('| category | records | TP | FP | FN | precision | recall | F1 |\n|---|---:|---:|---:|---:|---:|---:|---:|\n');
  for (const [cat, c] of [...by].sort(([a], [b]) => a.localeCompare(b))) {
    for (const k of ['tp', 'fp', 'fn', 'records'] as const) total[k] += c[k];
    const m = f(c);
    process.stdout.write(`| ${cat} | ${c.records.toLocaleString('en-US')} | ${c.tp} | ${c.fp} | ${c.fn} | ${m.P.toFixed(3)} | ${m.R.toFixed(3)} | ${m.F.toFixed(3)} |\n`);
  }
  const m = f(total);
  process.stdout.write(`| **overall** | ${total.records.toLocaleString('en-US')} | ${total.tp} | ${total.fp} | ${total.fn} | ${m.P.toFixed(3)} | ${m.R.toFixed(3)} | ${m.F.toFixed(3)} |\n`);
  if (errors) process.stdout.write(`\n${wrong.join('\n')}\n`);
}

main(process.argv.slice(2)).catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
