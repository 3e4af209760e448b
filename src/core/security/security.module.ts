import { Global, Module } from '@nestjs/common';
import { CompactTokens } from './compact-tokens';
import { KeyedHasher } from './keyed-hasher';
import { ResponseLinks } from './response-links';
import { SecretKeyRecord } from './secret-key-record';
import { TokenSigner } from './token-signer';

@Global()
@Module({
  providers: [SecretKeyRecord, KeyedHasher, TokenSigner, CompactTokens, ResponseLinks],
  exports: [SecretKeyRecord, KeyedHasher, TokenSigner, CompactTokens, ResponseLinks],
})
export class SecurityModule {}
