import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { queryRows } from '../core/database/query-rows';
import { PersonalDataParticipant } from '../privacy/personal-data-participant';

/**
 * The segmentation's share of a person's data: their scores and feedback counters (shown on
 * export, removed on erasure) and the snapshots they were part of (kept: an anonymous tombstone
 * in a past audience keeps campaign statistics right).
 */
@Injectable()
export class SegmentPersonalData extends PersonalDataParticipant {
  readonly name = 'segments';

  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async export(contactId: string): Promise<unknown> {
    const [scores] = await queryRows<Record<string, unknown> | undefined>(
      this.dataSource,
      `SELECT orders, first_order_at, last_order_at, median_interval_days, currency, window_orders, window_revenue::float8 AS window_revenue,
              recency_score, frequency_score, monetary_score, rfm_score, value_tier, lifecycle, silent
       FROM contact_scores WHERE contact_id = $1`,
      [contactId],
    );
    const [feedback] = await queryRows<Record<string, unknown> | undefined>(
      this.dataSource,
      `SELECT open_complaints, nps_score, nps_category, nps_answered_at FROM contact_feedback WHERE contact_id = $1`,
      [contactId],
    );
    const snapshots = await queryRows<{ id: string; label: string | null; evaluated_at: Date }>(
      this.dataSource,
      `SELECT s.id, s.label, s.evaluated_at FROM segment_snapshot_members m JOIN segment_snapshots s ON s.id = m.snapshot_id WHERE m.contact_id = $1 ORDER BY s.evaluated_at`,
      [contactId],
    );
    return { scores: scores ?? null, feedback: feedback ?? null, snapshots };
  }

  async erase(contactId: string, manager: EntityManager): Promise<void> {
    await manager.query(`DELETE FROM contact_scores WHERE contact_id = $1`, [contactId]);
    await manager.query(`DELETE FROM contact_feedback WHERE contact_id = $1`, [contactId]);
  }
}
