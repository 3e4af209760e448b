import { formatReference, nextStatus, REFERENCE_PATTERN } from './complaint-workflow';

describe('complaint workflow', () => {
  it('follows the six phases', () => {
    expect(nextStatus('R', 'received', 'acknowledge')).toBe('acknowledged');
    expect(nextStatus('R', 'acknowledged', 'qualify')).toBe('qualified');
    expect(nextStatus('R', 'received', 'qualify')).toBe('qualified');
    expect(nextStatus('R', 'qualified', 'assign')).toBe('in_resolution');
    expect(nextStatus('R', 'in_resolution', 'assign')).toBe('in_resolution');
    expect(nextStatus('R', 'in_resolution', 'qualify')).toBe('in_resolution');
    expect(nextStatus('R', 'in_resolution', 'answer')).toBe('answered');
    expect(nextStatus('R', 'answered', 'close')).toBe('closed');
  });

  it.each([
    ['acknowledged', 'answer', /is acknowledged: cannot answer it, this needs a complaint in resolution/],
    ['received', 'assign', /qualify it first/],
    ['qualified', 'close', /cannot close it/],
    ['closed', 'close', /is closed: cannot close it/],
    ['answered', 'qualify', /cannot qualify it/],
  ] as const)('refuses %s → %s with a 409 that says why', (status, action, message) => {
    expect(() => nextStatus('REC-2026-000001', status, action)).toThrow(
      expect.objectContaining({
        kind: 'conflict',
        code: 'complaints.invalid_transition',
        message: expect.stringMatching(message),
      }),
    );
  });

  it('formats and recognises references', () => {
    expect(formatReference(2026, 123)).toBe('REC-2026-000123');
    expect(REFERENCE_PATTERN.exec('Re: votre réclamation REC-2026-000123 (suite)')?.[0]).toBe('REC-2026-000123');
  });
});
