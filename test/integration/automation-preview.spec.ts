import type { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { parseAutomationDefinition, type AutomationDefinition } from '../../src/automations/automation-definition';
import { AutomationUpcoming } from '../../src/automations/automation-upcoming';
import { AutomationsService } from '../../src/automations/automations.service';
import { DomainError } from '../../src/core/errors/domain-error';
import { insertContacts, setConsent } from '../support/segment-base';
import { createTestEnvironment, startContext, type TestEnvironment } from '../support/test-app';

const birthday = () =>
  JSON.parse(
    fs.readFileSync(path.join(__dirname, '..', '..', 'templates', 'automations', 'birthday.json'), 'utf8'),
  ) as Record<string, unknown>;

/** A birth date whose anniversary falls `days` days from now (month and day), in 1985. */
function bornIn(days: number): string {
  const day = new Date(Date.now() + days * 86_400_000);
  return `1985-${String(day.getUTCMonth() + 1).padStart(2, '0')}-${String(day.getUTCDate()).padStart(2, '0')}`;
}

describe('an automation not saved yet: its next sends, then saved as the console does (issue 19, item 4; real PostgreSQL)', () => {
  let env: TestEnvironment;
  let app: INestApplicationContext;
  let upcoming: AutomationUpcoming;
  let automations: AutomationsService;

  beforeAll(async () => {
    env = await createTestEnvironment({ RELANCE_TIMEZONE: 'Africa/Casablanca' });
    app = await startContext();
    const db = app.get(DataSource);
    const seeds = Array.from({ length: 40 }, (_, i) => ({
      external_id: `PV${i}`,
      first_name: `Client ${i}`,
      email: `client${i}@exemple.ma`,
      birth_date: bornIn(2 + (i % 4)),
    }));
    const contacts = await insertContacts(db, [
      ...seeds,
      { external_id: 'PVFAR', first_name: 'Loin', email: 'loin@exemple.ma', birth_date: bornIn(40) },
    ]);
    for (const id of contacts.values()) await setConsent(db, id, 'email', 'granted', 'checkbox');
    automations = app.get(AutomationsService);
    upcoming = app.get(AutomationUpcoming);
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  const parse = (input: Record<string, unknown>): AutomationDefinition => {
    const parsed = parseAutomationDefinition(input, { currency: 'MAD' });
    if ('problems' in parsed) throw new Error(JSON.stringify(parsed.problems));
    return parsed.definition;
  };

  it('counts before saving what the saved automation then lists, its control group drawn with the id it is created with', async () => {
    const input = { ...birthday(), name: 'Anniversaire aperçu', holdout_percent: 30 };
    const id = randomUUID();
    const before = await upcoming.preview(parse(input), id);
    // 40 birthdays in the window, less the control group (30 % drawn from the id): not all of them, not none.
    expect(before.total).toBeGreaterThan(10);
    expect(before.total).toBeLessThan(40);
    expect(before.messages.map((m) => m.external_id)).not.toContain('PVFAR');
    const saved = await automations.save(input, { mode: 'create', id });
    expect(saved).toEqual({ id, created: true });
    const after = await upcoming.list(id);
    expect(after.messages.map((m) => m.external_id).sort()).toEqual(before.messages.map((m) => m.external_id).sort());
    // Another id draws another control group: the preview depends on it, hence the id kept by the form.
    const other = await upcoming.preview(parse(input), randomUUID());
    expect(other.messages.map((m) => m.external_id).sort()).not.toEqual(
      before.messages.map((m) => m.external_id).sort(),
    );
  });

  it('an edit previews with the stored id: the same as the list when nothing changes, fewer with a narrower audience', async () => {
    const stored = await automations.get('Anniversaire aperçu');
    const same = await upcoming.preview(stored.definition, stored.id);
    expect(same.total).toBe((await upcoming.list(stored.id)).total);
    const narrower = parse({
      ...birthday(),
      name: 'Anniversaire aperçu',
      holdout_percent: 30,
      segment: { all: [{ field: 'external_id', op: 'in', value: ['PV0', 'PV1', 'PV2', 'PV3', 'PV4'] }] },
    });
    const fewer = await upcoming.preview(narrower, stored.id);
    expect(fewer.total).toBeLessThan(same.total);
    expect(fewer.messages.every((m) => ['PV0', 'PV1', 'PV2', 'PV3', 'PV4'].includes(m.external_id))).toBe(true);
  });

  it("creating under a name taken is refused naming the field (the CLI's upsert still updates it)", async () => {
    const error = await automations
      .save({ ...birthday(), name: 'Anniversaire aperçu' }, { mode: 'create', id: randomUUID() })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('automations.name_taken');
    expect((error as DomainError).details?.fields).toEqual([
      { field: 'name', reason: 'an automation is already named "Anniversaire aperçu"' },
    ]);
    const upserted = await automations.save({ ...birthday(), name: 'Anniversaire aperçu', holdout_percent: 30 });
    expect(upserted.created).toBe(false);
  });

  it('an update names the automation by id: renamed, its campaign too, and a name taken by another is refused', async () => {
    const stored = await automations.get('Anniversaire aperçu');
    await automations.save({ ...birthday(), name: 'Autre anniversaire' });
    const renamed = await automations.save(
      { ...birthday(), name: 'Anniversaire renommé', holdout_percent: 30 },
      { mode: 'update', id: stored.id },
    );
    expect(renamed).toEqual({ id: stored.id, created: false });
    const after = await automations.get(stored.id);
    expect(after.name).toBe('Anniversaire renommé');
    const [campaign]: Array<{ name: string }> = await app
      .get(DataSource)
      .query(`SELECT name FROM campaigns WHERE id = $1`, [after.campaign_id]);
    expect(campaign.name).toBe('Anniversaire renommé');
    const error = await automations
      .save({ ...birthday(), name: 'Autre anniversaire' }, { mode: 'update', id: stored.id })
      .catch((e: unknown) => e);
    expect((error as DomainError).code).toBe('automations.name_taken');
    expect((await automations.get(stored.id)).name).toBe('Anniversaire renommé');
  });

  it('an id chosen beforehand must be a UUID no automation has', async () => {
    const stored = await automations.get('Anniversaire renommé');
    const taken = await automations
      .save({ ...birthday(), name: 'Encore un' }, { mode: 'create', id: stored.id })
      .catch((e: unknown) => e);
    expect((taken as DomainError).code).toBe('automations.id_taken');
    const malformed = await automations
      .save({ ...birthday(), name: 'Encore un' }, { mode: 'create', id: 'pas-un-uuid' })
      .catch((e: unknown) => e);
    expect((malformed as DomainError).code).toBe('automations.id');
  });
});
