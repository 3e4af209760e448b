/**
 * A response was recorded and committed; features act on it (a coupon with the "réclamation"
 * box ticked opens a complaint). Emitted with `emitAsync` after the commit, for duplicates too,
 * so listeners must be idempotent: a retried recording repairs a listener that failed. Listeners
 * declare `suppressErrors: false` so their failure reaches the caller, who may retry.
 */
export class ResponseRecordedEvent {
  static readonly event = 'responses.response-recorded';

  readonly responseId: string | null;
  readonly deliveryId: string;
  readonly campaignId: string;
  readonly contactId: string;
  readonly kind: string;
  readonly value: string | null;
  readonly details: Record<string, unknown>;
  readonly receivedAt: Date;
  readonly duplicate: boolean;

  constructor(response: Omit<ResponseRecordedEvent, never>) {
    this.responseId = response.responseId;
    this.deliveryId = response.deliveryId;
    this.campaignId = response.campaignId;
    this.contactId = response.contactId;
    this.kind = response.kind;
    this.value = response.value;
    this.details = response.details;
    this.receivedAt = response.receivedAt;
    this.duplicate = response.duplicate;
  }
}
