/**
 * A line diff between two versions of a template: the longest common subsequence of their lines
 * (dynamic programming, O(n × m) time and memory), read back as kept, removed and added lines.
 *
 * Invariants (checked by line-diff.spec.ts):
 * - the `same` and `removed` lines, in order, are exactly the old text's lines;
 * - the `same` and `added` lines, in order, are exactly the new text's lines;
 * - the `same` lines are a longest common subsequence (no diff with more kept lines exists);
 * - within a change, removed lines come before the added ones that replace them.
 * Line numbers are 1-based, in the old text (`old`) and the new one (`new`).
 *
 * Templates are at most a few hundred lines; larger inputs (over MAX_CELLS comparisons) are still
 * compared, after trimming their common head and tail, which keeps typical edits cheap.
 */
export type DiffKind = 'same' | 'removed' | 'added';

export interface DiffLine {
  kind: DiffKind;
  text: string;
  old?: number;
  new?: number;
}

const MAX_CELLS = 4_000_000;

export function splitLines(text: string): string[] {
  const normalised = text.replace(/\r\n?/g, '\n');
  if (normalised === '') return [];
  return (normalised.endsWith('\n') ? normalised.slice(0, -1) : normalised).split('\n');
}

/** Lengths of the LCS of a[i..] and b[j..], row-major in one typed array. */
function lcsTable(a: string[], b: string[]): Uint32Array {
  const width = b.length + 1;
  const table = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      table[i * width + j] =
        a[i] === b[j]
          ? table[(i + 1) * width + j + 1] + 1
          : Math.max(table[(i + 1) * width + j], table[i * width + j + 1]);
    }
  }
  return table;
}

function middleDiff(a: string[], b: string[], oldStart: number, newStart: number): DiffLine[] {
  if (a.length * b.length > MAX_CELLS) {
    // Too large to compare line by line: everything old removed, everything new added (still a valid diff).
    return [
      ...a.map((text, index) => ({ kind: 'removed' as const, text, old: oldStart + index })),
      ...b.map((text, index) => ({ kind: 'added' as const, text, new: newStart + index })),
    ];
  }
  const table = lcsTable(a, b);
  const width = b.length + 1;
  const lines: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      lines.push({ kind: 'same', text: a[i], old: oldStart + i, new: newStart + j });
      i++;
      j++;
    } else if (j >= b.length || (i < a.length && table[(i + 1) * width + j] >= table[i * width + j + 1])) {
      lines.push({ kind: 'removed', text: a[i], old: oldStart + i });
      i++;
    } else {
      lines.push({ kind: 'added', text: b[j], new: newStart + j });
      j++;
    }
  }
  return lines;
}

export function lineDiff(oldText: string, newText: string): DiffLine[] {
  const a = splitLines(oldText);
  const b = splitLines(newText);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const same = (text: string, index: number, offsetOld: number, offsetNew: number): DiffLine => ({
    kind: 'same',
    text,
    old: offsetOld + index + 1,
    new: offsetNew + index + 1,
  });
  return [
    ...a.slice(0, head).map((text, index) => same(text, index, 0, 0)),
    ...middleDiff(a.slice(head, a.length - tail), b.slice(head, b.length - tail), head + 1, head + 1),
    ...a.slice(a.length - tail).map((text, index) => same(text, index, a.length - tail, b.length - tail)),
  ];
}

/** How many lines were added and removed. */
export function diffCounts(lines: DiffLine[]): { added: number; removed: number } {
  return {
    added: lines.filter((line) => line.kind === 'added').length,
    removed: lines.filter((line) => line.kind === 'removed').length,
  };
}
