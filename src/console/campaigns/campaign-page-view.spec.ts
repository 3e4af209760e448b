import { campaignActions } from './campaign-page-view';

describe('Campagnes: actions', () => {
  it('offers pause, resume and cancel to marketers and admins as the status allows', () => {
    expect(campaignActions('running', 'marketer')).toEqual({ pause: true, resume: false, cancel: true });
    expect(campaignActions('scheduled', 'admin')).toEqual({ pause: true, resume: false, cancel: true });
    expect(campaignActions('paused', 'marketer')).toEqual({ pause: false, resume: true, cancel: true });
    expect(campaignActions('draft', 'marketer')).toEqual({ pause: false, resume: false, cancel: true });
    expect(campaignActions('completed', 'admin')).toEqual({ pause: false, resume: false, cancel: false });
    expect(campaignActions('cancelled', 'admin')).toEqual({ pause: false, resume: false, cancel: false });
  });

  it('offers nothing to a manager, who reads only', () => {
    expect(campaignActions('running', 'manager')).toEqual({ pause: false, resume: false, cancel: false });
    expect(campaignActions('paused', 'manager')).toEqual({ pause: false, resume: false, cancel: false });
  });
});
