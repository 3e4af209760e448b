import { Global, Module } from '@nestjs/common';
import { KeyedHasher } from './keyed-hasher';
import { TokenSigner } from './token-signer';

@Global()
@Module({ providers: [KeyedHasher, TokenSigner], exports: [KeyedHasher, TokenSigner] })
export class SecurityModule {}
