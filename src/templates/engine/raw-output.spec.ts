import fc from 'fast-check';
import { decodeQuotedPrintable } from '../email/quoted-printable';
import { compileText, RenderError } from './compiled-text';
import { compileTemplate, parseTemplate, type OutputMode } from './handlebars-environment';
import { buildRecipientData, withRawRoot } from './recipient-data';
import { analyseTemplate } from './template-analysis';

const PROBE = 'A:{{#with first_name}}{{{this}}}{{/with}} B:{{#with attr as |sender|}}{{{sender.note}}}{{/with}} C:{{#with last_name}}{{{.}}}{{/with}}';

/** Operator content, which may be printed raw. */
const TRUSTED = { sender: { name: '<b>sender</b>', note: '<b>sender note</b>' }, campaign: { name: '<b>campaign</b>', data: { block: '<b>block</b>' } } };
const BUILT = { publicUrl: 'https://relance.example', today: '2027-01-10', defaultCurrency: 'MAD' };

function render(source: string, mode: OutputMode, data: unknown): string | undefined {
  try {
    const output = compileTemplate(source, mode)(data);
    return mode === 'html-qp' ? decodeQuotedPrintable(output) : output;
  } catch {
    return undefined; // strict mode: a name the data lacks in that context; nothing was printed
  }
}

