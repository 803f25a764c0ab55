import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const docs = readFileSync(join(root, 'docs', 'extending.md'), 'utf8');

/** The ```ts blocks of the guide that name the example file they come from on their first line. */
function excerpts(): { file: string; lines: string[] }[] {
  const blocks = [...docs.matchAll(/```ts\n([\s\S]*?)```/gu)].map((match) => (match[1] ?? '').split('\n').map((line) => line.trim()).filter(Boolean));
  return blocks.flatMap(([first, ...lines]) => {
    const file = /^\/\/ (examples\/\S+)$/u.exec(first ?? '')?.[1];
    return file ? [{ file, lines }] : [];
  });
}

describe('docs/extending.md shows the example as it is', () => {
  const found = excerpts();

  it('has excerpts of the example (the guide is not prose alone)', () => {
    assert.ok(found.length >= 6, `${found.length} excerpts`);
  });

  for (const { file, lines } of found) {
    it(`its excerpt of ${file} is a run of lines of that file`, () => {
      const source = readFileSync(join(root, file), 'utf8').split('\n').map((line) => line.trim());
      const at = source.findIndex((_, start) => lines.every((line, i) => source[start + i] === line));
      assert.notEqual(at, -1, `not found in ${file}:\n${lines.join('\n')}`);
    });
  }
});
