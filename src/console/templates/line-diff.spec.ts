import fc from 'fast-check';
import { diffCounts, lineDiff, splitLines, type DiffLine } from './line-diff';

const texts = (lines: DiffLine[], kinds: string[]) =>
  lines.filter((line) => kinds.includes(line.kind)).map((line) => line.text);

/** The LCS length by the textbook recursion (memoised), to check the diff keeps a longest one. */
function lcsLength(a: string[], b: string[]): number {
  const memo = new Map<string, number>();
  const go = (i: number, j: number): number => {
    if (i === a.length || j === b.length) return 0;
    const key = `${i},${j}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    const value = a[i] === b[j] ? 1 + go(i + 1, j + 1) : Math.max(go(i + 1, j), go(i, j + 1));
    memo.set(key, value);
    return value;
  };
  return go(0, 0);
}

describe('lineDiff', () => {
  it('keeps, removes and adds lines with their numbers in each version', () => {
    const diff = lineDiff('a\nb\nc\n', 'a\nB\nc\nd\n');
    expect(diff).toEqual([
      { kind: 'same', text: 'a', old: 1, new: 1 },
      { kind: 'removed', text: 'b', old: 2 },
      { kind: 'added', text: 'B', new: 2 },
      { kind: 'same', text: 'c', old: 3, new: 3 },
      { kind: 'added', text: 'd', new: 4 },
    ]);
    expect(diffCounts(diff)).toEqual({ added: 2, removed: 1 });
  });

  it('says nothing changed for equal texts, and everything for an empty one', () => {
    expect(diffCounts(lineDiff('x\ny', 'x\ny\n'))).toEqual({ added: 0, removed: 0 });
    expect(lineDiff('', 'x')).toEqual([{ kind: 'added', text: 'x', new: 1 }]);
    expect(splitLines('a\r\nb')).toEqual(['a', 'b']);
  });

  it('holds its invariants on any pair of texts', () => {
    const line = fc.constantFrom('', 'a', 'b', 'c', '---', 'Vous');
    const text = fc.array(line, { maxLength: 12 }).map((lines) => lines.join('\n'));
    fc.assert(
      fc.property(text, text, (before, after) => {
        const diff = lineDiff(before, after);
        const a = splitLines(before);
        const b = splitLines(after);
        expect(texts(diff, ['same', 'removed'])).toEqual(a);
        expect(texts(diff, ['same', 'added'])).toEqual(b);
        expect(texts(diff, ['same'])).toHaveLength(lcsLength(a, b));
        diff.forEach((entry, index) => {
          if (entry.kind === 'added' && diff[index + 1]?.kind === 'removed')
            throw new Error('removed lines come first');
        });
        expect(diff.filter((entry) => entry.old !== undefined).map((entry) => entry.old)).toEqual(
          a.map((_, i) => i + 1),
        );
        expect(diff.filter((entry) => entry.new !== undefined).map((entry) => entry.new)).toEqual(
          b.map((_, i) => i + 1),
        );
      }),
      { numRuns: 300 },
    );
  });
});
