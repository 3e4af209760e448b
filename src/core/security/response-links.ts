import { Inject, Injectable } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { relanceConfig, type RelanceConfigType } from '../config/relance-config';
import { SecretKeyService } from '../config/secret-key.service';

const PROOF_LENGTH = 10;

/**
 * The response link of a message (`{{response_url}}`): `PUBLIC_URL/r?c=<code>&s=<proof>`. The
 * code is short because people type it from a coupon; the proof (60 bits of an HMAC of the code)
 * shows the link came from relance. The response page tells a survey or a sign-up confirmation
 * from a coupon only for a link with its proof; for anything else its answer depends on the
 * address alone, so trying codes on it reveals nothing (see ResponsePagesController).
 */
@Injectable()
export class ResponseLinks {
  private cachedKeys?: Buffer[];

  constructor(
    private readonly secrets: SecretKeyService,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
  ) {}

  /** The current key first, then the former ones (RELANCE_PREVIOUS_SECRET_KEYS): links sent before a rotation keep their proof. */
  private get keys(): Buffer[] {
    this.cachedKeys ??= [this.secrets.key, ...this.secrets.previousKeys].map((secret) =>
      createHmac('sha256', secret).update('relance:response-link:v1').digest(),
    );
    return this.cachedKeys;
  }

  proof(code: string): string {
    return this.proofWith(this.keys[0], code);
  }

  private proofWith(key: Buffer, code: string): string {
    return createHmac('sha256', key).update(code, 'utf8').digest('base64url').slice(0, PROOF_LENGTH);
  }

  url(code: string): string {
    return `${this.config.publicUrl}/r?c=${encodeURIComponent(code)}&s=${this.proof(code)}`;
  }

  /** Whether `proof` is the one relance gave `code` (compared in constant time). */
  verify(code: unknown, proof: unknown): boolean {
    if (typeof code !== 'string' || typeof proof !== 'string' || proof.length !== PROOF_LENGTH || code.length > 40)
      return false;
    const given = Buffer.from(proof);
    if (given.length !== PROOF_LENGTH) return false;
    return this.keys.some((key) => timingSafeEqual(Buffer.from(this.proofWith(key, code)), given));
  }
}
