import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows } from '../core/database/query-rows';

export interface CampaignRef {
  id: string;
  name: string;
}

const DELIVERY_ID = /^\d{1,18}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Which campaign a written message belongs to: an `.eml` file or an SMS line names its delivery,
 * a print batch folder its campaign. Ids that are not ids, or that are gone, are simply absent.
 */
@Injectable()
export class MessageCampaigns {
  constructor(private readonly dataSource: DataSource) {}

  async ofDeliveries(deliveryIds: Array<string | null>): Promise<Map<string, CampaignRef>> {
    const ids = [...new Set(deliveryIds.filter((id): id is string => id !== null && DELIVERY_ID.test(id)))];
    if (!ids.length) return new Map();
    const rows = await queryRows<{ delivery_id: string; id: string; name: string }>(
      this.dataSource,
      `SELECT d.id::text AS delivery_id, c.id::text AS id, c.name
       FROM deliveries d JOIN campaigns c ON c.id = d.campaign_id WHERE d.id = ANY($1::bigint[])`,
      [ids],
    );
    return new Map(rows.map((row) => [row.delivery_id, { id: row.id, name: row.name }]));
  }

  async named(campaignIds: string[]): Promise<Map<string, CampaignRef>> {
    const ids = [...new Set(campaignIds.filter((id) => UUID.test(id)))];
    if (!ids.length) return new Map();
    const rows = await queryRows<CampaignRef>(
      this.dataSource,
      `SELECT id::text AS id, name FROM campaigns WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((row) => [row.id, row]));
  }
}
