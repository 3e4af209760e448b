/**
 * Dispatch found a reason to stop a campaign (its transport is broken, a failure judge said so).
 * Campaigns own the campaign's status and apply it. Emitted with `emitAsync`: the pause is applied
 * before dispatch goes on, so the next claim already sees the campaign paused.
 */
export class CampaignPauseRequestedEvent {
  static readonly event = 'deliveries.campaign-pause-requested';

  constructor(
    readonly campaignId: string,
    readonly reason: string,
  ) {}
}
