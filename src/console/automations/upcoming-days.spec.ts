import type { UpcomingMessage } from '../../automations/automation-upcoming';
import { localDate, upcomingDays } from './upcoming-days';

function message(externalId: string, sendAt: string, extra: Partial<UpcomingMessage> = {}): UpcomingMessage {
  return {
    external_id: externalId,
    occurrence: '2026-03-02',
    step: 1,
    channel: 'email',
    due_at: sendAt,
    send_at: sendAt,
    status: 'scheduled',
    reason: null,
    ...extra,
  };
}

describe('upcomingDays', () => {
  const options = { timeZone: 'Europe/Paris', sampleSize: 2, limit: 1000 };

  it('counts the messages of each local day of the window, empty days included, with a sample', () => {
    const messages = [
      message('C-1', '2026-03-02T09:30:00.000Z'),
      message('C-2', '2026-03-02T09:30:00.000Z'),
      message('C-3', '2026-03-02T10:00:00.000Z', { status: 'postponed', reason: 'frequency_cap' }),
      // 23:30 UTC on the 4th is 00:30 on the 5th in Paris (UTC+1 in winter).
      message('C-4', '2026-03-04T23:30:00.000Z', { channel: 'sms', status: 'postponed', reason: 'quiet_hours' }),
    ];
    const view = upcomingDays(
      { from: '2026-03-01T12:00:00.000Z', to: '2026-03-08T12:00:00.000Z', total: 4, messages },
      options,
    );
    expect(view.days.map((day) => [day.day, day.count, day.more])).toEqual([
      ['2026-03-01', 0, 0],
      ['2026-03-02', 3, 1],
      ['2026-03-03', 0, 0],
      ['2026-03-04', 0, 0],
      ['2026-03-05', 1, 0],
      ['2026-03-06', 0, 0],
      ['2026-03-07', 0, 0],
      ['2026-03-08', 0, 0],
    ]);
    expect(view.days[1]).toMatchObject({
      label: 'lundi 2 mars',
      sample: [
        { externalId: 'C-1', channel: 'email', sendAt: '2026-03-02T09:30:00.000Z', status: 'scheduled', reason: null },
        { externalId: 'C-2', channel: 'email', sendAt: '2026-03-02T09:30:00.000Z', status: 'scheduled', reason: null },
      ],
    });
    expect(view.days[4].sample).toEqual([
      {
        externalId: 'C-4',
        channel: 'sms',
        sendAt: '2026-03-04T23:30:00.000Z',
        status: 'postponed',
        reason: "hors des heures d'envoi des SMS",
      },
    ]);
    expect(view).toMatchObject({ total: 4, capped: false });
  });

  it('a message postponed beyond the window keeps its own day; a list at the limit is "at least"', () => {
    const late = message('C-9', '2026-03-10T09:00:00.000Z', { status: 'postponed', reason: 'frequency_cap' });
    const view = upcomingDays(
      { from: '2026-03-01T12:00:00.000Z', to: '2026-03-02T12:00:00.000Z', total: 1, messages: [late] },
      options,
    );
    expect(view.days.map((day) => [day.day, day.count])).toEqual([
      ['2026-03-01', 0],
      ['2026-03-02', 0],
      ['2026-03-10', 1],
    ]);
    expect(view.days[2].sample[0].reason).toBe('plafond de sollicitations atteint');
    const many = Array.from({ length: 3 }, (_, i) => message(`C-${i}`, '2026-03-01T13:00:00.000Z'));
    const capped = upcomingDays(
      { from: '2026-03-01T12:00:00.000Z', to: '2026-03-02T12:00:00.000Z', total: 3, messages: many },
      { ...options, limit: 3 },
    );
    expect(capped).toMatchObject({ total: 3, capped: true });
  });

  it('takes the date in the time zone', () => {
    expect(localDate('2026-03-01T23:30:00Z', 'Europe/Paris')).toBe('2026-03-02');
    expect(localDate('2026-03-01T23:30:00Z', 'America/New_York')).toBe('2026-03-01');
  });
});
