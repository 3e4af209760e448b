import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CampaignRunner } from './campaign-runner.service';
import { QUEUED, sqlStates } from '../deliveries/delivery-state';

/**
 * `campaign launch --wait`: dispatches in this process until every step that is due has been
 * dispatched (a one-shot command has no queue workers, and the embedded database allows one
 * process). Later steps (a call eight days after a letter) stay scheduled for the workers.
 */
@Injectable()
export class CampaignWaiter {
  constructor(
    private readonly dataSource: DataSource,
    private readonly runner: CampaignRunner,
  ) {}

  async untilDispatched(
    campaignId: string,
    onProgress: (done: number, total: number) => void,
  ): Promise<{
    status: string;
    status_reason: string | null;
    pending_steps: Array<{ position: number; due_at: Date }>;
  }> {
    for (;;) {
      await this.runner.sweep();
      const due: Array<{ id: string }> = await this.dataSource.query(
        `SELECT s.id FROM campaign_steps s JOIN campaigns c ON c.id = s.campaign_id
         WHERE s.campaign_id = $1 AND c.status = 'running' AND s.status = 'planned'
           AND EXISTS (SELECT 1 FROM deliveries d WHERE d.step_id = s.id AND d.state IN (${sqlStates(QUEUED)}) AND d.next_attempt_at <= now())
         ORDER BY s.position`,
        [campaignId],
      );
      for (const { id } of due) await this.runner.runStep(id, 5_000);
      const [progress]: Array<{ done: number; total: number }> = await this.dataSource.query(
        `SELECT count(*) FILTER (WHERE state NOT IN (${sqlStates(QUEUED)}))::int AS done, count(*)::int AS total FROM deliveries WHERE campaign_id = $1`,
        [campaignId],
      );
      onProgress(progress.done, progress.total);
      const [campaign]: Array<{ status: string; status_reason: string | null }> = await this.dataSource.query(
        `SELECT status, status_reason FROM campaigns WHERE id = $1`,
        [campaignId],
      );
      const [waiting]: Array<{ n: number }> = await this.dataSource.query(
        `SELECT count(*)::int AS n FROM deliveries WHERE campaign_id = $1 AND state IN (${sqlStates(QUEUED)})`,
        [campaignId],
      );
      if (campaign.status !== 'running' || (!due.length && waiting.n === 0)) {
        const pending: Array<{ position: number; due_at: Date }> = await this.dataSource.query(
          `SELECT position, due_at FROM campaign_steps WHERE campaign_id = $1 AND status = 'pending' ORDER BY position`,
          [campaignId],
        );
        return { status: campaign.status, status_reason: campaign.status_reason, pending_steps: pending };
      }
      // Retries waiting for their time: come back when the first is due.
      if (!due.length) await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}
