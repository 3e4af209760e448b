import { Global, Module } from '@nestjs/common';
import { CompactTokens } from './compact-tokens';
import { KeyedHasher } from './keyed-hasher';
import { ResponseLinks } from './response-links';
import { TokenSigner } from './token-signer';

@Global()
@Module({ providers: [KeyedHasher, TokenSigner, CompactTokens, ResponseLinks], exports: [KeyedHasher, TokenSigner, CompactTokens, ResponseLinks] })
export class SecurityModule {}
