/**
 * The package's one CSV writer and reader (src/io/csv.ts) against RFC 4180: quoting, doubled quotes, line
 * breaks inside fields, empty fields, the final line ending, the line ending as a parameter, and malformed
 * text refused with its line and column. Python's csv module is the independent reader and writer.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { csvField, CsvSyntaxError, readCsv, writeCsv } from '../src/io/csv.js';

const HARD: string[][] = [
  ['id', 'text', 'note'],
  ['1', 'a, b', 'say "hi"'],
  ['2', 'line one\nline two', 'cr\rhere'],
  ['3', 'crlf\r\ninside', ''],
  ['4', '', ''],
  ['5', ' leading', 'trailing '],
  ['6', '"', '""'],
  ['7', 'Касперский 𝔘', 'plain'],
];

function python(script: string, input: string): string {
  return execFileSync('python3', ['-c', script], { input, encoding: 'utf8' });
}

describe('CSV (src/io/csv.ts)', () => {
  describe('writing', () => {
    it('quotes a field only when RFC 4180 needs it, or when it has white space at an edge', () => {
      assert.equal(csvField('plain'), 'plain');
      assert.equal(csvField(''), '');
      assert.equal(csvField('a,b'), '"a,b"');
      assert.equal(csvField('say "hi"'), '"say ""hi"""');
      assert.equal(csvField('a\nb'), '"a\nb"');
      assert.equal(csvField('a\rb'), '"a\rb"');
      assert.equal(csvField(' x'), '" x"');
      assert.equal(csvField('x\t'), '"x\t"');
      assert.equal(csvField('in side'), 'in side');
    });

    it('ends every record, the last one too, with the line ending asked for', () => {
      assert.equal(writeCsv([['a', 'b'], ['1', '']]), 'a,b\n1,\n');
      assert.equal(writeCsv([['a', 'b'], ['1', '']], { lineEnd: '\r\n' }), 'a,b\r\n1,\r\n');
      assert.equal(writeCsv([]), '');
    });

    it('what it writes, Python csv reads back field for field (LF and CRLF)', () => {
      for (const lineEnd of ['\n', '\r\n'] as const) {
        const back = JSON.parse(python('import csv,sys,json; print(json.dumps(list(csv.reader(sys.stdin))))', writeCsv(HARD, { lineEnd }))) as string[][];
        assert.deepEqual(back, HARD);
      }
    });
  });

  describe('reading', () => {
    it('reads quotes, commas, CR, LF and CRLF inside quoted fields, and empty fields', () => {
      assert.deepEqual(readCsv('a,b,c\n"x, y","say ""hi""",\n"l1\nl2","c\rr","c\r\nl",\n,,\n'), [
        ['a', 'b', 'c'],
        ['x, y', 'say "hi"', ''],
        ['l1\nl2', 'c\rr', 'c\r\nl', ''],
        ['', '', ''],
      ]);
    });

    it('takes the final line ending as optional, and CRLF, LF or a lone CR as record ends', () => {
      assert.deepEqual(readCsv('a,b\r\n1,2'), [['a', 'b'], ['1', '2']]);
      assert.deepEqual(readCsv('a,b\r\n1,2\r\n'), [['a', 'b'], ['1', '2']]);
      assert.deepEqual(readCsv('a,b\n1,2\n'), [['a', 'b'], ['1', '2']]);
      assert.deepEqual(readCsv('a,b\r1,2\r'), [['a', 'b'], ['1', '2']]);
      assert.deepEqual(readCsv('a,b\n1,'), [['a', 'b'], ['1', '']]);
      assert.deepEqual(readCsv(''), []);
    });

    it('reads an empty line as one empty field (a SPARQL CSV row whose one variable is unbound)', () => {
      assert.deepEqual(readCsv('x\r\n\r\n7\r\n'), [['x'], [''], ['7']]);
    });

    it('drops a UTF-8 byte order mark', () => {
      assert.deepEqual(readCsv('\ufeffa,b\n1,2\n'), [['a', 'b'], ['1', '2']]);
    });

    it('reads what Python csv writes (QUOTE_MINIMAL and QUOTE_ALL, CRLF)', () => {
      const json = JSON.stringify(HARD);
      for (const quoting of ['QUOTE_MINIMAL', 'QUOTE_ALL']) {
        const text = python(`import csv,sys,json; w=csv.writer(sys.stdout, quoting=csv.${quoting}); w.writerows(json.loads(sys.stdin.read()))`, json);
        assert.deepEqual(readCsv(text), HARD, quoting);
      }
    });

    it('round-trips the hard records with both line endings', () => {
      for (const lineEnd of ['\n', '\r\n'] as const) assert.deepEqual(readCsv(writeCsv(HARD, { lineEnd })), HARD);
    });

    it('refuses malformed text with the source, line and column', () => {
      const cases: Array<[string, number, number, RegExp]> = [
        // The quote opened on line 4, column 3 is never closed (the quoted field of line 2 runs on to line 3).
        ['a,b\n"x\ny",1\n1,"open\n2,3\n', 4, 3, /never closed/],
        ['a,b\n1,x"y\n', 2, 4, /quote inside an unquoted field/],
        ['a,b\r\n"x"y,1\r\n', 2, 4, /text after the closing quote/],
        ['\ufeff"a"b\n', 1, 4, /text after the closing quote/],
      ];
      for (const [text, line, column, message] of cases) {
        assert.throws(
          () => readCsv(text, { source: 'pairs.csv' }),
          (e: unknown) => e instanceof CsvSyntaxError && e.line === line && e.column === column && message.test(e.message) && e.message.startsWith(`pairs.csv:${line}: column ${column}: `),
          JSON.stringify(text),
        );
      }
    });
  });
});
