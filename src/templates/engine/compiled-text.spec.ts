import { DomainError } from '../../core/errors/domain-error';
import { compileText, RenderError } from './compiled-text';
import { RecipientProblemCollector, recipientProblemsError, requiredVariables } from './recipient-check';

function attempt(render: () => unknown): RenderError {
  try {
    render();
  } catch (error) {
    return error as RenderError;
  }
  throw new Error('expected an error');
}

describe('compiled texts', () => {
  const source = { text: 'Bonjour {{first_name}},\n{{#if attr.vip}}{{attr.level}}{{/if}} {{money attr.balance}}', line: 10 };
  const text = compileText('templates/letters/x.hbs', 'body', source, 'markup');

  it('names the missing variable and its line in the file', () => {
    const error = attempt(() => text.render({ attr: { balance: 1 }, currency: 'EUR' }));
    expect(error).toBeInstanceOf(RenderError);
    expect(error).toMatchObject({ kind: 'missing', variable: 'first_name', line: 10 });
    expect(error.message).toBe('templates/letters/x.hbs, line 10 (body): {{first_name}} has no value');
  });

  it('maps a nested path and a helper argument back to their full names', () => {
    expect(attempt(() => text.render({ first_name: 'A', attr: { vip: true, balance: 1 }, currency: 'EUR' }))).toMatchObject({ variable: 'attr.level', line: 11 });
    expect(attempt(() => text.render({ first_name: 'A', attr: {} }))).toMatchObject({ variable: 'attr.balance', line: 11 });
  });

  it('reports syntax errors as a DomainError with the line', () => {
    expect(() => compileText('t.hbs', 'body', { text: 'a\n{{#if x}}b', line: 5 }, 'text')).toThrow(DomainError);
    try {
      compileText('t.hbs', 'body', { text: 'a\n{{unknown_helper x}}', line: 5 }, 'text');
    } catch (error) {
      expect((error as DomainError).message).toBe('t.hbs, line 6 (body): unknown helper unknown_helper');
    }
  });

  it('knows which variables are required whatever the branch', () => {
    expect(requiredVariables([text]).sort()).toEqual(['attr.balance', 'first_name']);
  });
});

describe('the launch check over an audience', () => {
  it('fails naming the variable and the 3 contacts of 1,000 that lack it', () => {
    const text = compileText('templates/email/birthday.mjml', 'subject', { text: 'Joyeux anniversaire {{first_name}} !', line: 3 }, 'text');
    const collector = new RecipientProblemCollector(requiredVariables([text]));
    const lacking = new Set([17, 512, 998]);
    for (let index = 0; index < 1000; index++) {
      const data = lacking.has(index) ? { last_name: 'X' } : { first_name: `P${index}` };
      collector.check({ external_id: `C${index}`, data }, () => text.render(data));
    }
    const problems = collector.result();
    expect(problems).toMatchObject({ total: 1000, missing: [{ variable: 'first_name', count: 3, external_ids: ['C17', 'C512', 'C998'] }] });
    const error = recipientProblemsError('templates/email/birthday.mjml', problems);
    expect(error.code).toBe('templates.missing_variable');
    expect(error.message).toContain('{{first_name}} has no value for 3 of 1000 contacts (C17, C512, C998)');
  });
});
