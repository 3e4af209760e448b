import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CampaignWaiter } from '../../src/campaigns/campaign-waiter';

export const SENDER_ENV = {
  RELANCE_SENDER_NAME: 'Maison Atlas',
  RELANCE_SENDER_EMAIL: 'service@maison-atlas.fr',
  RELANCE_SENDER_ADDRESS: '12 boulevard Anfa, 20250 Casablanca',
  RELANCE_SENDER_PLACE: 'Casablanca',
  RELANCE_SENDER_SIGNATORY_NAME: 'Salma Berrada',
  RELANCE_SENDER_SIGNATORY_TITLE: 'Directrice clientèle',
};

/** Sends what is due on the service campaign behind a delivery (a one-shot process has no workers). */
export async function dispatchServiceMessage(app: INestApplicationContext, deliveryId: string): Promise<void> {
  const [row] = await app.get(DataSource).query(`SELECT campaign_id FROM deliveries WHERE id = $1`, [deliveryId]);
  await app.get(CampaignWaiter).untilDispatched(row.campaign_id, () => undefined);
}

export async function contactId(db: DataSource, externalId: string): Promise<string> {
  const [row] = await db.query(`SELECT id::text FROM contacts WHERE external_id = $1`, [externalId]);
  return row.id;
}
