import { TABLE_END, TABLE_START, withTable, type RunHeading } from './performance-doc';

const run: RunHeading = {
  mode: 'quick',
  date: '2026-12-07T22:00:00.000Z',
  commit: 'abc1234',
  database: 'PostgreSQL server at 127.0.0.1:5432',
  machine: { cpus: 2, cpu_model: 'Test CPU', load_average_at_start: [1.5, 1, 0.5], load_average_at_end: [2, 1.5, 1] },
  seconds: 283,
};
const file = 'bench-results/2026-12-07-abc1234-quick.json';

describe('the table of docs/performance.md written by npm run bench -- --docs', () => {
  const document = `# Performance\n\nBefore.\n\n${TABLE_START}\nold table\n${TABLE_END}\n\nAfter.\n`;

  it('replaces only the block between the markers and says which run it comes from', () => {
    const written = withTable(document, run, file, '| a | b |');
    expect(written.startsWith('# Performance\n\nBefore.\n\n')).toBe(true);
    expect(written.endsWith(`${TABLE_END}\n\nAfter.\n`)).toBe(true);
    expect(written).not.toContain('old table');
    expect(written).toContain('Quick run of commit `abc1234` on 2026-12-07, 2 × Test CPU');
    expect(written).toContain('4 min 43 s');
    expect(written).toContain('`bench-results/2026-12-07-abc1234-quick.json`');
    expect(written).toContain('| a | b |');
  });

  it('gives the same document when written twice with the same run', () => {
    const once = withTable(document, run, file, '| a | b |');
    expect(withTable(once, run, file, '| a | b |')).toBe(once);
  });

  it('refuses a document without its markers rather than losing its text', () => {
    expect(() => withTable('# Performance\n', run, file, '| a |')).toThrow(/markers/);
  });
});
