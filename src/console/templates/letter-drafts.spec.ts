import { LetterDrafts } from './letter-drafts';

describe('LetterDrafts', () => {
  const draft = (userId: string) => ({ userId, templateId: 't', name: 'n', pdf: Buffer.from('%PDF') });

  it('gives a preview back only to its author, for its template, for 30 minutes', () => {
    const drafts = new LetterDrafts();
    const key = drafts.put(draft('u1'), 0);
    expect(drafts.get(key, 'u1', 't', 1000)?.pdf.toString()).toBe('%PDF');
    expect(drafts.get(key, 'u2', 't', 1000)).toBeUndefined();
    expect(drafts.get(key, 'u1', 'other', 1000)).toBeUndefined();
    expect(drafts.get(key, 'u1', 't', 31 * 60_000)).toBeUndefined();
    expect(drafts.get('unknown', 'u1', 't', 0)).toBeUndefined();
  });

  it('keeps the 100 newest', () => {
    const drafts = new LetterDrafts();
    const keys = Array.from({ length: 101 }, (_, i) => drafts.put(draft('u'), i));
    expect(drafts.get(keys[0], 'u', 't', 200)).toBeUndefined();
    expect(drafts.get(keys[1], 'u', 't', 200)).toBeDefined();
    expect(drafts.get(keys[100], 'u', 't', 200)).toBeDefined();
  });
});
