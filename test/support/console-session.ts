import type { INestApplication } from '@nestjs/common';
import request from 'supertest';

/** The hidden `_csrf` field of a console page. */
export function csrfOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no _csrf field in the page');
  return match[1];
}

/** A cookie-keeping client of the console, signed in through the real form (GET /connexion, then POST). */
export function consoleAgent(app: INestApplication): Promise<ReturnType<typeof request.agent>> {
  return Promise.resolve(request.agent(app.getHttpServer()));
}

/** A fresh address each time (with RELANCE_TRUST_PROXY=loopback): the form pages never use up the page rate limit of one address. */
function anyAddress(): string {
  return `10.250.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
}

/** Signs in through the form; the post comes from `address` when given (the sign-in throttle counts per address). */
export async function signIn(
  agent: ReturnType<typeof request.agent>,
  email: string,
  password: string,
  address = anyAddress(),
) {
  const form = await agent.get('/connexion').set('X-Forwarded-For', anyAddress());
  return agent
    .post('/connexion')
    .type('form')
    .set('X-Forwarded-For', address)
    .send({ email, password, _csrf: csrfOf(form.text), suite: '/' });
}
