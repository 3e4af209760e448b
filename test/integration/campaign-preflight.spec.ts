import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CampaignPreflightService } from '../../src/campaigns/campaign-preflight.service';
import { CampaignsService } from '../../src/campaigns/campaigns.service';
import { LaunchCampaign } from '../../src/campaigns/launch-campaign.use-case';
import type { DomainError } from '../../src/core/errors/domain-error';
import { SENDER, seedContacts } from '../support/campaign-fixtures';
import { createTestEnvironment, startContext, type TestEnvironment } from '../support/test-app';

/**
 * The pre-flight answers what the launch would do — same audience, same exclusions, same missing
 * variables — and keeps nothing: no audience, no snapshot, no delivery.
 */
describe('campaign pre-flight (real PostgreSQL)', () => {
  let env: TestEnvironment;
  let app: INestApplicationContext;

  beforeAll(async () => {
    env = await createTestEnvironment();
    app = await startContext();
    await seedContacts(app, env.home, [
      { id: 'PF1', email: 'pf1@example.ma', consent: ['email', 'phone'], phone: '+212600000001' },
      { id: 'PF2', email: 'pf2@example.ma', consent: ['phone'], phone: '+212600000002' },
      { id: 'PF3', email: 'pf3@example.ma', country: 'FR', postalCode: '75011', city: 'Paris' },
      { id: 'PF4', email: 'pf4@example.ma' },
    ]);
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  const definition = (data: Record<string, unknown>) => ({
    name: 'Anniversaire <b>pré-vol</b>',
    objective: 'loyalty',
    segment: { all: [{ field: 'external_id', op: 'starts_with', value: 'PF' }] },
    holdout_percent: 25,
    steps: [
      { channel: 'letter', template: 'templates/letters/birthday.hbs' },
      {
        channel: 'phone',
        template: 'templates/phone/winback.hbs',
        delay_days: 8,
        only_non_responders: true,
      },
    ],
    sender: SENDER,
    costs: { fixed: 100, per_message: { letter: 4.5, phone: 12 }, currency: 'MAD' },
    data,
  });

  const kept = async () => {
    const [row]: Array<{ audience: number; snapshots: number; deliveries: number }> = await app.get(DataSource)
      .query(`SELECT (SELECT count(*) FROM campaign_audience)::int AS audience,
                     (SELECT count(*) FROM segment_snapshots)::int AS snapshots,
                     (SELECT count(*) FROM deliveries)::int AS deliveries`);
    return row;
  };

  it('names the missing campaign data for the whole audience, keeps nothing, and agrees with the launch once fixed', async () => {
    const campaigns = app.get(CampaignsService);
    const preflight = app.get(CampaignPreflightService);
    const { id } = await campaigns.create(definition({ voucher_amount: 20, voucher_ends_on: '2027-01-31' }));
    const before = await kept();

    const check = await preflight.check(id);
    expect(check.audience.segment).toBe(4);
    expect(check.audience.excluded.invalid_address + check.audience.excluded.no_consent).toBe(0);
    expect(check.audience.holdout + check.audience.targeted).toBe(4);
    expect(check.audience.holdout).toBe(1);
    const [letter, call] = check.steps;
    expect(letter.missing.map((m) => [m.variable, m.count])).toEqual([['campaign.data.gift_amount', 3]]);
    expect(letter.lint.blockers).toBe(0);
    expect(letter.cost).toBe(3 * 4.5);
    expect(letter.letters).toMatchObject({ pages: expect.any(Number) as number });
    expect(letter.letters!.domestic + letter.letters!.abroad).toBe(3);
    expect(call.missing).toEqual([]);
    expect(call.upTo).toBe(true);
    expect(check.costs.total).toBe(100 + 3 * 4.5 + 3 * 12);
    expect(check.launchable).toBe(false);
    expect(check.steps[1].samples).toHaveLength(3);
    expect(await kept()).toEqual(before);

    const refused = (await app
      .get(LaunchCampaign)
      .execute(id)
      .catch((error: unknown) => error)) as DomainError;
    expect(refused.code).toBe('templates.missing_variable');

    await campaigns.updateDraft(id, definition({ gift_amount: 50, voucher_amount: 20, voucher_ends_on: '2027-01-31' }));
    const fixed = await preflight.check(id);
    expect(fixed.launchable).toBe(true);
    const sample = await preflight.sample(id, 1, 0);
    expect(sample.pdf?.subarray(0, 4).toString()).toBe('%PDF');
    const launched = await app.get(LaunchCampaign).execute(id);
    expect(launched.audience).toEqual(fixed.audience);
  });

  it('duplicates a launched campaign as a new draft and refuses to edit or check what was launched', async () => {
    const campaigns = app.get(CampaignsService);
    const [launched] = (await campaigns.list()).filter((c) => c.status !== 'draft');
    const copy = await campaigns.duplicate(String(launched.id));
    const detail = await campaigns.get(copy.id);
    expect(detail.status).toBe('draft');
    expect(detail.name).toBe('Anniversaire <b>pré-vol</b> (copie)');
    expect((detail.steps as unknown[]).length).toBe(2);
    const edit = (await campaigns
      .updateDraft(String(launched.id), definition({}))
      .catch((error: unknown) => error)) as DomainError;
    expect(edit.code).toBe('campaigns.not_draft');
    const check = (await app
      .get(CampaignPreflightService)
      .check(String(launched.id))
      .catch((error: unknown) => error)) as DomainError;
    expect(check.code).toBe('campaigns.not_draft');
  });
});
