import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '../core/errors/domain-error';
import { ResponsesService } from './responses.service';

export type NpsCategory = 'promoter' | 'passive' | 'detractor';

export function npsCategory(score: number): NpsCategory {
  return score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
}

/**
 * Satisfaction surveys: the NPS question (0–10) and a free comment, answered on the signed
 * response page. The latest score feeds the segment fields `nps.category` and `unhappy`;
 * detractors are listed for follow-up (and can be turned into a complaint).
 */
@Injectable()
export class SurveysService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly responses: ResponsesService,
  ) {}

  /** Whether a code belongs to a survey campaign (the page shows the NPS question), without revealing anything else. */
  async kindOf(code: string): Promise<'survey' | 'other' | undefined> {
    const delivery = await this.responses.findDelivery({ code });
    if (!delivery) return undefined;
    const [campaign]: Array<{ objective: string } | undefined> = await this.dataSource.query(
      `SELECT objective FROM campaigns WHERE id = $1`,
      [delivery.campaign_id],
    );
    return campaign?.objective === 'survey' ? 'survey' : 'other';
  }

  /** Records an answer; returns whether it is a detractor's. */
  async answer(code: string, score: number, comment: string, source: string): Promise<boolean> {
    if (!Number.isInteger(score) || score < 0 || score > 10)
      throw DomainError.invalid('surveys.bad_score', 'score must be a whole number from 0 to 10');
    const recorded = await this.responses.record({
      kind: 'survey',
      code,
      value: String(score),
      details: { score, comment: comment.trim() || undefined, category: npsCategory(score) },
      source,
    });
    if (!recorded.duplicate) {
      await this.dataSource.query(
        `INSERT INTO contact_feedback (contact_id, nps_score, nps_answered_at, updated_at) VALUES ($1, $2, now(), now())
         ON CONFLICT (contact_id) DO UPDATE SET nps_score = EXCLUDED.nps_score, nps_answered_at = EXCLUDED.nps_answered_at, updated_at = now()`,
        [recorded.contact_id, score],
      );
    }
    return npsCategory(score) === 'detractor';
  }

  /** Detractors to follow up: latest score 0–6, with their comment. */
  async detractors(limit = 500): Promise<Array<Record<string, unknown>>> {
    return this.dataSource.query(
      `SELECT c.external_id, f.nps_score, f.nps_answered_at,
              (SELECT r.details ->> 'comment' FROM responses r WHERE r.contact_id = c.id AND r.kind = 'survey' ORDER BY r.received_at DESC LIMIT 1) AS comment
       FROM contact_feedback f JOIN contacts c ON c.id = f.contact_id
       WHERE f.nps_category = 'detractor' AND c.erased_at IS NULL
       ORDER BY f.nps_answered_at DESC LIMIT $1`,
      [limit],
    );
  }
}
