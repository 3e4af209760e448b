import { pickTypes } from './segment-catalogue.service';
import { catalogue, standardFields } from './segment-catalogue';
import { FIELDS, OPERATORS_BY_TYPE } from './segment-rules';

describe('segment catalogue', () => {
  it('lists every field of the rule language once, with a French label and the operators of its type', () => {
    const fields = standardFields();
    expect(fields.map((field) => field.field).sort()).toEqual(Object.keys(FIELDS).sort());
    for (const field of fields) {
      expect(field.label).not.toBe(field.field);
      expect(field.operators).toEqual(OPERATORS_BY_TYPE[FIELDS[field.field].type]);
    }
    expect(fields.find((field) => field.field === 'purchases.count')).toMatchObject({
      windowed: true,
      group: 'Achats',
    });
  });

  it('types each attribute by what most contacts hold, and lists a text attribute with few values', () => {
    const row = { dates: false, distinct_values: 2, samples: ['web', 'magasin'] };
    const attributes = pickTypes([
      { name: 'points', kind: 'number', contacts: 90, ...row },
      { name: 'points', kind: 'string', contacts: 10, ...row },
      { name: 'canal', kind: 'string', contacts: 5, ...row },
      { name: 'inscrit', kind: 'string', contacts: 5, ...row, dates: true },
      { name: 'code', kind: 'string', contacts: 5, ...row, distinct_values: 400 },
    ]);
    expect(attributes).toEqual([
      { name: 'canal', type: 'text', contacts: 5, values: ['magasin', 'web'] },
      { name: 'code', type: 'text', contacts: 5 },
      { name: 'inscrit', type: 'date', contacts: 5 },
      { name: 'points', type: 'number', contacts: 90 },
    ]);
    const fields = catalogue(attributes).fields;
    expect(fields.at(-1)).toMatchObject({ field: 'attr.points', type: 'number', operators: OPERATORS_BY_TYPE.number });
  });
});