describe('raw output', () => {
  // As recipient-data.ts builds it: the sender and campaign are also the raw root.
  const contact = withRawRoot({ first_name: '<i>a</i>', last_name: '<i>c</i>', attr: { note: '<i>b</i>' }, ...TRUSTED }, TRUSTED);

  it('never prints contact data raw through this, . or a block parameter', () => {
    expect(render(PROBE, 'html', contact)).toBe('A:&lt;i&gt;a&lt;/i&gt; B:&lt;i&gt;b&lt;/i&gt; C:&lt;i&gt;c&lt;/i&gt;');
    expect(render(PROBE, 'markup', { ...contact, first_name: '**a**' })).toContain('A:\\*\\*a\\*\\*');
  });

  it('prints the sender and campaign raw by their full name, read from the root whatever the block', () => {
    expect(render('{{{campaign.data.block}}} {{& sender.name}}', 'html', contact)).toBe('<b>block</b> <b>sender</b>');
    const shadowed = '{{#with attr as |root|}}{{{@root.sender.note}}}{{/with}} {{#each items as |sender|}}{{{@root.sender.note}}}{{/each}}';
    expect(render(shadowed, 'html', { ...contact, attr: { sender: { note: '<i>x</i>' } }, items: [{ note: '<i>y</i>' }] })).toBe('<b>sender note</b> <b>sender note</b>');
    expect(render('{{#with attr}}{{{sender.note}}}{{/with}}', 'html', { ...contact, attr: { sender: { note: '<i>x</i>' } } })).toBe('&lt;i&gt;x&lt;/i&gt;');
  });

  it('escapes helpers, @-variables and ../ in raw position', () => {
    const source = '{{{default first_name "x"}}} {{{upper last_name}}} {{#each items}}{{{@index}}}{{{../first_name}}}{{/each}}';
    expect(render(source, 'html', { ...contact, items: ['a'] })).toBe('&lt;i&gt;a&lt;/i&gt; &lt;I&gt;C&lt;/I&gt; 0&lt;i&gt;a&lt;/i&gt;');
  });

  it('prints a service message\'s request escaped, whatever the spelling (issue 15, item 2)', () => {
    const data = { ...contact, request: { complaint_subject: '<i>r</i>' } };
    expect(render('{{{request.complaint_subject}}} {{& @root.request.complaint_subject}} {{#with request}}{{{complaint_subject}}}{{/with}}', 'html', data))
      .toBe('&lt;i&gt;r&lt;/i&gt; &lt;i&gt;r&lt;/i&gt; &lt;i&gt;r&lt;/i&gt;');
    expect(analyseTemplate(parseTemplate('{{{request.complaint_subject}}}')).rawOutputs[0].refused).toContain("request.* is what a service message answers");
  });

  it('prints raw only the campaign\'s own data, never what a trigger or an event adds to it (issue 15, item 2)', () => {
    const event = '<img src=x onerror=alert(1)>';
    const data = buildRecipientData({ external_id: 'P1', first_name: 'Imane' }, {
      ...BUILT, sender: TRUSTED.sender, campaign: { data: { intro: '<b>Merci</b>', filleul: 'votre filleul' } }, trigger: { filleul: event, occurred_at: '2027-06-01' },
    });
    expect(render('{{{campaign.data.intro}}} {{campaign.data.filleul}} {{campaign.data.occurred_at}}', 'html', data))
      .toBe('<b>Merci</b> &lt;img src&#x3D;x onerror&#x3D;alert(1)&gt; 2027-06-01');
    // Raw, the event's value prints nothing: the message fails, naming what to write instead.
    const text = compileText('Merci brut', 'body', { text: 'Merci\n{{{campaign.data.filleul}}}', line: 1 }, 'html');
    expect(() => text.render(data)).toThrow(RenderError);
    expect(() => text.render(data)).toThrow('Merci brut, line 2 (body): {{{campaign.data.filleul}}} prints raw only what the campaign or automation itself gives, '
      + "and this message's campaign.data.filleul comes from its trigger or event: write {{campaign.data.filleul}} to print it escaped");
    for (const spelling of ['{{{campaign.data.occurred_at}}}', '{{& campaign.data.filleul}}', '{{#each attr}}{{{@root.campaign.data.filleul}}}{{/each}}']) {
      expect(render(spelling, 'html', { ...data, attr: { x: 1 } })).toBeUndefined();
    }
    // Merge data that recipient-data.ts did not build has no raw root: nothing prints raw.
    expect(render('{{{sender.name}}}', 'html', { ...TRUSTED })).toBeUndefined();
    expect(render('{{sender.name}}', 'html', { ...TRUSTED })).toBe('&lt;b&gt;sender&lt;/b&gt;');
  });

  it('reports every refused raw output, and names the path of an allowed one', () => {
    const analysis = analyseTemplate(parseTemplate(`${PROBE} {{{campaign.data.block}}} {{#each items}}{{{campaign.data.block}}}{{/each}}`));
    expect(analysis.rawOutputs.map((output) => [output.expression, output.path])).toEqual([
      ['{{{this}}}', undefined], ['{{{sender.note}}}', undefined], ['{{{.}}}', undefined], ['{{{campaign.data.block}}}', 'campaign.data.block'], ['{{{campaign.data.block}}}', undefined],
    ]);
    expect(analysis.rawOutputs[4].refused).toContain('write {{{@root.campaign.data.block}}}');
  });

  it('never lets contact, request, trigger or event data reach the output unescaped, whatever the template (property)', () => {
    // Every such string carries the same marker: after escaping, "<x-contact" and "**c**" cannot appear.
    const hostile = '<x-contact>"\'&amp; **c**</x-contact>';
    const record = { note: hostile, first_name: hostile, sender: { note: hostile, name: hostile }, campaign: { data: { block: hostile } } };
    // Built as the campaign engine builds it, with what an automation's trigger or an event adds
    // to the campaign's data (some of it under the campaign's own names).
    const built = buildRecipientData({ external_id: 'P1', first_name: hostile, last_name: hostile, attributes: { ...record, items: [hostile, record], attr: record } }, {
      ...BUILT, sender: TRUSTED.sender, campaign: { name: TRUSTED.campaign.name, data: { block: '<b>block</b>', overridden: '<b>own</b>' } },
      trigger: { event_note: hostile, overridden: hostile, date: hostile, sender: record, items: [hostile, record] }, request: record,
    });
    const data = { ...built, note: hostile, items: [hostile, record, [hostile]] };
    const paths = ['this', '.', '../first_name', '../../attr.note', 'first_name', 'note', 'sender.note', 'campaign.data.block', '@root.sender.note',
      '@root.campaign.data.block', '@root.first_name', 'request.note', '@root.request.sender.note', 'this.sender.note', './sender.note', 'attr.sender.note', '[sender].note', '@index', 'root.sender.note', 'items',
      'campaign.data.event_note', '@root.campaign.data.event_note', 'campaign.data.overridden', 'campaign.data.date', 'campaign.data.sender.note', '@root.campaign.data.items'];
    const contexts = ['first_name', 'attr', 'attr.sender', 'attr.items', 'attr.attr', 'items', 'sender', 'campaign', 'campaign.data', 'campaign.data.sender', 'campaign.data.items', 'request', 'this', '../attr'];
    const names = ['sender', 'campaign', 'root', 'item', 'attr'];
    const path = fc.constantFrom(...paths);
    const { template } = fc.letrec<{ template: string; leaf: string }>((tie) => ({
      leaf: fc.oneof(
        path.map((p) => `{{{${p}}}}`), path.map((p) => `{{& ${p}}}`), path.map((p) => `{{${p}}}`),
        path.map((p) => `{{{default ${p} "x"}}}`), fc.constant(' text '),
      ),
      template: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        tie('leaf'),
        fc.array(tie('template'), { minLength: 1, maxLength: 3 }).map((parts) => parts.join('')),
        fc.tuple(fc.constantFrom('with', 'each'), fc.constantFrom(...contexts), fc.option(fc.constantFrom(...names)), fc.option(fc.constantFrom(...names)), tie('template'))
          .map(([helper, context, first, second, body]) => `{{#${helper} ${context}${first ? ` as |${[first, second].filter(Boolean).join(' ')}|` : ''}}}${body}{{/${helper}}}`),
        fc.tuple(fc.constantFrom('if', 'unless'), fc.constantFrom(...contexts), tie('template'), tie('template'))
          .map(([helper, context, body, otherwise]) => `{{#${helper} ${context}}}${body}{{else}}${otherwise}{{/${helper}}}`),
        fc.tuple(fc.constantFrom('first_name', 'attr', 'items', 'sender'), tie('template')).map(([section, body]) => `{{#${section}}}${body}{{/${section}}}`),
      ),
    }));
    let rendered = 0;
    fc.assert(
      fc.property(template, (source) => {
        for (const mode of ['html', 'html-qp'] as const) {
          const output = render(source, mode, data);
          if (output === undefined) continue;
          rendered++;
          expect(output).not.toContain('<x-contact');
        }
        const markup = render(source, 'markup', data);
        if (markup !== undefined) expect(markup).not.toContain('**c**');
      }),
      { numRuns: 500 },
    );
    expect(rendered).toBeGreaterThan(300);
  });
});
