import type { INestApplication } from '@nestjs/common';
import type request from 'supertest';
import { ContactsService } from '../../src/contacts/contacts.service';
import { emailParts } from '../../src/templates/source/email-structure';
import { TemplatesService } from '../../src/templates/templates.service';
import { runCli } from '../support/cli';
import { consoleAgent, csrfOf, signIn } from '../support/console-session';
import { createTestEnvironment, startHttp, type TestEnvironment } from '../support/test-app';

const HOSTILE = '<img src=x onerror=alert(1)>';
const INLINE_CODE = /<script(?![^>]*\ssrc=)[^>]*>|<style\b|\sstyle\s*=|\son[a-z]+\s*=|javascript:/i;
type Agent = ReturnType<typeof request.agent>;

/** The editor's form fields as the page holds them, with `changes`. */
function formOf(page: string, changes: Record<string, string>): Record<string, string> {
  const value = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(page)?.[1] ?? '';
  const decode = (text: string) =>
    text
      .replace(/&quot;/g, '"')
      .replace(/&#x27;/g, "'")
      .replace(/&#x3D;/g, '=')
      .replace(/&#x60;/g, '`')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  const body = /<textarea id="email-corps"[^>]*>([\s\S]*?)<\/textarea>/.exec(page)?.[1] ?? '';
  return {
    _csrf: csrfOf(page),
    base: decode(value('base')),
    nom: decode(value('nom')),
    objet: decode(value('objet')),
    preheader: decode(value('preheader')),
    corps: decode(body),
    largeur: 'bureau',
    ...changes,
  };
}

describe('web console: the e-mail editor', () => {
  let env: TestEnvironment;
  let app: INestApplication;
  let marketer: Agent;
  let manager: Agent;
  let id: string;
  let page: string;

  async function user(email: string, role: string): Promise<Agent> {
    const created = await runCli('user', 'create', email, '--role', role, '--json');
    expect(created.code).toBe(0);
    const agent = await consoleAgent(app);
    expect((await signIn(agent, email, created.json().password)).status).toBe(303);
    return agent;
  }

  beforeAll(async () => {
    env = await createTestEnvironment({ RELANCE_TRUST_PROXY: 'loopback' });
    app = await startHttp();
    marketer = await user('marketer@example.com', 'marketer');
    manager = await user('manager@example.com', 'manager');
    await app
      .get(ContactsService)
      .upsert({ external_id: 'HOST-1', first_name: HOSTILE, last_name: 'Alaoui', email: 'h@example.ma' });
    const list = await marketer.get('/modeles').expect(200);
    const duplicated = await marketer
      .post('/modeles/dupliquer')
      .type('form')
      .send({ _csrf: csrfOf(list.text), modele: 'templates/email/welcome.mjml' })
      .expect(303);
    const match = /^\/modeles\/([0-9a-f-]+)\/email$/.exec(duplicated.headers.location);
    expect(match).not.toBeNull();
    id = match![1];
    page = (await marketer.get(`/modeles/${id}/email`).expect(200)).text;
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  it('shows the source, subject, preheader, the completion list as data and its own script, never inline code', async () => {
    expect(page).toContain('<h1>E-mail : ');
    expect(page).toMatch(/<script src="\/console\/assets\/email-editor\.js\?v(=|&#x3D;)[0-9a-f]{12}" defer><\/script>/);
    expect(page).toMatch(/data-merge-fields="\[\{&quot;label&quot;:&quot;external_id&quot;/);
    expect(page).toContain('&quot;label&quot;:&quot;unsubscribe_url&quot;');
    expect(page).toContain('&quot;label&quot;:&quot;sender.name&quot;,&quot;detail&quot;:&quot;Maison Atlas&quot;');
    expect(page).not.toMatch(INLINE_CODE);
    expect(page).toContain('data-inbox-subject');
    expect(page).toMatch(
      /<iframe class="email-preview email-preview-bureau" sandbox="" src="\/modeles\/[0-9a-f-]+\/email\/apercu\.html\?brouillon(=|&#x3D;)/,
    );
    const script = await marketer
      .get(/src="(\/console\/assets\/email-editor\.js[^"]*)"/.exec(page)![1].replace('&#x3D;', '='))
      .expect(200);
    expect(script.headers['content-type']).toMatch(/javascript/);
  });

  it('answers 422 with the line in the editor when the MJML is broken, never a 500', async () => {
    const form = formOf(page, {});
    const lines = form.corps.split('\n');
    const at = lines.findIndex((line) => line.includes('<mj-column'));
    lines[at] = lines[at].replace('<mj-column', '<mj-colonne');
    const broken = await marketer
      .post(`/modeles/${id}/email/apercu`)
      .set('HX-Request', 'true')
      .type('form')
      .send({ ...form, corps: lines.join('\n') })
      .expect(422);
    expect(broken.text).toContain('Le MJML a un problème');
    expect(broken.text).toContain(`<strong>Ligne ${at + 1}</strong>`);
    expect(broken.text).toContain('mj-colonne');
    const handlebars = await marketer
      .post(`/modeles/${id}/email/apercu`)
      .set('HX-Request', 'true')
      .type('form')
      .send({ ...form, corps: `${form.corps.replace('{{salutation}}', '{{#if first_name}}{{salutation}}')}` })
      .expect(422);
    expect(handlebars.text).toContain('data-preview-problem');
    expect(handlebars.text).toMatch(/<strong>Ligne \d+<\/strong>/);
    // Without script, the same check is a whole page, with the form as typed.
    const whole = await marketer
      .post(`/modeles/${id}/email/apercu`)
      .type('form')
      .send({ ...form, corps: lines.join('\n') })
      .expect(422);
    expect(whole.text).toContain('<h1>E-mail : ');
    expect(whole.text).toContain('&lt;mj-colonne');
  });

  it('previews for a chosen contact, by external id or name, a hostile name as text in a sandboxed frame', async () => {
    const form = formOf(page, { contact: 'HOST-1', largeur: 'mobile', objet: 'Bonjour {{first_name}}' });
    const check = await marketer
      .post(`/modeles/${id}/email/apercu`)
      .set('HX-Request', 'true')
      .type('form')
      .send(form)
      .expect(200);
    expect(check.text).not.toContain(HOSTILE);
    expect(check.text).toContain('data-inbox-subject>Bonjour &lt;img src&#x3D;x onerror&#x3D;alert(…</span>');
    expect(check.text).toContain('Bienvenue parmi nous, &lt;img src&#x3D;x onerror&#x3D;alert(1)&gt; !');
    expect(check.text).toMatch(/width="375"/);
    const href = /src="(\/modeles\/[^"]+\/apercu\.html\?brouillon[^"]+)"/.exec(check.text)![1];
    const frame = await marketer.get(href.replace('&#x3D;', '=')).expect(200);
    expect(frame.headers['content-security-policy']).toMatch(/(^|;)\s*sandbox/);
    expect(frame.headers['content-security-policy']).toContain("default-src 'none'");
    expect(frame.text).not.toContain(HOSTILE);
    expect(frame.text).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    // Another user cannot read this preview.
    await manager.get(href.replace('&#x3D;', '=')).expect(404);
    const byName = await marketer
      .post(`/modeles/${id}/email/apercu`)
      .set('HX-Request', 'true')
      .type('form')
      .send({ ...form, contact: 'Alaoui' })
      .expect(200);
    expect(byName.text).toContain('(HOST-1)');
    const suggested = await marketer.get(`/modeles/${id}/email/clients?contact=Alaoui`).expect(200);
    expect(suggested.text).toContain(
      '<option value="HOST-1">&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt; Alaoui (HOST-1)</option>',
    );
    expect((await marketer.get(`/modeles/${id}/email/clients?contact=A`).expect(200)).text.trim()).toBe('');
    const nobody = await marketer
      .post(`/modeles/${id}/email/apercu`)
      .set('HX-Request', 'true')
      .type('form')
      .send({ ...form, contact: 'Personne-Inconnue' })
      .expect(200);
    expect(nobody.text).toContain('aucun client ne correspond à « Personne-Inconnue »');
  });

  it('saves a version (marketers only), and a draft that fails the linter says it cannot launch', async () => {
    const form = formOf(page, {
      objet: 'Bienvenue, {{first_name}} : votre carte vous attend',
      preheader: 'Vos avantages dès aujourd’hui',
    });
    await manager
      .post(`/modeles/${id}/email`)
      .type('form')
      .send({ ...formOf(page, {}), _csrf: csrfOf((await manager.get(`/modeles/${id}/email`).expect(200)).text) })
      .expect(403);
    const saved = await marketer.post(`/modeles/${id}/email`).type('form').send(form).expect(303);
    expect(saved.headers.location).toBe(`/modeles/${id}/email?enregistre=2`);
    const templates = app.get(TemplatesService);
    const version = await templates.version(id, 2);
    expect(emailParts(version.source)).toMatchObject({
      subject: 'Bienvenue, {{first_name}} : votre carte vous attend',
      preheader: 'Vos avantages dès aujourd’hui',
    });
    const shown = (await marketer.get(saved.headers.location).expect(200)).text;
    expect(shown).toContain('data-saved="2"');
    expect(shown).toContain('data-launch="ok"');
    // Without a subject, the linter refuses it: saved all the same, as a draft the page says cannot launch.
    const draft = await marketer
      .post(`/modeles/${id}/email`)
      .type('form')
      .send({ ...form, objet: '' })
      .expect(303);
    const draftPage = (await marketer.get(draft.headers.location).expect(200)).text;
    expect(draftPage).toContain('Brouillon : cet e-mail ne peut pas servir à lancer une campagne.');
    expect(draftPage).toContain('<code>subject-missing</code>');
    // Unreadable: not saved, the form comes back with what was typed and why.
    const refused = await marketer
      .post(`/modeles/${id}/email`)
      .type('form')
      .send({ ...form, corps: '{{#if x}}' })
      .expect(400);
    expect(refused.text).toContain("L'e-mail n'a pas été enregistré");
    expect(refused.text).toContain('{{#if x}}');
  });

  it('is not found for another channel or an unknown id', async () => {
    const list = await marketer.get('/modeles').expect(200);
    const letter = await marketer
      .post('/modeles/dupliquer')
      .type('form')
      .send({ _csrf: csrfOf(list.text), modele: 'templates/letters/winback.hbs' })
      .expect(303);
    const letterId = /\/modeles\/([0-9a-f-]+)/.exec(letter.headers.location)![1];
    await marketer.get(`/modeles/${letterId}/email`).expect(404);
    await marketer.get('/modeles/pas-un-id/email').expect(404);
    expect((await marketer.get(`/modeles/${id}`).expect(200)).text).toContain(`href="/modeles/${id}/email"`);
  });
});
