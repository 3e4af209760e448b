import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DomainError } from '../core/errors/domain-error';
import { CONTACTS_SPEC } from './importers/contacts.importer';
import { PREVIEW_ROWS, previewCsv } from './import-preview';

describe('previewCsv', () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'relance-preview-'));
  afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

  function file(name: string, content: Buffer | string): string {
    const full = path.join(folder, name);
    fs.writeFileSync(full, content);
    return full;
  }

  async function refusal(content: Buffer | string): Promise<string> {
    try {
      await previewCsv(file('bad.csv', content), 'bad.csv', CONTACTS_SPEC);
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'invalid') return error.code;
      throw error;
    }
    throw new Error('accepted');
  }

  it('reads the encoding, separator, header and first rows, and proposes the mapping', async () => {
    const lines = ['Code client;Prénom;Ville', ...Array.from({ length: 9 }, (_, i) => `C${i};Zoé;Fès`)];
    const preview = await previewCsv(
      file('ok.csv', Buffer.from(lines.join('\r\n'), 'latin1')),
      'ok.csv',
      CONTACTS_SPEC,
    );
    expect(preview).toMatchObject({
      encoding: 'windows-1252',
      delimiter: ';',
      header: ['Code client', 'Prénom', 'Ville'],
    });
    expect(preview.rows).toHaveLength(PREVIEW_ROWS);
    expect(preview.rows[0]).toEqual(['C0', 'Zoé', 'Fès']);
    expect(preview.plans.map((plan) => plan.target)).toEqual([
      { kind: 'field', field: 'external_id' },
      { kind: 'field', field: 'first_name' },
      { kind: 'field', field: 'city' },
    ]);
    expect(preview.problems).toEqual([]);
  });

  it('refuses an empty file, a header alone, a binary file and UTF-16 text, each by its code', async () => {
    expect(await refusal('')).toBe('imports.empty_file');
    expect(await refusal('Code client;Nom\r\n')).toBe('imports.no_rows');
    expect(await refusal(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]))).toBe('imports.not_csv');
    expect(await refusal(Buffer.from('\ufeffid\n1\n', 'utf16le'))).toBe('imports.utf16');
  });
});
