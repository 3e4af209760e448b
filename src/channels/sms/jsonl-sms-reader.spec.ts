import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { JsonlSmsReader } from './jsonl-sms-reader';
import { JsonlSmsTransport } from './jsonl-sms-transport';

describe('reading back the SMS log', () => {
  let directory: string;
  let file: string;

  beforeEach(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'relance-sms-'));
    file = path.join(directory, 'sms.jsonl');
  });

  afterEach(() => fs.rmSync(directory, { recursive: true, force: true }));

  it('pages through what the transport appended, newest first', async () => {
    const transport = new JsonlSmsTransport(file);
    for (let index = 1; index <= 5; index++)
      await transport.send({
        deliveryId: String(index),
        to: `+21260000000${index}`,
        text: `SMS ${index}`,
        sender: 'Atlas',
      });
    const reader = new JsonlSmsReader(file);
    const first = await reader.page(0, 2);
    expect(first.total).toBe(5);
    expect(first.items.map((sms) => [sms.line, sms.reference, sms.to, sms.text, sms.sender])).toEqual([
      [5, '5', '+212600000005', 'SMS 5', 'Atlas'],
      [4, '4', '+212600000004', 'SMS 4', 'Atlas'],
    ]);
    expect(first.items[0].at).toBeInstanceOf(Date);
    expect((await reader.page(4, 2)).items.map((sms) => sms.line)).toEqual([1]);
    expect((await reader.page(5, 2)).items).toEqual([]);
  });

  it('shows a line it cannot read as unreadable, and counts a last line without its newline', async () => {
    fs.writeFileSync(
      file,
      '{"at":"2026-03-01T09:00:00Z","reference":"1","to":"+33600000000","text":"ok"}\nnot json\n[1]\n{"text":"last"}',
    );
    const { total, items } = await new JsonlSmsReader(file).page(0, 10);
    expect(total).toBe(4);
    expect(items.map((sms) => [sms.line, sms.readable, sms.text])).toEqual([
      [4, true, 'last'],
      [3, false, null],
      [2, false, null],
      [1, true, 'ok'],
    ]);
    expect(items[3].at).toEqual(new Date('2026-03-01T09:00:00Z'));
  });

  it('is empty before the first SMS (no file yet)', async () => {
    expect(await new JsonlSmsReader(file).page(0, 50)).toEqual({ total: 0, items: [] });
  });
});
