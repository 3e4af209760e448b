import { htmlToText } from './html-to-text';

describe('the plain-text alternative', () => {
  it('keeps the reading order, paragraphs and links, and drops what is not read', () => {
    const html = `<!doctype html><html><head><title>T</title><style>p{color:red}</style></head><body>
      <div style="display:none">préheader caché</div>
      <table><tr><td><div>Bonjour {{first_name}},</div></td></tr></table>
      <p>Votre <b>offre</b> &amp; vos   avantages.<br>Deuxième ligne.</p>
      <ul><li>un</li><li>deux</li></ul>
      <a href="{{response_url}}">Je réponds</a> <a href="https://x.example/">https://x.example/</a>
      <a href="{{unsubscribe_url}}"><img alt="Se désinscrire" src="x.png"></a>
    </body></html>`;
    expect(htmlToText(html)).toBe(
      'Bonjour {{first_name}},\n\nVotre offre & vos avantages.\nDeuxième ligne.\n\n- un\n- deux\n\nJe réponds ({{response_url}}) https://x.example/ Se désinscrire ({{unsubscribe_url}})\n',
    );
  });

  it('keeps Handlebars blocks where they were', () => {
    expect(htmlToText('<p>{{#if attr.vip}}<b>VIP</b>{{else}}client{{/if}}</p>')).toBe('{{#if attr.vip}}VIP{{else}}client{{/if}}\n');
  });
});
