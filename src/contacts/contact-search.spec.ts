import { phoneOf, searchCondition, searchWords } from './contact-search';

describe('contact search', () => {
  it('splits the text into lower-case words, at most six', () => {
    expect(searchWords('  Hélène   LEFÈVRE ')).toEqual(['hélène', 'lefèvre']);
    expect(searchWords('a b c d e f g h')).toHaveLength(6);
    expect(searchWords('   ')).toEqual([]);
  });

  it('reads a phone number as stored, and nothing else as one', () => {
    expect(phoneOf('06 12 34 56 78', 'FR')).toBe('+33612345678');
    expect(phoneOf('0612345678', 'MA')).toBe('+212612345678');
    expect(phoneOf('C10917', 'FR')).toBeUndefined();
    expect(phoneOf('12', 'FR')).toBeUndefined();
  });

  it('asks every word in the searched text, with placeholders numbered after the offset', () => {
    const condition = searchCondition('Salma Salé', 'MA', 2)!;
    expect(condition.sql).toBe(
      "(strpos(lower(concat_ws(' ', c.first_name, c.last_name, c.company_name, c.email, c.external_id, c.city)), $3::text) > 0 AND strpos(lower(concat_ws(' ', c.first_name, c.last_name, c.company_name, c.email, c.external_id, c.city)), $4::text) > 0)",
    );
    expect(condition.params).toEqual(['salma', 'salé']);
  });

  it('also finds the contact whose phone the text is, and never puts the text in the SQL', () => {
    const condition = searchCondition("06 94 48 65 69'; DROP TABLE contacts", 'MA', 0)!;
    expect(condition.sql).not.toContain('DROP');
    const phone = searchCondition('06 94 48 65 69', 'MA', 0)!;
    expect(phone.sql).toMatch(/ OR c\.phone = \$6::text\)$/);
    expect(phone.params[5]).toBe('+212694486569');
  });

  it('has no condition for a blank text', () => {
    expect(searchCondition(' ', 'FR', 0)).toBeUndefined();
  });
});
