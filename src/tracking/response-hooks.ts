import { Injectable } from '@nestjs/common';

export interface RecordedResponseEvent {
  responseId: string | null;
  deliveryId: string;
  campaignId: string;
  contactId: string;
  kind: string;
  value: string | null;
  details: Record<string, unknown>;
  receivedAt: Date;
  duplicate: boolean;
}

export type ResponseHandler = (response: RecordedResponseEvent) => Promise<void>;

/**
 * Features that act on a response once it is recorded (a coupon with the "réclamation" box
 * ticked opens a complaint) register here. Handlers run after the response is committed, for
 * duplicates too, so they must be idempotent: a retried recording repairs a handler that failed.
 */
@Injectable()
export class ResponseHooks {
  private readonly handlers: ResponseHandler[] = [];

  register(handler: ResponseHandler): void {
    this.handlers.push(handler);
  }

  async dispatch(response: RecordedResponseEvent): Promise<void> {
    for (const handler of this.handlers) await handler(response);
  }
}
