import fc from 'fast-check';
import { complaintDueDate } from './complaint-due-date';
import { addWorkingDays, workingCalendar } from './working-calendar';

const FR = workingCalendar('FR', 'Europe/Paris');
const MA = workingCalendar('MA', 'Africa/Casablanca');

describe('working calendars (date-holidays, public holidays only)', () => {
  it('knows the weekends and the public holidays of each country', () => {
    expect(FR.isWorkingDay('2026-05-25')).toBe(false); // Lundi de Pentecôte
    expect(MA.isWorkingDay('2026-05-25')).toBe(true);
    expect(MA.isWorkingDay('2027-01-11')).toBe(false); // Manifeste de l'indépendance
    expect(FR.isWorkingDay('2027-01-11')).toBe(true);
    expect(FR.isWorkingDay('2026-05-23')).toBe(false); // Saturday
    expect(FR.isWorkingDay('2026-05-26')).toBe(true);
  });

  it('keeps the local hour across a DST change', () => {
    // Friday 27 March 2026 17:00 Paris (UTC+1); five working days later is Friday 3 April 17:00 (UTC+2).
    expect(addWorkingDays(new Date('2026-03-27T16:00:00Z'), 5, FR).toISOString()).toBe('2026-04-03T15:00:00.000Z');
  });
});

/**
 * The acceptance case: created at 17:00 local time on a Friday before a public holiday (a
 * Monday), for each cell of the matrix, in France and in Morocco.
 */
describe.each([
  {
    calendar: FR,
    label: 'FR, Friday 22 May 2026 17:00, Whit Monday 25 May off',
    received: '2026-05-22T15:00:00Z',
    urgentAndImportant: '2026-05-26T15:00:00.000Z', // Tuesday 17:00: Saturday, Sunday and the holiday skipped
    requestedTwoDays: '2026-05-24T15:00:00.000Z', // Sunday 17:00: what the client asked, within the maximum
    maximum: '2026-06-01T15:00:00.000Z', // Tue, Wed, Thu, Fri, Mon: five working days
    withinTheWeek: '2026-05-29T15:00:00.000Z', // Friday 17:00, a week later
  },
  {
    calendar: MA,
    label: 'MA, Friday 8 January 2027 17:00, Monday 11 January off',
    received: '2027-01-08T16:00:00Z',
    urgentAndImportant: '2027-01-12T16:00:00.000Z',
    requestedTwoDays: '2027-01-10T16:00:00.000Z',
    maximum: '2027-01-18T16:00:00.000Z',
    withinTheWeek: '2027-01-15T16:00:00.000Z',
  },
])('due dates: $label', ({ calendar, received, urgentAndImportant, requestedTwoDays, maximum, withinTheWeek }) => {
  const receivedAt = new Date(received);
  const due = (urgent: boolean, important: boolean, requestedDelayDays?: number) =>
    complaintDueDate({ receivedAt, urgent, important, requestedDelayDays }, calendar);

  it('urgent and important: 24 working hours', () => {
    expect(due(true, true, 10)).toEqual({ dueAt: new Date(urgentAndImportant), rule: 'urgent_and_important' });
  });

  it('urgent only: the delay the client asked for', () => {
    expect(due(true, false, 2)).toEqual({ dueAt: new Date(requestedTwoDays), rule: 'requested_delay' });
  });

  it('important only: the delay asked for, capped at five working days', () => {
    expect(due(false, true, 2)).toEqual({ dueAt: new Date(requestedTwoDays), rule: 'requested_delay' });
    expect(due(false, true, 12)).toEqual({ dueAt: new Date(maximum), rule: 'maximum' });
  });

  it('urgent or important with no delay asked: the maximum', () => {
    expect(due(true, false)).toEqual({ dueAt: new Date(maximum), rule: 'maximum' });
  });

  it('neither: within the week', () => {
    expect(due(false, false, 1)).toEqual({ dueAt: new Date(withinTheWeek), rule: 'within_the_week' });
  });
});

describe('due dates: the calendar matters', () => {
  it('the same Friday is followed by a working Monday in Morocco, not in France', () => {
    const receivedAt = new Date('2026-05-22T15:00:00Z');
    expect(complaintDueDate({ receivedAt, urgent: true, important: true }, FR).dueAt.toISOString()).toBe(
      '2026-05-26T15:00:00.000Z',
    );
    expect(complaintDueDate({ receivedAt, urgent: true, important: true }, MA).dueAt.toISOString()).toBe(
      '2026-05-25T15:00:00.000Z',
    );
  });

  it('received on a holiday followed by another, and a holiday in the week after (MA, August 2026)', () => {
    // Thursday 20 and Friday 21 August are holidays, so is Tuesday 25 August.
    const receivedAt = new Date('2026-08-20T16:00:00Z');
    expect(complaintDueDate({ receivedAt, urgent: true, important: true }, MA).dueAt.toISOString()).toBe(
      '2026-08-24T16:00:00.000Z',
    );
    expect(
      complaintDueDate({ receivedAt, urgent: true, important: false, requestedDelayDays: 30 }, MA).dueAt.toISOString(),
    ).toBe('2026-08-31T16:00:00.000Z');
  });

  it('received on a Saturday, "within the week" is cut to five working days', () => {
    const receivedAt = new Date('2026-06-06T08:00:00Z');
    expect(complaintDueDate({ receivedAt, urgent: false, important: false }, FR)).toEqual({
      dueAt: new Date('2026-06-12T08:00:00Z'),
      rule: 'maximum',
    });
  });

  it('is never before receipt nor after five working days, and urgent and important is never later than neither', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2025-01-01'), max: new Date('2028-12-31'), noInvalidDate: true }),
        fc.boolean(),
        fc.boolean(),
        fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
        fc.constantFrom(FR, MA),
        (receivedAt, urgent, important, requestedDelayDays, calendar) => {
          const { dueAt } = complaintDueDate({ receivedAt, urgent, important, requestedDelayDays }, calendar);
          expect(dueAt.getTime()).toBeGreaterThanOrEqual(receivedAt.getTime());
          expect(dueAt.getTime()).toBeLessThanOrEqual(addWorkingDays(receivedAt, 5, calendar).getTime());
          const top = complaintDueDate({ receivedAt, urgent: true, important: true }, calendar).dueAt;
          const neither = complaintDueDate({ receivedAt, urgent: false, important: false }, calendar).dueAt;
          expect(top.getTime()).toBeLessThanOrEqual(neither.getTime());
        },
      ),
      { numRuns: 300 },
    );
  });
});
