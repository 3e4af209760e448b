import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CsvParser, detectDelimiter, openCsv, type CsvProblem, type CsvRecord } from './csv-reader';

function parse(text: string, expected?: number, pieces = 1) {
  const parser = new CsvParser(detectDelimiter(text.split(/\r?\n/)[0]), expected);
  const out = { records: [] as CsvRecord[], problems: [] as CsvProblem[] };
  const size = Math.ceil(text.length / pieces);
  for (let i = 0; i < pieces; i++) parser.push(text.slice(i * size, (i + 1) * size), i === pieces - 1, out);
  return out;
}

async function read(content: Buffer | string) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'csv-')), 'f.csv');
  fs.writeFileSync(file, content);
  const csv = await openCsv(file, { chunkSize: 7 });
  const records: CsvRecord[] = [];
  const problems: CsvProblem[] = [];
  for await (const chunk of csv.chunks) {
    records.push(...chunk.records);
    problems.push(...chunk.problems);
  }
  return { csv, records, problems };
}

describe('CsvParser', () => {
  it('reads quoted fields with delimiters, doubled quotes and line breaks', () => {
    const { records, problems } = parse('a,b,c\n1,"x, y","say ""hi"""\n2,"line1\nline2",z\n', 3);
    expect(problems).toEqual([]);
    expect(records.map((r) => [r.line, r.fields])).toEqual([
      [1, ['a', 'b', 'c']],
      [2, ['1', 'x, y', 'say "hi"']],
      [3, ['2', 'line1\nline2', 'z']],
    ]);
  });

  it('gives the same result whatever the chunk boundaries', () => {
    const text = 'id;nom;adresse\r\n1;Dupont;"12 rue ""A""\r\nbât. B"\r\n2;Martin;"3; place"\r\n\r\n3;Durand;x\r\n';
    const whole = parse(text, 3);
    for (const pieces of [2, 3, 5, 13, text.length]) expect(parse(text, 3, pieces)).toEqual(whole);
    expect(whole.records.map((r) => r.line)).toEqual([1, 2, 4, 6]);
  });

  it('reports an unbalanced quote on its line and goes on with the next lines', () => {
    const text = 'id,name,email\n1,Jean,j@x.fr\n2,"Marie,m@x.fr\n3,Paul,p@x.fr\n4,"Ann, B",a@x.fr\n';
    const { records, problems } = parse(text, 3);
    expect(problems).toEqual([{ line: 3, reason: expect.stringContaining('unbalanced quote') }]);
    expect(records.map((r) => r.fields[0])).toEqual(['id', '1', '3', '4']);
    expect(records.find((r) => r.fields[0] === '4')!.line).toBe(5);
  });

  it('reports an unbalanced quote at the end of the file', () => {
    const { records, problems } = parse('a,b\n1,x\n2,"never closed\n', 2);
    expect(records.map((r) => r.fields[0])).toEqual(['a', '1']);
    expect(problems).toEqual([{ line: 3, reason: expect.stringContaining('unbalanced') }]);
  });

  it('keeps text after a closing quote leniently', () => {
    expect(parse('a,b\n"x"y,z\n', 2).records[1].fields).toEqual(['xy', 'z']);
  });
});

describe('detectDelimiter', () => {
  it('prefers the most frequent separator outside quotes', () => {
    expect(detectDelimiter('nom;prénom;"ville, pays"')).toBe(';');
    expect(detectDelimiter('a,b,c')).toBe(',');
    expect(detectDelimiter('a\tb\tc')).toBe('\t');
  });
});

describe('openCsv', () => {
  it('reads UTF-8 with a BOM', async () => {
    const { csv, records } = await read(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('external_id;prénom\n1;Hélène\n')]),
    );
    expect(csv.encoding).toBe('utf-8');
    expect(csv.header).toEqual(['external_id', 'prénom']);
    expect(records[0].fields).toEqual(['1', 'Hélène']);
  });

  it('detects Windows-1252 and decodes accents, € and œ', async () => {
    const { csv, records } = await read(
      Buffer.from([
        ...Buffer.from('id;nom\n1;'),
        0x48,
        0xe9,
        0x6c,
        0xe8,
        0x6e,
        0x65,
        0x20,
        0x80,
        0x20,
        0x9c,
        0x75,
        0x66,
        0x0a,
      ]),
    );
    expect(csv.encoding).toBe('windows-1252');
    expect(csv.delimiter).toBe(';');
    expect(records[0].fields).toEqual(['1', 'Hélène € œuf']);
  });

  it('keeps multi-byte UTF-8 characters split across chunks', async () => {
    const { records } = await read('id,v\n1,ééééé€€€\n');
    expect(records[0].fields[1]).toBe('ééééé€€€');
  });

  it('reports rows with the wrong number of fields', async () => {
    const { records, problems } = await read('a,b,c\n1,2,3\n4,5\n6,7,8,9\n');
    expect(records.map((r) => r.fields[0])).toEqual(['1']);
    expect(problems.map((p) => p.line)).toEqual([3, 4]);
  });

  it('returns an empty header for an empty file', async () => {
    const { csv } = await read('');
    expect(csv.header).toEqual([]);
  });
});
