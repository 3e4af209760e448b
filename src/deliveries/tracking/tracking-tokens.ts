import { Injectable } from '@nestjs/common';
import { CompactTokens } from '../../core/security/compact-tokens';

const OPEN = 1;
const CLICK = 2;

/**
 * The tokens of the open pixel (a delivery) and of tracked links (a delivery and a link
 * position): compact authenticated tokens, all of one message's minted in one cipher call, so
 * that tracking costs next to nothing per message (see CompactTokens).
 */
@Injectable()
export class TrackingTokens {
  constructor(private readonly tokens: CompactTokens) {}

  /** The pixel's token and one per link position, for one message. */
  forMessage(deliveryId: string, positions: number[]): { open: string; links: string[] } {
    const id = Number(deliveryId);
    const [open, ...links] = this.tokens.seal([
      { kind: OPEN, id, index: 0 },
      ...positions.map((index) => ({ kind: CLICK, id, index })),
    ]);
    return { open, links };
  }

  click(deliveryId: string, position: number): string {
    return this.tokens.seal([{ kind: CLICK, id: Number(deliveryId), index: position }])[0];
  }

  parseOpen(token: string | undefined): { deliveryId: string } | undefined {
    const payload = this.tokens.open(OPEN, token);
    return payload && { deliveryId: String(payload.id) };
  }

  parseClick(token: string | undefined): { deliveryId: string; position: number } | undefined {
    const payload = this.tokens.open(CLICK, token);
    return payload && { deliveryId: String(payload.id), position: payload.index };
  }
}
