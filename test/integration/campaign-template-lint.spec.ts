import type { INestApplicationContext } from '@nestjs/common';
import { CampaignsService } from '../../src/campaigns/campaigns.service';
import { LaunchCampaign } from '../../src/campaigns/launch-campaign.use-case';
import type { DomainError } from '../../src/core/errors/domain-error';
import { TemplatesService } from '../../src/templates/templates.service';
import { createCampaign } from '../support/campaign-fixtures';
import { createTestEnvironment, startContext, type TestEnvironment } from '../support/test-app';

/**
 * The console saves a letter the linter refuses as a draft and says it cannot launch: this is the
 * launch's side of that rule (`launchBlockers`: every lint error blocks, warnings never do).
 */
describe('campaign launch and the linter (real PostgreSQL)', () => {
  let env: TestEnvironment;
  let app: INestApplicationContext;

  beforeAll(async () => {
    env = await createTestEnvironment();
    app = await startContext();
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  const letter = (accroche: string) =>
    `---\nobjective: loyalty\n${accroche}ps: Merci de votre fidélité.\n---\n{{salutation}},\n\nVous comptez pour nous.\n`;

  it('refuses to launch a stored template with lint errors, naming each, and launches it once they are fixed', async () => {
    const templates = app.get(TemplatesService);
    const draft = await templates.create({ name: 'Brouillon sans accroche', channel: 'letter', source: letter('') });
    expect(draft.version.lint.errors.map((issue) => issue.rule)).toEqual(['accroche-missing']);
    const id = await createCampaign(app, {
      channel: 'letter',
      template: draft.template.id,
      segment: { all: [{ field: 'external_id', op: 'eq', value: 'PERSONNE' }] },
    });
    const refused = (await app
      .get(LaunchCampaign)
      .execute(id)
      .catch((error: unknown) => error)) as DomainError;
    expect(refused.code).toBe('templates.lint_failed');
    expect(refused.details?.fields?.map((field) => field.field)).toEqual(['accroche-missing']);
    expect((await app.get(CampaignsService).get(id)).status).toBe('draft');

    await templates.update(draft.template.id, { source: letter('accroche: "Vous êtes un client précieux"\n') });
    const launched = await app.get(LaunchCampaign).execute(id);
    expect(launched.audience.segment).toBe(0);
  });
});
