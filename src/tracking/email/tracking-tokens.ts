import { Injectable } from '@nestjs/common';
import { TokenSigner } from '../../core/security/token-signer';

const OPEN = 'track-open';
const CLICK = 'track-click';

/** The sealed tokens of the open pixel (a delivery) and of tracked links (a delivery and a link position). */
@Injectable()
export class TrackingTokens {
  constructor(private readonly signer: TokenSigner) {}

  open(deliveryId: string): string {
    return this.signer.sign(OPEN, [Number(deliveryId)]);
  }

  click(deliveryId: string, position: number): string {
    return this.signer.sign(CLICK, [Number(deliveryId), position]);
  }

  parseOpen(token: string | undefined): { deliveryId: string } | undefined {
    const payload = this.signer.verify(OPEN, token);
    return payload && payload.length === 1 && Number.isSafeInteger(payload[0]) ? { deliveryId: String(payload[0]) } : undefined;
  }

  parseClick(token: string | undefined): { deliveryId: string; position: number } | undefined {
    const payload = this.signer.verify(CLICK, token);
    if (!payload || payload.length !== 2 || !Number.isSafeInteger(payload[0]) || !Number.isSafeInteger(payload[1])) return undefined;
    return { deliveryId: String(payload[0]), position: payload[1] as number };
  }
}
