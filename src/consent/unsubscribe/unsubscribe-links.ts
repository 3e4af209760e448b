import { Inject, Injectable } from '@nestjs/common';
import { relanceConfig, type RelanceConfigType } from '../../core/config/relance-config';
import { TokenSigner } from '../../core/security/token-signer';

export const UNSUBSCRIBE_PURPOSE = 'unsubscribe';

export interface UnsubscribeTarget {
  contactId: string;
  /** The message the link came in, when known (counts the unsubscribe for its campaign). */
  deliveryId?: string;
}

/** Per-recipient unsubscribe links and the RFC 8058 one-click headers of every marketing e-mail. */
@Injectable()
export class UnsubscribeLinks {
  constructor(
    private readonly tokens: TokenSigner,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
  ) {}

  token(target: UnsubscribeTarget): string {
    return this.tokens.sign(
      UNSUBSCRIBE_PURPOSE,
      target.deliveryId ? [target.contactId, target.deliveryId] : [target.contactId],
    );
  }

  url(target: UnsubscribeTarget): string {
    return `${this.config.publicUrl}/u/${this.token(target)}`;
  }

  /** `List-Unsubscribe` (HTTPS, plus mailto when configured) and `List-Unsubscribe-Post` (one click, no login). */
  headers(target: UnsubscribeTarget, url = this.url(target)): Record<string, string> {
    const token = url.slice(url.lastIndexOf('/') + 1);
    const links = [`<${url}>`];
    if (this.config.unsubscribeMailto)
      links.push(`<mailto:${this.config.unsubscribeMailto}?subject=unsubscribe-${token}>`);
    return { 'List-Unsubscribe': links.join(', '), 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
  }

  parse(token: string | undefined): UnsubscribeTarget | undefined {
    const payload = this.tokens.verify(UNSUBSCRIBE_PURPOSE, token);
    if (!payload || typeof payload[0] !== 'string') return undefined;
    return { contactId: payload[0], deliveryId: typeof payload[1] === 'string' ? payload[1] : undefined };
  }
}
