import { Global, Module } from '@nestjs/common';
import { CompactTokens } from './compact-tokens';
import { KeyedHasher } from './keyed-hasher';
import { TokenSigner } from './token-signer';

@Global()
@Module({ providers: [KeyedHasher, TokenSigner, CompactTokens], exports: [KeyedHasher, TokenSigner, CompactTokens] })
export class SecurityModule {}
