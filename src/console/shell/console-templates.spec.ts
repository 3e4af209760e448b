import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RelanceConfigType } from '../../core/config/relance-config';
import type { ConsoleSession } from '../../core/auth/sessions.service';
import { CONSOLE_TEMPLATES, ConsoleRenderer } from './console-renderer';

function files(folder: string): string[] {
  return fs
    .readdirSync(folder, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? files(path.join(folder, entry.name)) : [path.join(folder, entry.name)]));
}

const config = {
  smtpUrl: undefined,
  smsUrl: undefined,
  defaultTimezone: 'Europe/Paris',
} as unknown as RelanceConfigType;
const session: ConsoleSession = {
  id: 's',
  csrfToken: 'token-123',
  expiresAt: new Date(),
  user: { id: 'u1', email: 'a@example.com', name: '<img src=x onerror=alert(1)>', role: 'admin' },
};

describe('console templates', () => {
  it('never print unescaped: no triple-stash, no {{& …}}, no inline script, style or event attribute', () => {
    const templates = files(CONSOLE_TEMPLATES).filter((file) => file.endsWith('.hbs'));
    expect(templates.length).toBeGreaterThan(3);
    for (const file of templates) {
      const source = fs.readFileSync(file, 'utf8');
      const where = path.relative(CONSOLE_TEMPLATES, file);
      expect({ where, unescaped: /\{\{\{|\{\{~?\s*&/.test(source) }).toEqual({ where, unescaped: false });
      expect({
        where,
        inline: /<script(?![^>]*\ssrc=)[^>]*>|<style\b|\sstyle\s*=|\son[a-z]+\s*=|javascript:/i.test(source),
      }).toEqual({ where, inline: false });
    }
  });

  it('are compiled strictly: a field the page forgot is an error, not an empty string', () => {
    const renderer = new ConsoleRenderer(config);
    expect(() =>
      renderer.render('error', 'Page introuvable', { heading: 'Page introuvable' }, { path: '/campagnes', session }),
    ).toThrow(/message/);
  });

  it('escape what people typed, in the layout and in the pages', () => {
    const renderer = new ConsoleRenderer(config);
    const html = renderer.render(
      'error',
      'Erreur',
      { heading: '<b>titre</b>', message: '"><script>alert(1)</script>' },
      { path: '/', session },
    );
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    expect(html).toContain('&lt;b&gt;titre&lt;/b&gt;');
    expect(html).toContain('hx-headers=\'{"X-CSRF-Token": "token-123"}\'');
  });

  it('show the outbox only when e-mails or SMS go to files', () => {
    const withFiles = new ConsoleRenderer(config).render(
      'error',
      'x',
      { heading: 'x', message: 'x' },
      { path: '/', session },
    );
    expect(withFiles).toContain('href="/boite-d-envoi"');
    const connected = new ConsoleRenderer({
      ...config,
      smtpUrl: 'smtp://mail:25',
      smsUrl: 'https://sms.example',
    }).render('error', 'x', { heading: 'x', message: 'x' }, { path: '/', session });
    expect(connected).not.toContain('href="/boite-d-envoi"');
  });
});
