import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { api, freePort, stopServer, waitForServer } from '../bench/support/relance-http';
import { relance, startRelance } from '../bench/support/relance-process';
import { PACKAGE_ROOT } from '../src/core/package-root';

/**
 * `npm run docs:screenshots` (second half): the console's pages on the demo company, as a
 * newcomer sees them after `npm run demo` — the embedded database, the demo's default seed, the
 * dashboard on the current year (the demo's story ends weeks ago) —
 * written to docs/screenshots/console-*.png at 1280 px (and the dashboard at 768 px).
 */
const OUT = path.join(PACKAGE_ROOT, 'docs', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

interface Shot {
  name: string;
  path: string;
  width?: number;
}

async function shots(origin: string, key: string): Promise<Shot[]> {
  const campaigns = await api<Array<{ id: string; name: string }>>(origin, key, 'GET', '/campaigns');
  const automations = await api<Array<{ id: string }>>(origin, key, 'GET', '/automations');
  const letter = campaigns.find((campaign) => /lettre/i.test(campaign.name)) ?? campaigns[0];
  const list: Shot[] = [
    { name: 'console-tableau-de-bord', path: '/?periode=annee' },
    { name: 'console-tableau-de-bord-tablette', path: '/?periode=annee', width: 768 },
    { name: 'console-campagnes', path: '/campagnes' },
    { name: 'console-rentabilite', path: '/rentabilite' },
    { name: 'console-automatisations', path: '/automatisations' },
    { name: 'console-automatisation-nouvelle', path: '/automatisations/nouvelle' },
    { name: 'console-automatisation-formulaire', path: '/automatisations/nouvelle?modele=loyalty-card-expiry' },
    { name: 'console-segments', path: '/segments' },
    { name: 'console-segment-nouveau', path: '/segments/nouveau' },
    { name: 'console-segments-portrait', path: '/segments/portrait' },
    { name: 'console-boite-d-envoi', path: '/boite-d-envoi' },
    { name: 'console-modeles', path: '/modeles' },
    { name: 'console-parametres', path: '/parametres' },
    { name: 'console-coupons', path: '/coupons' },
  ];
  if (letter)
    list.push(
      { name: 'console-campagne', path: `/campagnes/${letter.id}` },
      { name: 'console-campagne-envois', path: `/campagnes/${letter.id}/envois` },
    );
  list.push({ name: 'console-campagne-nouvelle', path: '/campagnes/nouvelle' });
  if (letter) {
    // A draft with the letter campaign's definition, for the pre-flight (nothing is sent).
    const shown = await api<{ definition: Record<string, unknown> }>(origin, key, 'GET', `/campaigns/${letter.id}`);
    const draft = await api<{ id: string }>(origin, key, 'POST', '/campaigns', {
      ...shown.definition,
      name: `${String(shown.definition.name)} (copie)`,
    });
    list.push({ name: 'console-campagne-verification', path: `/campagnes/${draft.id}/verification` });
  }
  if (automations[0]) list.push({ name: 'console-automatisation', path: `/automatisations/${automations[0].id}` });
  // A stored copy of the library's win-back letter, for the letter editor.
  const source = fs.readFileSync(path.join(PACKAGE_ROOT, 'templates', 'letters', 'winback.hbs'), 'utf8');
  const stored = await api<{ id: string }>(origin, key, 'POST', '/templates', {
    name: 'Reconquête des clients inactifs (copie)',
    channel: 'letter',
    source,
  });
  list.push({ name: 'console-modele-lettre', path: `/modeles/${stored.id}/lettre` });
  // A stored copy of the library's welcome e-mail, for the e-mail editor.
  const welcome = fs.readFileSync(path.join(PACKAGE_ROOT, 'templates', 'email', 'welcome.mjml'), 'utf8');
  const email = await api<{ id: string }>(origin, key, 'POST', '/templates', {
    name: 'Bienvenue (copie)',
    channel: 'email',
    source: welcome,
  });
  list.push({ name: 'console-modele-email', path: `/modeles/${email.id}/email` });
  const contacts = await api<{ items: Array<{ external_id: string }> }>(origin, key, 'GET', '/contacts?limit=1');
  list.push({ name: 'console-contacts', path: '/contacts' });
  if (contacts.items[0])
    list.push({ name: 'console-contact', path: `/contacts/${encodeURIComponent(contacts.items[0].external_id)}` });
  // A complaint taken by phone, for the Réclamations pages.
  if (contacts.items[0]) {
    const complaint = await api<{ reference: string }>(origin, key, 'POST', '/complaints', {
      external_id: contacts.items[0].external_id,
      channel: 'phone',
      subject: 'Canapé livré avec un pied cassé',
      description: 'La cliente appelle : le canapé livré hier a un pied cassé, elle demande un échange.',
      urgent: true,
    });
    list.push(
      { name: 'console-reclamations', path: '/reclamations' },
      { name: 'console-reclamation-nouvelle', path: '/reclamations/nouvelle' },
      { name: 'console-reclamation', path: `/reclamations/${complaint.reference}` },
      { name: 'console-reclamations-indicateurs', path: '/reclamations/indicateurs' },
      { name: 'console-reclamations-mecontents', path: '/reclamations/mecontents' },
    );
  }
  list.push(...(await smsAndCallShots(origin, key)));
  if (letter) list.push(...(await callListShots(origin, key, letter.id)));
  return list;
}

/** A call campaign to the silent clients (launched: `relance serve` dispatches it), for the call lists and the call screen. */
async function callListShots(origin: string, key: string, letterId: string): Promise<Shot[]> {
  const shown = await api<{ definition: { sender: unknown } }>(origin, key, 'GET', `/campaigns/${letterId}`);
  const calls = await api<{ id: string }>(origin, key, 'POST', '/campaigns', {
    name: 'Appels de reconquête des clients silencieux',
    objective: 'reactivation',
    segment: { all: [{ field: 'silent', op: 'eq', value: true }] },
    channel: 'phone',
    template: 'templates/phone/winback.hbs',
    sender: shown.definition.sender,
    costs: { fixed: 0, per_message: { phone: 12 }, currency: 'MAD' },
    data: { voucher_amount: '200', voucher_ends_on: '2027-01-31' },
  });
  await api(origin, key, 'POST', `/campaigns/${calls.id}/launch`);
  for (let wait = 0; wait < 120; wait++) {
    const report = await api<{ messages: { sent: number } }>(origin, key, 'GET', `/campaigns/${calls.id}/report`);
    if (report.messages.sent > 0) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return [
    { name: 'console-appels', path: '/appels' },
    { name: 'console-appel', path: `/appels/${calls.id}` },
  ];
}

/** Stored copies of the library's promotion SMS and win-back call script, for their editors. */
async function smsAndCallShots(origin: string, key: string): Promise<Shot[]> {
  const store = async (name: string, channel: string, file: string) =>
    api<{ id: string }>(origin, key, 'POST', '/templates', {
      name,
      channel,
      source: fs.readFileSync(path.join(PACKAGE_ROOT, 'templates', file), 'utf8'),
    });
  const sms = await store('Promotion périodique (copie)', 'sms', 'sms/promotion.hbs');
  const call = await store('Appel de reconquête (copie)', 'phone', 'phone/winback.hbs');
  return [
    { name: 'console-modele-sms', path: `/modeles/${sms.id}/sms` },
    { name: 'console-modele-appel', path: `/modeles/${call.id}/appel` },
  ];
}

async function signIn(page: Page, origin: string, email: string, password: string): Promise<void> {
  await page.goto(`${origin}/connexion`);
  await page.screenshot({ path: path.join(OUT, 'console-connexion.png') });
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await Promise.all([page.waitForURL(`${origin}/`), page.getByRole('button', { name: 'Se connecter' }).click()]);
}

async function capture(origin: string, key: string, user: { email: string; password: string }): Promise<void> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
    await signIn(page, origin, user.email, user.password);
    for (const shot of await shots(origin, key)) {
      await page.setViewportSize({ width: shot.width ?? 1280, height: 900 });
      await page.goto(`${origin}${shot.path}`, { waitUntil: 'networkidle' });
      await page.screenshot({ path: path.join(OUT, `${shot.name}.png`), fullPage: true });
      process.stderr.write(`docs/screenshots/${shot.name}.png\n`);
    }
  } finally {
    await browser.close();
  }
}

export async function captureConsole(): Promise<void> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'relance-console-screenshots-'));
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env, RELANCE_HOME: home, PORT: String(port), PUBLIC_URL: origin };
  delete env.DATABASE_URL;
  let server: ReturnType<typeof startRelance> | undefined;
  try {
    await relance(['demo'], env);
    // The demo runs no reminder: the birthday one of the library, as an installation sets it up, for the automation pages.
    await relance(['automation', 'create', path.join(PACKAGE_ROOT, 'templates', 'automations', 'birthday.json')], env);
    const user = (await relance(
      ['user', 'create', 'ines@maison-atlas.test', '--role', 'admin', '--name', 'Inès Alami'],
      env,
    )) as { password: string };
    const { key } = (await relance(['apikey', 'create', '--role', 'admin'], env)) as { key: string };
    server = startRelance('serve', env);
    await waitForServer(origin, server);
    await capture(origin, key, { email: 'ines@maison-atlas.test', password: user.password });
  } finally {
    await stopServer(server);
    fs.rmSync(home, { recursive: true, force: true });
  }
}
