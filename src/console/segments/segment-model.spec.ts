import fc from 'fast-check';
import {
  modelToRules,
  nodeForProblem,
  nodePaths,
  rulesToModel,
  RulesShapeError,
} from '../../../assets/console/segment-model';
import { validateRules } from '../../segments/rule-validator';
import { rulesArbitrary } from '../../../test/support/segment-arbitraries';
import { DomainError } from '../../core/errors/domain-error';

describe('the rule builder model', () => {
  it('gives back the same JSON for any rule set: rules → model → rules', () => {
    fc.assert(
      fc.property(rulesArbitrary, (rules) => {
        expect(JSON.stringify(modelToRules(rulesToModel(rules)))).toBe(JSON.stringify(rules));
      }),
      { numRuns: 500 },
    );
  });

  it('holds "aucune" as {"not":{"any":[…]}} and any other negation as {"not":…}', () => {
    const none = rulesToModel({ not: { any: [{ field: 'silent', op: 'eq', value: true }] } });
    expect(none.group).toBe('none');
    const not = rulesToModel({ not: { all: [] } });
    expect(not).toEqual({ kind: 'group', group: 'not', children: [{ kind: 'group', group: 'all', children: [] }] });
  });

  it('refuses what is not a rule set, naming where', () => {
    expect(() => rulesToModel({ field: 'city', op: 'eq', value: 'Caen' })).toThrow(RulesShapeError);
    expect(() => rulesToModel({ all: [{ field: 'city', op: 'eq', valeur: 'Caen' }] })).toThrow(
      '(rules).all[0].valeur: unknown key',
    );
    expect(() => rulesToModel({ all: 3 })).toThrow('(rules).all: must be a list');
  });

  it('puts every validator message on the node its path names', () => {
    fc.assert(
      fc.property(rulesArbitrary, (rules) => {
        const model = rulesToModel(rules);
        const paths = nodePaths(model);
        // Spoil every condition: each problem the validator reports then names one condition of the model.
        const spoiled = JSON.parse(JSON.stringify(rules).replace(/"op":"[a-z_]+"/g, '"op":"gt="'));
        let problems: Array<{ field: string }> = [];
        try {
          validateRules(spoiled);
        } catch (error) {
          problems = (error as DomainError).details?.fields ?? [];
        }
        const spoiledPaths = nodePaths(rulesToModel(spoiled));
        const conditions = [...spoiledPaths].filter(([node]) => node.kind === 'condition').map(([, path]) => path);
        for (const problem of problems.filter((p) => p.field !== '(rules)')) {
          const node = nodeForProblem(spoiledPaths, problem.field);
          expect(node?.kind).toBe('condition');
          expect(conditions).toContain(spoiledPaths.get(node!));
        }
        expect(paths.size).toBe(spoiledPaths.size);
      }),
      { numRuns: 200 },
    );
  });
});
