import type { OutboxEmail } from '../../channels/email/file-outbox-reader';
import type { PrintBatch } from '../../deliveries/senders/print-batch-folder';
import {
  batchRow,
  callEntryRows,
  callListRows,
  emailPage,
  emailRows,
  manifestTable,
  outboxTabs,
  pageNumber,
  pagination,
  smsRows,
} from './outbox-view';

const CAMPAIGN = { id: 'f3373fad-5ece-4bbe-a702-56a492e1ec25', name: 'Soirée privée' };

describe("Boîte d'envoi view", () => {
  it('shows the e-mail and SMS tabs only when they go to files, and marks the current one', () => {
    expect(outboxTabs('sms', { emails: false, sms: true })).toEqual([
      { href: '/boite-d-envoi', label: 'Aperçu', current: false },
      { href: '/boite-d-envoi/sms', label: 'SMS', current: true },
      { href: '/boite-d-envoi/courriers', label: 'Courriers', current: false },
      { href: '/boite-d-envoi/appels', label: "Listes d'appels", current: false },
    ]);
    expect(outboxTabs('apercu', { emails: true, sms: false }).map((tab) => tab.label)).toEqual([
      'Aperçu',
      'E-mails',
      'Courriers',
      "Listes d'appels",
    ]);
  });

  it('reads ?page= as a whole number from 1, and names the field otherwise', () => {
    expect(pageNumber(undefined)).toEqual({ page: 1 });
    expect(pageNumber('3')).toEqual({ page: 3 });
    for (const bad of ['0', '-1', '1.5', 'abc', '', '99999999', ['1', '2'], '1e3'])
      expect(pageNumber(bad)).toEqual({ problem: expect.stringContaining('« page »') });
  });

  it('pages 50 rows at a time; past the last page is nothing; an empty list has its first page', () => {
    expect(pagination(1, 120, '/boite-d-envoi/e-mails')).toEqual({
      page: 1,
      pages: 3,
      total: 120,
      from: 1,
      to: 50,
      previous: null,
      next: '/boite-d-envoi/e-mails?page=2',
    });
    expect(pagination(3, 120, '/x')).toMatchObject({ from: 101, to: 120, previous: '/x?page=2', next: null });
    expect(pagination(2, 120, '/x')).toMatchObject({ previous: '/x', next: '/x?page=3' });
    expect(pagination(4, 120, '/x')).toBeUndefined();
    expect(pagination(1, 0, '/x')).toMatchObject({ pages: 1, from: 0, to: 0, previous: null, next: null });
    expect(pagination(2, 0, '/x')).toBeUndefined();
  });

  it('lists e-mails with their campaign when the file names a delivery of one', () => {
    const writtenAt = new Date('2026-03-02T10:00:00Z');
    const rows = emailRows(
      [
        {
          id: '216',
          deliveryId: '216',
          writtenAt,
          bytes: 10,
          date: null,
          from: null,
          to: 'Zoé <z@x.ma>',
          subject: 'Bonjour',
        },
        { id: 'manual', deliveryId: null, writtenAt, bytes: 10, date: writtenAt, from: null, to: null, subject: '' },
      ],
      new Map([['216', CAMPAIGN]]),
    );
    expect(rows).toEqual([
      {
        href: '/boite-d-envoi/e-mails/216',
        date: writtenAt,
        to: 'Zoé <z@x.ma>',
        subject: 'Bonjour',
        campaign: { name: 'Soirée privée', href: `/campagnes/${CAMPAIGN.id}` },
      },
      { href: '/boite-d-envoi/e-mails/manual', date: writtenAt, to: '', subject: '(sans objet)', campaign: null },
    ]);
  });

  it("gives an e-mail's page the address of its HTML body only when it has one", () => {
    const email: OutboxEmail = {
      id: '216',
      deliveryId: '216',
      writtenAt: new Date('2026-03-02T10:00:00Z'),
      bytes: 30_000,
      date: new Date('2026-03-02T09:59:00Z'),
      from: 'A <a@x.ma>',
      to: 'B <b@x.ma>',
      subject: 'Bonjour',
      headers: [{ name: 'Subject', value: 'Bonjour' }],
      text: 'Bonjour',
      html: '<p>Bonjour</p>',
      tooLarge: false,
    };
    expect(emailPage(email, CAMPAIGN)).toMatchObject({
      bodyHref: '/boite-d-envoi/e-mails/216/corps',
      kilobytes: 29,
      text: 'Bonjour',
      campaign: { name: 'Soirée privée' },
    });
    expect(emailPage({ ...email, html: null }, undefined)).toMatchObject({ bodyHref: null, campaign: null });
  });

  it('shows SMS lines, unreadable ones included, with their campaign', () => {
    const at = new Date('2026-03-02T10:00:00Z');
    const rows = smsRows(
      [
        { line: 2, at, reference: '7', to: '+212600000000', sender: null, text: 'Bonjour', readable: true },
        { line: 1, at: null, reference: null, to: null, sender: null, text: null, readable: false },
      ],
      new Map([['7', CAMPAIGN]]),
    );
    expect(rows[0]).toMatchObject({
      line: 2,
      to: '+212600000000',
      text: 'Bonjour',
      campaign: { name: 'Soirée privée' },
    });
    expect(rows[1]).toMatchObject({ line: 1, readable: false, to: '', text: '', campaign: null });
  });

  it('links a print batch to its manifest and PDF, and heads the manifest in French', () => {
    const batch: PrintBatch = {
      campaignId: CAMPAIGN.id,
      run: 'cac44618-2026-12-07T15-47-56-086Z',
      writtenAt: new Date(),
      pdfBytes: 2_048_000,
      pdf: '/home/letters/x/letters.pdf',
      manifest: '/home/letters/x/manifest.csv',
    };
    const row = batchRow(batch, { letters: 203, pages: 203 }, CAMPAIGN);
    expect(row).toMatchObject({
      href: `/boite-d-envoi/courriers/${CAMPAIGN.id}/cac44618-2026-12-07T15-47-56-086Z`,
      pdfHref: `/boite-d-envoi/courriers/${CAMPAIGN.id}/cac44618-2026-12-07T15-47-56-086Z/lettres.pdf`,
      letters: 203,
      kilobytes: 2000,
    });
    expect(JSON.stringify(row)).not.toContain('/home/');
    expect(
      manifestTable({
        columns: ['sequence', 'response_code', 'extra'],
        rows: [['1', 'X3P9', 'a']],
        letters: 1,
        pages: 1,
      }),
    ).toEqual({ columns: ['N°', 'Code réponse', 'extra'], rows: [{ cells: ['1', 'X3P9', 'a'] }] });
  });

  it('numbers call list entries across pages and says what came of each call', () => {
    const sentAt = new Date();
    const entry = { deliveryId: '1', externalId: 'C1', name: 'Ahmed Tazi', companyName: null, phone: '+212600000000' };
    const rows = callEntryRows(
      [
        { ...entry, state: 'sent', sentAt, outcome: null, script: 'Bonjour' },
        { ...entry, name: null, companyName: 'Atlas SA', state: 'sent', sentAt, outcome: 'callback', script: null },
      ],
      50,
    );
    expect(rows.map((row) => [row.rank, row.name, row.outcome])).toEqual([
      [51, 'Ahmed Tazi', 'Pas encore appelé'],
      [52, 'Atlas SA', 'À rappeler'],
    ]);
    const lists = callListRows([
      {
        stepId: 'a1b2c3d4-0000-4000-8000-000000000000',
        position: 2,
        campaignId: CAMPAIGN.id,
        campaignName: CAMPAIGN.name,
        calls: 10,
        answered: 3,
        firstAt: sentAt,
      },
    ]);
    expect(lists[0]).toMatchObject({ href: '/boite-d-envoi/appels/a1b2c3d4-0000-4000-8000-000000000000', calls: 10 });
  });
});
