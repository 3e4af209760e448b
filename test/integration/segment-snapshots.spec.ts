import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PrivacyService } from '../../src/privacy/privacy.service';
import { SavedSegmentsService } from '../../src/segments/saved-segments.service';
import { SegmentScoringService } from '../../src/segments/segment-scoring.service';
import { SegmentsService } from '../../src/segments/segments.service';
import { insertContacts, insertPurchases, setConsent, setFeedback } from '../support/segment-base';
import { createTestEnvironment, startContext, type TestEnvironment } from '../support/test-app';

const NOW = new Date('2026-11-24T10:00:00Z');
const BRETONS = { all: [{ field: 'region', op: 'eq', value: 'Bretagne' }] };
const DROP = "'; DROP TABLE contacts; --";

describe('saved segments, snapshots, preview and hostile input (real PostgreSQL)', () => {
  let env: TestEnvironment;
  let app: INestApplicationContext;
  let db: DataSource;
  let segments: SegmentsService;
  let saved: SavedSegmentsService;
  let ids: Map<string, string>;

  beforeAll(async () => {
    env = await createTestEnvironment({ RELANCE_TIMEZONE: 'Europe/Paris', RELANCE_CONSENT_POLICY: 'fr-cnil' });
    app = await startContext();
    db = app.get(DataSource);
    segments = app.get(SegmentsService);
    saved = app.get(SavedSegmentsService);
    ids = await insertContacts(db, [
      {
        external_id: 'B1',
        first_name: 'Anne',
        region: 'Bretagne',
        email: 'b1@exemple.fr',
        phone: '+33612345601',
        address_line1: '1 rue A',
        postal_code: '35000',
        city: 'Rennes',
      },
      { external_id: 'B2', first_name: 'Yann', region: 'Bretagne', email: 'b2@exemple.fr' },
      { external_id: 'B3', first_name: 'Gwen', region: 'Bretagne', phone: '+33612345603' },
      { external_id: 'N1', first_name: 'Paul', region: 'Normandie', email: 'n1@exemple.fr' },
      { external_id: 'X1', last_name: DROP, region: DROP, attributes: { note: DROP } },
    ]);
    await insertPurchases(db, ids.get('B1')!, [{ at: new Date('2026-11-01T10:00:00Z'), amount: 80 }]);
    await setConsent(db, ids.get('B1')!, 'email', 'granted', 'checkbox');
    await setConsent(db, ids.get('B2')!, 'email', 'withdrawn', 'unsubscribe_link');
    await setFeedback(db, ids.get('B3')!, 1, null);
    await app.get(SegmentScoringService).rescore({ now: NOW });
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  it('saves segments by name and evaluates them each time they are used', async () => {
    const segment = await saved.create({ name: 'Bretons', description: 'clients in Brittany', rules: BRETONS }, 'test');
    expect(await segments.count('bretons')).toBe(3);
    expect(await segments.count(segment.id)).toBe(3);
    await insertContacts(db, [{ external_id: 'B4', region: 'Bretagne' }]);
    expect(await segments.count('Bretons')).toBe(4); // dynamic
    await expect(saved.create({ name: 'BRETONS', rules: BRETONS })).rejects.toMatchObject({
      code: 'segments.name_taken',
      kind: 'conflict',
    });
    await expect(
      saved.create({ name: 'Bad', rules: { all: [{ field: 'nope', op: 'eq', value: 1 }] } }),
    ).rejects.toMatchObject({ code: 'segments.invalid_rules' });
    const renamed = await saved.update('bretons', {
      name: 'Bretagne',
      rules: { all: [...BRETONS.all, { field: 'email', op: 'not_null' }] },
    });
    expect(renamed.name).toBe('Bretagne');
    expect(await segments.count('Bretagne')).toBe(2);
    await expect(segments.count('Bretons')).rejects.toMatchObject({ code: 'segments.not_found', kind: 'not_found' });
    await saved.update('Bretagne', { rules: BRETONS });
  });

  it('freezes an audience: later changes do not move a snapshot', async () => {
    const snapshot = await segments.snapshot('Bretagne', { now: NOW, label: 'relance novembre' });
    expect(snapshot).toMatchObject({ count: 4, evaluated_at: NOW.toISOString() });
    await db.query(`UPDATE contacts SET region = 'Normandie' WHERE external_id = 'B4'`);
    expect(await segments.count('Bretagne')).toBe(3);
    const members = await segments.snapshotMembers(snapshot.id);
    expect(members.map((m) => m.external_id)).toEqual(['B1', 'B2', 'B3', 'B4']);
    expect(await segments.snapshotMembers(snapshot.id, { after: members[1].contact_id, limit: 1 })).toEqual([
      members[2],
    ]);
    expect(await segments.getSnapshot(snapshot.id)).toMatchObject({
      label: 'relance novembre',
      member_count: 4,
      rules: BRETONS,
      segment_id: expect.any(String),
    });
    expect((await segments.getSnapshot(snapshot.id)).scored_at).toEqual(NOW);
  });

  it('snapshots inside the caller’s transaction, and nothing remains when it rolls back', async () => {
    const before = await db.query(`SELECT count(*)::int AS n FROM segment_snapshots`);
    let inside: { id: string; count: number } | undefined;
    await db
      .transaction(async (manager) => {
        inside = await segments.snapshot(BRETONS, { manager });
        expect(await segments.count(BRETONS, { manager })).toBe(3);
        expect(
          (
            await manager.query(`SELECT count(*)::int AS n FROM segment_snapshot_members WHERE snapshot_id = $1`, [
              inside.id,
            ])
          )[0].n,
        ).toBe(3);
        throw new Error('launch failed');
      })
      .catch((error: Error) => expect(error.message).toBe('launch failed'));
    expect(inside?.count).toBe(3);
    expect(await db.query(`SELECT count(*)::int AS n FROM segment_snapshots`)).toEqual(before);
  });

  it('previews count, sample and breakdown by lifecycle, value tier, region and reachability', async () => {
    const preview = await segments.preview(BRETONS, { now: NOW });
    expect(preview.count).toBe(3);
    expect(preview.sample.map((c) => c.external_id).sort()).toEqual(['B1', 'B2', 'B3']);
    expect(Object.keys(preview.sample[0]).sort()).toEqual(
      [
        'city',
        'civility',
        'company_name',
        'country',
        'external_id',
        'first_name',
        'last_name',
        'lifecycle',
        'region',
        'rfm_score',
        'silent',
        'type',
        'value_tier',
      ].sort(),
    );
    expect(preview.breakdown.lifecycle).toEqual({
      acquisition: 3,
      development: 0,
      retention: 0,
      decline: 0,
      unscored: 0,
    });
    expect(preview.breakdown.value_tier).toEqual({ top: 1, core: 0, tail: 0, none: 2 });
    expect(preview.breakdown.region).toEqual([{ region: 'Bretagne', count: 3 }]);
    expect(preview.breakdown.reachability).toEqual({
      email: { reachable: 1, refused: { withdrawn: 1, invalid_address: 1 } },
      sms: { reachable: 0, refused: { no_consent: 2, invalid_address: 1 } },
      phone: { reachable: 0, refused: { no_consent: 2, invalid_address: 1 } },
      postal: { reachable: 1, refused: { invalid_address: 2 } },
    });
    expect(preview).toMatchObject({
      evaluated_at: NOW.toISOString(),
      scored_at: NOW.toISOString(),
      consent_policy: 'fr-cnil',
    });
    const nobody = await segments.preview({ any: [] });
    expect(nobody).toMatchObject({ count: 0, sample: [], breakdown: { region: [], other_regions: 0 } });
  });

  it('treats hostile values as plain data and refuses fields outside the whitelist', async () => {
    expect(await segments.count({ all: [{ field: 'region', op: 'eq', value: DROP }] })).toBe(1);
    expect(await segments.count({ all: [{ field: 'last_name', op: 'contains', value: 'drop table' }] })).toBe(1);
    expect(await segments.count({ all: [{ field: 'attr.note', op: 'in', value: [DROP, "') OR 1=1 --"] }] })).toBe(1);
    expect(await segments.count({ all: [{ field: 'city', op: 'starts_with', value: "%' OR '1'='1" }] })).toBe(0);
    expect(await segments.count({ all: [{ field: 'city', op: 'contains', value: '%' }] })).toBe(0); // no LIKE wildcards
    for (const field of [
      'region; DROP TABLE contacts',
      "attr.x'); DROP TABLE contacts; --",
      'erased_at',
      '(SELECT 1)',
      'c.id',
    ]) {
      await expect(segments.count({ all: [{ field, op: 'eq', value: 'x' }] })).rejects.toMatchObject({
        code: 'segments.invalid_rules',
      });
    }
    await expect(
      segments.count({
        all: [{ field: 'purchases.count', op: 'gt', value: '1; DROP TABLE contacts', window_days: 1 }],
      }),
    ).rejects.toMatchObject({ code: 'segments.invalid_rules' });
    await expect(
      segments.count({ all: [{ field: 'purchases.total_amount', op: 'gt', value: 1, currency: "EUR' --" }] }),
    ).rejects.toMatchObject({ code: 'segments.invalid_rules' });
    expect(await db.query(`SELECT count(*)::int AS n FROM contacts`)).toEqual([{ n: 6 }]);
  });

  it('leaves erased contacts out of every segment and snapshot', async () => {
    await app.get(PrivacyService).erase('B3');
    expect(await segments.count(BRETONS)).toBe(2);
    expect((await segments.snapshot(BRETONS)).count).toBe(2);
    expect(
      await db.query(`SELECT count(*)::int AS n FROM contact_feedback WHERE contact_id = $1`, [ids.get('B3')]),
    ).toEqual([{ n: 0 }]);
    const exported = await app.get(PrivacyService).export('B1');
    expect(exported.segments).toMatchObject({
      scores: { lifecycle: 'acquisition', value_tier: 'top' },
      snapshots: expect.any(Array),
    });
  });
});
