/**
 * `kaspersky-kg validate`: the command line of the validator. The report goes to stdout; progress (a line
 * per phase), warnings and errors go to stderr, so that stdout stays the report alone.
 * @module
 */
import { parseArgs } from 'node:util';

/** The help text of `kaspersky-kg validate`. */
const VALIDATE_HELP = `Usage: kaspersky-kg validate [--strict] [--quiet] [FILE ...]

Validates data files (default: the package's data/) against ontology/shapes.ttl (SHACL) and the hygiene
queries in queries/hygiene/, and reports ill-typed literals (e.g. "2024-13-45"^^xsd:date) with file and
line. FILE may be TriG, Turtle, N-Triples, N-Quads or JSON-LD (by extension); bytes must be UTF-8.
A relative IRI, a character IRIs may not hold, a malformed language tag, invalid UTF-8 or JSON nested
deeper than 256 levels is an error naming the file, line and column (JSON-LD: also the JSON pointer).
What JSON-LD expansion itself drops (a key that maps to no IRI, a free-floating value) is a warning on
stderr naming the JSON pointer, as is a file with no triple.
  --strict   make every warning an error (exit 1, nothing validated)
  --quiet    no progress lines on stderr
Progress (a line per phase: parsing each file, SHACL, each hygiene check) goes to stderr.
Exit codes: 0 valid, 1 problems found or an input error, 2 usage error.`;

/** Where the command writes (the process's streams by default). */
export interface ValidateIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** A message line cut to 300 characters. */
function firstLine(text: string): string {
  return text.length > 300 ? `${text.slice(0, 299)}…` : text;
}

const PROCESS_IO: ValidateIo = { out: (t) => void process.stdout.write(t), err: (t) => void process.stderr.write(t) };

/** Runs `kaspersky-kg validate ARGS`; returns the exit code. Errors are printed, never thrown. */
export async function runValidateCommand(args: readonly string[], io: ValidateIo = PROCESS_IO): Promise<number> {
  let values: { help?: boolean; strict?: boolean; quiet?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: [...args], allowPositionals: true, options: { help: { type: 'boolean', short: 'h' }, strict: { type: 'boolean' }, quiet: { type: 'boolean', short: 'q' } } }));
  } catch (error) {
    io.err(`kaspersky-kg validate: ${(error as Error).message.split('\n')[0]!.slice(0, 250)}\n`);
    return 2;
  }
  if (values.help) {
    io.out(`${VALIDATE_HELP}\n`);
    return 0;
  }
  const started = Date.now();
  const onProgress = values.quiet ? undefined : (m: string) => io.err(`validate: ${m} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  try {
    const { validateData, formatReport } = await import('./index.js');
    const report = await validateData({ ...(positionals.length ? { data: positionals } : {}), strict: values.strict ?? false, ...(onProgress ? { onProgress } : {}) });
    for (const w of report.warnings) io.err(`${firstLine(`warning: ${w.text}`)}\n`);
    io.out(`${formatReport(report)}\n`);
    onProgress?.(report.conforms ? 'done: valid' : 'done: problems found');
    return report.conforms ? 0 : 1;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.err(`${firstLine(`kaspersky-kg validate: ${message.split('\n')[0]}`)}\n`);
    return 1;
  }
}
