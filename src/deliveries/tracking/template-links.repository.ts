import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

interface TrackedLinkRow {
  href: string;
  delivery_id: string;
  campaign_id: string;
  contact_id: string;
  response_code: string;
  sent_at: Date | null;
}

export interface TrackedLinkTarget {
  href: string;
  deliveryId: string;
  campaignId: string;
  contactId: string;
  responseCode: string;
  sentAt: Date | null;
}

/** The links each e-mail template version may redirect to (`template_links`), append-only. */
@Injectable()
export class TemplateLinksRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The positions of these hrefs in the version's list, adding the missing ones. Workers preparing
   * the same version at once are serialised on the version row, so positions never change.
   */
  async register(templateVersionId: string, hrefs: string[]): Promise<number[]> {
    if (!hrefs.length) return [];
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT id FROM template_versions WHERE id = $1 FOR UPDATE`, [templateVersionId]);
      const existing: Array<{ position: number; href: string }> = await manager.query(
        `SELECT position, href FROM template_links WHERE template_version_id = $1`,
        [templateVersionId],
      );
      const positions = new Map(existing.map((row) => [row.href, row.position]));
      let next = existing.reduce((max, row) => Math.max(max, row.position + 1), 0);
      const added = hrefs.filter((href) => !positions.has(href) && positions.set(href, next++));
      if (added.length) {
        await manager.query(
          `INSERT INTO template_links (template_version_id, position, href) SELECT $1, * FROM unnest($2::int[], $3::text[])`,
          [templateVersionId, added.map((href) => positions.get(href)), added],
        );
      }
      return hrefs.map((href) => positions.get(href)!);
    });
  }

  /** The stored link at this position of the template version the delivery was sent with. */
  async target(deliveryId: string, position: number): Promise<TrackedLinkTarget | undefined> {
    const [row]: Array<TrackedLinkRow | undefined> = await this.dataSource.query(
      `SELECT l.href, d.id::text AS delivery_id, d.campaign_id, d.contact_id::text AS contact_id, d.response_code, d.sent_at
       FROM deliveries d
       JOIN campaign_steps s ON s.id = d.step_id
       JOIN template_links l ON l.template_version_id::text = s.template_version_id AND l.position = $2
       WHERE d.id = $1 AND d.channel = 'email'`,
      [deliveryId, position],
    );
    return (
      row && {
        href: row.href,
        deliveryId: row.delivery_id,
        campaignId: row.campaign_id,
        contactId: row.contact_id,
        responseCode: row.response_code,
        sentAt: row.sent_at,
      }
    );
  }
}
