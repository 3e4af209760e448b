import { addTracking, decodeAttribute, isTrackableHref, resolveTrackedHref } from './tracked-links';

const HTML = `<html><body><a href="https://boutique.example/printemps?utm=mail&amp;x=1">Voir</a>
<a class="b" href='{{response_url}}&amp;score=9'>9</a>
<a href="{{unsubscribe_url}}">Se désinscrire</a>
<a href="https://boutique.example/desinscription">Désinscription</a>
<a href="mailto:contact@boutique.example">Écrire</a>
<a href="https://{{attr.shop}}/x">Boutique</a>
<a href="https://boutique.example/printemps?utm=mail&amp;x=1">Encore</a></body></html>`;

describe('tracked links', () => {
  it('rewrites literal http(s) links and the response link, once per distinct href, and adds the pixel', () => {
    const tracked = addTracking(HTML, 'https://relance.example');
    expect(tracked.links).toEqual(['https://boutique.example/printemps?utm=mail&amp;x=1', '{{response_url}}&amp;score=9']);
    expect(tracked.html.match(/\/t\/c\/\{\{@relance_link_0\}\}/g)).toHaveLength(2);
    expect(tracked.html).toContain(`<a class="b" href='https://relance.example/t/c/{{@relance_link_1}}'>`);
    expect(tracked.html).toContain('href="{{unsubscribe_url}}"');
    expect(tracked.html).toContain('href="https://boutique.example/desinscription"');
    expect(tracked.html).toContain('href="mailto:contact@boutique.example"');
    expect(tracked.html).toContain('href="https://{{attr.shop}}/x"');
    expect(tracked.html).toMatch(/<img src="https:\/\/relance.example\/t\/o\/\{\{@relance_open\}\}.gif"[^>]*\/><\/body>/);
  });

  it.each([
    ['javascript:alert(1)', false], ['//evil.example', false], ['http://', false], ['{{response_url}}{{x}}', false], ['{{{response_url}}}', true], ['HTTPS://A.EXAMPLE', true],
  ])('%s trackable: %s', (href, expected) => expect(isTrackableHref(href)).toBe(expected));

  it('resolves a stored href to the URL the browser would have followed', () => {
    const message = { responseUrl: 'https://relance.example/r?c=7K3M9QX2F4P' };
    expect(resolveTrackedHref('https://boutique.example/p?a=1&amp;b=2', message)).toBe('https://boutique.example/p?a=1&b=2');
    expect(resolveTrackedHref('{{response_url}}&amp;score=9', message)).toBe('https://relance.example/r?c=7K3M9QX2F4P&score=9');
    expect(resolveTrackedHref('javascript:alert(1)', message)).toBeUndefined();
    expect(resolveTrackedHref('{{attr.url}}', message)).toBeUndefined();
    expect(decodeAttribute('a&#x3D;b&#61;c&unknown;')).toBe('a=b=c&unknown;');
  });

  it('leaves an entity named like an inherited property as written', () => {
    expect(decodeAttribute('a&constructor;b&toString;')).toBe('a&constructor;b&toString;');
  });
});
