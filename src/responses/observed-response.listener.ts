import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { ResponseObservedEvent } from '../deliveries/events/response-observed.event';
import { ResponsesService } from './responses.service';

/** Records what deliveries observed (opens, clicks, spam reports) as responses. */
@Injectable()
export class ObservedResponseListener {
  constructor(private readonly responses: ResponsesService) {}

  // Errors reach the emitter: a failed recording fails the request or rolls back its transaction, as before.
  @OnEvent(ResponseObservedEvent.event, { suppressErrors: false })
  async record(event: ResponseObservedEvent): Promise<void> {
    await this.responses.record(event.response, event.manager);
  }
}
