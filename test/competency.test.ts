import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { competencyQuestions } from '../src/cli/competency.js';
import { canonicalAnswer } from '../src/cli/expected.js';
import { embeddedTarget } from '../src/graph.js';

describe('competency questions (queries/*.rq against queries/expected/*.json)', function () {
  this.timeout(120_000);
  const questions = competencyQuestions();

  it('there are at least 30, each stating its question and having an expected answer', () => {
    assert.ok(questions.length >= 30, `only ${questions.length} competency questions`);
    for (const q of questions) {
      assert.match(q.query, /^# .+\?$/m, `${q.name}: first line must state the question`);
      assert.ok(existsSync(q.expectedFile), `${q.name}: missing ${q.expectedFile}`);
    }
  });

  for (const q of questions) {
    it(`${q.name}: ${q.question}`, async () => {
      const expected = JSON.parse(readFileSync(q.expectedFile, 'utf8')) as Record<string, unknown>;
      const actual = await canonicalAnswer(await embeddedTarget(), q.query);
      const { question, ...want } = expected;
      assert.equal(question, q.question, 'expected file belongs to another wording of the question');
      assert.deepEqual(actual, want);
      if ('rows' in actual) assert.ok(actual.rows.length > 0, 'a competency question must have an answer');
    });
  }
});
