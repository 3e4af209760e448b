import type { StepContext } from '../channel-sender';

/**
 * Failures were recorded for a step. The owner of the step may judge them (an automation pauses
 * itself when its messages keep failing): a listener returns the reason to stop sending, or
 * undefined. Emitted with `emitAsync`; the first reason given stops the step.
 */
export class StepFailuresRecordedEvent {
  static readonly event = 'deliveries.step-failures-recorded';

  constructor(readonly step: StepContext) {}
}
