import type { INestApplicationContext } from '@nestjs/common';
import { CampaignWaiter } from '../../src/campaigns/campaign-waiter';
import { CampaignsService } from '../../src/campaigns/campaigns.service';
import { LaunchCampaign } from '../../src/campaigns/launch-campaign.use-case';
import { ImportService } from '../../src/imports/import.service';
import { writeFile } from './files';

export const SENDER = {
  name: 'Maison Atlas',
  email: 'bonjour@maison-atlas.fr',
  postal_address: '12 boulevard Anfa, 20250 Casablanca',
  place: 'Casablanca',
  signatory_name: 'Salma Berrada',
  signatory_title: 'Directrice clientèle',
  country: 'MA',
};

export interface SeedContact {
  id: string;
  email?: string;
  phone?: string;
  consent?: Array<'email' | 'sms' | 'phone'>;
  country?: string;
  city?: string;
  postalCode?: string;
}

/** Contacts (with an address) and their consents, imported through the real CSV path. */
export async function seedContacts(app: INestApplicationContext, home: string, contacts: SeedContact[]): Promise<void> {
  const imports = app.get(ImportService);
  const rows = ['external_id,civility,first_name,last_name,email,phone,address_line1,postal_code,city,country'];
  const consents = ['external_id,channel,status,method,source,collected_at,wording'];
  for (const c of contacts) {
    rows.push(
      [
        c.id,
        'Mme',
        'Inès',
        `Client ${c.id}`,
        c.email ?? '',
        c.phone ?? '',
        '5 rue Ibn Battouta',
        c.postalCode ?? '20250',
        c.city ?? 'Casablanca',
        c.country ?? 'MA',
      ].join(','),
    );
    for (const channel of c.consent ?? [])
      consents.push(
        [
          c.id,
          channel,
          'granted',
          'checkbox',
          'site web',
          '2026-01-10T09:00:00Z',
          "J'accepte de recevoir vos offres",
        ].join(','),
      );
  }
  const contactsSummary = await imports.importFile(
    'contacts',
    writeFile(home, `seed-${Date.now()}.csv`, rows.join('\n')),
  );
  if (contactsSummary.rejected)
    throw new Error(`seed contacts rejected: ${JSON.stringify(contactsSummary.errors.slice(0, 3))}`);
  if (consents.length > 1)
    await imports.importFile('consents', writeFile(home, `seed-consents-${Date.now()}.csv`, consents.join('\n')));
}

export async function createCampaign(
  app: INestApplicationContext,
  overrides: Record<string, unknown>,
): Promise<string> {
  const single = overrides.steps ? {} : { channel: 'email', template: 'templates/email/new-products.mjml' };
  const { id } = await app.get(CampaignsService).create({
    name: 'Nouveautés',
    objective: 'sale',
    segment: { all: [{ field: 'external_id', op: 'starts_with', value: 'T' }] },
    ...single,
    sender: SENDER,
    costs: { fixed: 100, per_message: { email: 0.01, letter: 4.5, phone: 12, sms: 0.35 }, currency: 'MAD' },
    data: { collection_name: 'Collection Printemps', launch_date: '2027-03-01' },
    ...overrides,
  });
  return id;
}

export async function launchAndWait(app: INestApplicationContext, id: string) {
  const launched = await app.get(LaunchCampaign).execute(id);
  const done = await app.get(CampaignWaiter).untilDispatched(id, () => undefined);
  return { launched, done };
}
