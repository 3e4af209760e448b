import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileOutboxReader } from './file-outbox-reader';
import { FileOutboxTransport } from './file-outbox-transport';

function message(subject: string): Buffer {
  return Buffer.from(
    `From: A <a@example.com>\r\nTo: =?UTF-8?B?Wm/DqQ==?= <z@example.com>\r\nSubject: ${subject}\r\nDate: Sun, 01 Mar 2026 09:30:00 +0000\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>${subject}</p>`,
  );
}

describe('reading back the file outbox', () => {
  let directory: string;

  beforeEach(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'relance-outbox-'));
  });

  afterEach(() => fs.rmSync(directory, { recursive: true, force: true }));

  async function write(deliveryId: string, subject: string): Promise<void> {
    await new FileOutboxTransport(directory).send({
      deliveryId,
      messageId: `<d${deliveryId}@example.com>`,
      from: 'a@example.com',
      to: 'z@example.com',
      raw: message(subject),
    });
  }

  it('lists what the transport wrote, newest (highest delivery id) first, a page at a time', async () => {
    await write('10', 'récent');
    await write('9', 'ancien');
    await write('100', 'dernier');
    fs.writeFileSync(path.join(directory, 'manuel.eml'), message('déposé à la main'));
    fs.writeFileSync(path.join(directory, '12.eml.tmp'), 'half written');
    fs.writeFileSync(path.join(directory, 'notes.txt'), 'not an e-mail');
    fs.mkdirSync(path.join(directory, 'dossier.eml'));
    const reader = new FileOutboxReader(directory);
    const first = await reader.page(0, 2);
    expect(first.total).toBe(4);
    expect(first.items.map((item) => [item.id, item.subject, item.to, item.deliveryId])).toEqual([
      ['100', 'dernier', 'Zoé <z@example.com>', '100'],
      ['10', 'récent', 'Zoé <z@example.com>', '10'],
    ]);
    expect(first.items[0].date).toEqual(new Date('2026-03-01T09:30:00Z'));
    expect(Math.abs(first.items[0].writtenAt.getTime() - Date.now())).toBeLessThan(60_000);
    expect((await reader.page(2, 2)).items.map((item) => [item.id, item.deliveryId])).toEqual([
      ['9', '9'],
      ['manuel', null],
    ]);
    expect((await reader.page(4, 2)).items).toEqual([]);
  });

  it('opens a listed e-mail by its id, and nothing else', async () => {
    await write('10', 'récent');
    fs.writeFileSync(path.join(directory, '..', 'secret.eml'), 'Subject: outside');
    const reader = new FileOutboxReader(directory);
    const email = await reader.open('10');
    expect(email?.html).toBe('<p>récent</p>');
    expect(email?.tooLarge).toBe(false);
    for (const forged of ['../secret', '..%2Fsecret', '10.eml', '', '.', '/etc/passwd', '11', 'a'.repeat(101)])
      expect(await reader.open(forged)).toBeUndefined();
    fs.rmSync(path.join(directory, '..', 'secret.eml'));
  });

  it('is empty before the first e-mail (no folder yet)', async () => {
    const reader = new FileOutboxReader(path.join(directory, 'absent'));
    expect(await reader.page(0, 50)).toEqual({ total: 0, items: [] });
    expect(await reader.open('1')).toBeUndefined();
  });
});
