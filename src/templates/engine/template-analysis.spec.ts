import { parseTemplate } from './handlebars-environment';
import { analyseTemplate } from './template-analysis';

describe('template analysis', () => {
  const analysis = analyseTemplate(parseTemplate([
    '{{salutation}} {{first_name}} {{{campaign.data.block}}}',
    '{{#if attr.vip}}{{attr.level}}{{/if}}',
    '{{#each campaign.data.items}}{{name}} {{@index}} {{@root.last_name}}{{/each}}',
    '{{money (default attr.balance 0) "EUR"}} {{date today "short"}} {{> footer}}',
  ].join('\n')));

  it('lists variables with their position, scope and whether they are required', () => {
    const uses = analysis.variables.map((use) => [use.path, use.line, use.scoped, use.required, use.raw]);
    expect(uses).toEqual([
      ['first_name', 1, false, true, false],
      ['campaign.data.block', 1, false, true, true],
      ['attr.vip', 2, false, false, false],
      ['attr.level', 2, false, false, false],
      ['campaign.data.items', 3, false, false, false],
      ['name', 3, true, false, false],
      ['last_name', 3, false, false, false],
      ['attr.balance', 4, false, false, false],
      ['today', 4, false, true, false],
    ]);
  });

  it('lists helpers and refuses partials', () => {
    expect(analysis.helpers.map((helper) => helper.name)).toEqual(['salutation', 'if', 'each', 'money', 'default', 'date']);
    expect(analysis.problems).toEqual([{ kind: 'partial', line: 4, column: 64 }]);
  });

  it('maps positions back to paths and helper arguments', () => {
    expect(analysis.pathAt.get('2:18')).toBe('attr.level');
    expect(analysis.argumentsAt.get('4:41')).toEqual(['today', undefined]);
    expect(analysis.argumentsAt.get('4:8')).toEqual(['attr.balance', undefined]);
  });

  it('analyses a helper call named like an inherited property (the linter reports it; analysis must not throw)', () => {
    expect(analyseTemplate(parseTemplate('{{constructor 1}} {{toString first_name}}')).helpers.map((helper) => helper.name)).toEqual(['constructor', 'toString']);
  });
});
