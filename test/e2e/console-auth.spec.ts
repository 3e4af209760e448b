import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { UsersService } from '../../src/core/auth/users.service';
import { SIGN_IN_LIMITS } from '../../src/core/auth/sign-in-throttle.service';
import { runCli } from '../support/cli';
import { consoleAgent, csrfOf, signIn } from '../support/console-session';
import { createTestEnvironment, startHttp, type TestEnvironment } from '../support/test-app';

/** What the page policy refuses in a page: any inline script or style, event attributes, javascript: URLs. */
const INLINE_CODE = /<script(?![^>]*\ssrc=)[^>]*>|<style\b|\sstyle\s*=|\son[a-z]+\s*=|javascript:/i;

describe('web console: sign-in, sessions, CSRF, roles', () => {
  let env: TestEnvironment;
  let app: INestApplication;
  let admin: { email: string; password: string };
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    env = await createTestEnvironment({ RELANCE_TRUST_PROXY: 'loopback' });
    const created = await runCli(
      'user',
      'create',
      'Admin@Example.com',
      '--role',
      'admin',
      '--name',
      'Amina Admin',
      '--json',
    );
    expect(created.code).toBe(0);
    admin = { email: 'admin@example.com', password: created.json().password };
    app = await startHttp();
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  it('sends a signed-out visitor to /connexion, and back to the page after signing in', async () => {
    const home = await http().get('/').expect(303);
    expect(home.headers.location).toBe('/connexion');
    const deep = await http().get('/campagnes').expect(303);
    expect(deep.headers.location).toBe('/connexion?suite=%2Fcampagnes');
    const agent = await consoleAgent(app);
    const form = await agent.get('/connexion?suite=%2Fcampagnes').expect(200);
    expect(form.text).toContain('value="/campagnes"');
    const signedIn = await agent
      .post('/connexion')
      .type('form')
      .send({ email: admin.email, password: admin.password, _csrf: csrfOf(form.text), suite: '/campagnes' })
      .expect(303);
    expect(signedIn.headers.location).toBe('/campagnes');
    const page = await agent.get('/campagnes').expect(200);
    expect(page.text).toContain('<h1>Campagnes</h1>');
    // A page still to come says so, and so does a page below it; an unknown page is not found.
    expect((await agent.get('/appels').expect(200)).text).toContain('Bientôt');
    expect((await agent.get('/appels/4b1c2d').expect(200)).text).toContain('Bientôt');
    await agent.get('/nulle-part').expect(404);
  });

  it('never sends a signed-in user elsewhere than relance after sign-in', async () => {
    const agent = await consoleAgent(app);
    const form = await agent.get('/connexion').expect(200);
    const signedIn = await agent
      .post('/connexion')
      .type('form')
      .send({ email: admin.email, password: admin.password, _csrf: csrfOf(form.text), suite: '//evil.example/x' })
      .expect(303);
    expect(signedIn.headers.location).toBe('/');
  });

  it('sets the session cookie HttpOnly and SameSite=Lax, and shows the layout under the page policy', async () => {
    const agent = await consoleAgent(app);
    const signedIn = await signIn(agent, admin.email, admin.password);
    expect(signedIn.status).toBe(303);
    const cookie = ([] as string[])
      .concat(signedIn.headers['set-cookie'])
      .find((line) => line.startsWith('relance_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const page = await agent.get('/').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(page.text).not.toMatch(INLINE_CODE);
    for (const label of [
      'Tableau de bord',
      'Campagnes',
      'Automatisations',
      'Segments',
      'Modèles',
      'Contacts',
      'Réclamations',
      'Boîte d&#x27;envoi',
      'Paramètres',
    ]) {
      expect(page.text).toContain(label);
    }
    expect(page.text).toContain('Amina Admin');
    expect(page.text).toMatch(/<script src="\/console\/assets\/console\.js\?v(=|&#x3D;)[a-z0-9]+" defer><\/script>/);
  });

  it('refuses a wrong password, and an unknown account the same way', async () => {
    const wrong = await signIn(await consoleAgent(app), admin.email, 'not the password', '10.1.0.1');
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('Adresse e-mail ou mot de passe incorrect.');
    const unknown = await signIn(await consoleAgent(app), 'nobody@example.com', 'whatever-123', '10.1.0.1');
    expect(unknown.status).toBe(401);
    expect(unknown.text).toContain('Adresse e-mail ou mot de passe incorrect.');
  });

  it('throttles sign-in per account: after too many failures even the right password waits', async () => {
    const { password } = await app.get(UsersService).create({ email: 'throttled@example.com', role: 'marketer' });
    for (let attempt = 0; attempt < SIGN_IN_LIMITS.perAccount; attempt++) {
      expect(
        (await signIn(await consoleAgent(app), 'throttled@example.com', 'wrong-password', `10.2.0.${attempt}`)).status,
      ).toBe(401);
    }
    const refused = await signIn(await consoleAgent(app), 'throttled@example.com', password!, '10.2.1.1');
    expect(refused.status).toBe(429);
    expect(refused.text).toMatch(/Trop de tentatives, réessayez dans 1[0-5] minutes\./);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(800);
    // Once the failures have aged out, the account signs in again.
    await app
      .get(DataSource)
      .query(`UPDATE sign_in_failures SET at = at - interval '16 minutes' WHERE account = 'throttled@example.com'`);
    expect((await signIn(await consoleAgent(app), 'throttled@example.com', password!, '10.2.1.1')).status).toBe(303);
  });

  it('throttles sign-in per address: many accounts tried from one address', async () => {
    for (let attempt = 0; attempt < SIGN_IN_LIMITS.perAddress; attempt++) {
      expect(
        (await signIn(await consoleAgent(app), `guess${attempt}@example.com`, 'wrong-password', '10.3.0.1')).status,
      ).toBe(401);
    }
    expect((await signIn(await consoleAgent(app), admin.email, admin.password, '10.3.0.1')).status).toBe(429);
    expect((await signIn(await consoleAgent(app), admin.email, admin.password, '10.3.0.2')).status).toBe(303);
  });

  it('refuses a sign-in form posted without its CSRF token or from another site', async () => {
    const agent = await consoleAgent(app);
    const form = await agent.get('/connexion');
    await agent.post('/connexion').type('form').send({ email: admin.email, password: admin.password }).expect(403);
    await agent
      .post('/connexion')
      .type('form')
      .set('Origin', 'https://evil.example')
      .send({ email: admin.email, password: admin.password, _csrf: csrfOf(form.text) })
      .expect(403);
  });

  it('refuses a state-changing request without the CSRF token, from another site, or without a session (403)', async () => {
    const agent = await consoleAgent(app);
    await signIn(agent, admin.email, admin.password);
    const page = await agent.get('/parametres').expect(200);
    const csrf = csrfOf(page.text);
    await agent.post('/parametres/cles').type('form').send({ role: 'manager' }).expect(403);
    await agent
      .post('/parametres/cles')
      .type('form')
      .send({ role: 'manager', _csrf: 'x'.repeat(csrf.length) })
      .expect(403);
    await agent
      .post('/parametres/cles')
      .type('form')
      .set('Origin', 'https://evil.example')
      .send({ role: 'manager', _csrf: csrf })
      .expect(403);
    await agent
      .post('/parametres/cles')
      .type('form')
      .set('Sec-Fetch-Site', 'cross-site')
      .send({ role: 'manager', _csrf: csrf })
      .expect(403);
    await http().post('/parametres/cles').type('form').send({ role: 'manager', _csrf: csrf }).expect(403);
    const created = await agent
      .post('/parametres/cles')
      .type('form')
      .send({ role: 'manager', label: 'tableur', _csrf: csrf })
      .expect(200);
    expect(created.text).toMatch(/<code class="secret" data-secret>rl_[a-z0-9]{12}_[A-Za-z0-9_-]{43}<\/code>/);
    // htmx sends the token as a header.
    await agent.post('/parametres/cles').set('X-CSRF-Token', csrf).type('form').send({ role: 'manager' }).expect(200);
  });

  it('keeps Paramètres for admins: a marketer or a manager gets 403, and no link to it', async () => {
    for (const role of ['marketer', 'manager']) {
      const { password } = await app.get(UsersService).create({ email: `${role}@example.com`, role });
      const agent = await consoleAgent(app);
      expect((await signIn(agent, `${role}@example.com`, password!)).status).toBe(303);
      const home = await agent.get('/').expect(200);
      expect(home.text).not.toContain('href="/parametres"');
      const refused = await agent.get('/parametres').expect(403);
      expect(refused.text).toContain('Accès refusé');
      await agent
        .post('/parametres/cles')
        .type('form')
        .send({ role: 'admin', _csrf: csrfOf(home.text) })
        .expect(403);
    }
  });

  it('signs out, and signs out everywhere', async () => {
    const first = await consoleAgent(app);
    const second = await consoleAgent(app);
    await signIn(first, admin.email, admin.password);
    await signIn(second, admin.email, admin.password);
    const page = await first.get('/').expect(200);
    const out = await first
      .post('/deconnexion')
      .type('form')
      .send({ _csrf: csrfOf(page.text) })
      .expect(303);
    expect(out.headers.location).toBe('/connexion?au-revoir');
    await first.get('/').expect(303);
    await second.get('/').expect(200);

    const third = await consoleAgent(app);
    await signIn(third, admin.email, admin.password);
    const thirdPage = await third.get('/').expect(200);
    await third
      .post('/deconnexion/partout')
      .type('form')
      .send({ _csrf: csrfOf(thirdPage.text) })
      .expect(303);
    await second.get('/').expect(303);
    await third.get('/').expect(303);
  });

  it('ends a session after its idle time and after its absolute lifetime', async () => {
    const db = app.get(DataSource);
    const agent = await consoleAgent(app);
    await signIn(agent, admin.email, admin.password);
    await agent.get('/').expect(200);
    await db.query(`UPDATE console_sessions SET last_seen_at = now() - interval '3 hours'`);
    await agent.get('/').expect(303);
    await signIn(agent, admin.email, admin.password);
    await agent.get('/').expect(200);
    await db.query(`UPDATE console_sessions SET expires_at = now() - interval '1 second'`);
    await agent.get('/').expect(303);
  });

  it('manages users from Paramètres through the same service, names shown as text', async () => {
    const agent = await consoleAgent(app);
    await signIn(agent, admin.email, admin.password);
    const page = await agent.get('/parametres').expect(200);
    const csrf = csrfOf(page.text);
    const created = await agent
      .post('/parametres/utilisateurs')
      .type('form')
      .send({ email: 'xss@example.com', name: '<img src=x onerror=alert(1)>', role: 'manager', _csrf: csrf })
      .expect(200);
    expect(created.text).not.toContain('<img src=x');
    expect(created.text).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    const password = /data-secret>([^<]+)</.exec(created.text)![1];
    expect((await signIn(await consoleAgent(app), 'xss@example.com', password)).status).toBe(303);

    const invalid = await agent
      .post('/parametres/utilisateurs')
      .type('form')
      .send({ email: 'not-an-email', role: 'manager', _csrf: csrf })
      .expect(400);
    expect(invalid.text).toContain("L'adresse e-mail n'est pas valide.");
    const taken = await agent
      .post('/parametres/utilisateurs')
      .type('form')
      .send({ email: 'XSS@example.com', role: 'manager', _csrf: csrf })
      .expect(409);
    expect(taken.text).toContain('Un utilisateur a déjà cette adresse e-mail.');

    const user = await app.get(UsersService).findByEmail('xss@example.com');
    const reset = await agent
      .post(`/parametres/utilisateurs/${user.id}/mot-de-passe`)
      .type('form')
      .send({ _csrf: csrf })
      .expect(200);
    const newPassword = /data-secret>([^<]+)</.exec(reset.text)![1];
    expect(newPassword).not.toBe(password);
    expect((await signIn(await consoleAgent(app), 'xss@example.com', password)).status).toBe(401);
    const disabled = await agent
      .post(`/parametres/utilisateurs/${user.id}/desactiver`)
      .type('form')
      .send({ _csrf: csrf })
      .expect(303);
    expect(disabled.headers.location).toBe('/parametres?fait=utilisateur-desactive');
    expect((await signIn(await consoleAgent(app), 'xss@example.com', newPassword)).status).toBe(401);
  });

  it('shows the consent policy in French, the sender, and the configuration with secrets masked', async () => {
    const agent = await consoleAgent(app);
    await signIn(agent, admin.email, admin.password);
    const page = await agent.get('/parametres').expect(200);
    expect(page.text).toContain('Politique de consentement en vigueur');
    expect(page.text).toContain('consentement préalable');
    expect(page.text).toContain('lundi au vendredi, 10:00–13:00');
    expect(page.text).toContain('SECRET_KEY');
    expect(page.text).not.toContain(env.env.SECRET_KEY);
    expect(page.text).toContain('Service clients');
  });

  it('revokes an API key from Paramètres', async () => {
    const agent = await consoleAgent(app);
    await signIn(agent, admin.email, admin.password);
    const csrf = csrfOf((await agent.get('/parametres')).text);
    const created = await agent
      .post('/parametres/cles')
      .type('form')
      .send({ role: 'marketer', _csrf: csrf })
      .expect(200);
    const key = /data-secret>([^<]+)</.exec(created.text)![1];
    await http().get('/api/v1/campaigns').set('Authorization', `Bearer ${key}`).expect(200);
    const id = key.split('_')[1];
    await agent.post(`/parametres/cles/${id}/revoquer`).type('form').send({ _csrf: csrf }).expect(303);
    await http().get('/api/v1/campaigns').set('Authorization', `Bearer ${key}`).expect(401);
  });

  it('serves the bundled assets only from relance (and refuses other names)', async () => {
    await http().get('/console/assets/secret.key').expect(404);
    await http().get('/console/assets/..%2Fpackage.json').expect(404);
  });
});

describe('web console over https', () => {
  let env: TestEnvironment;
  let app: INestApplication;

  beforeAll(async () => {
    env = await createTestEnvironment({ PUBLIC_URL: 'https://relance.example' });
    app = await startHttp();
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  it('marks the session cookie Secure when PUBLIC_URL is https', async () => {
    const { password } = await app.get(UsersService).create({ email: 'secure@example.com', role: 'admin' });
    // Over plain HTTP a client keeps no Secure cookie: the sign-in form's is sent back by hand.
    const form = await request(app.getHttpServer()).get('/connexion').expect(200);
    const formCookie = ([] as string[]).concat(form.headers['set-cookie'])[0].split(';')[0];
    expect(form.headers['set-cookie'][0]).toMatch(/; Secure/);
    const signedIn = await request(app.getHttpServer())
      .post('/connexion')
      .set('Cookie', formCookie)
      .type('form')
      .send({ email: 'secure@example.com', password, _csrf: csrfOf(form.text) });
    expect(signedIn.status).toBe(303);
    const cookie = ([] as string[])
      .concat(signedIn.headers['set-cookie'])
      .find((line) => line.startsWith('relance_session='))!;
    expect(cookie).toMatch(/; Secure/);
  });
});
