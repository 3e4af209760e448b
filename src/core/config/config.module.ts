import { Global, Module } from '@nestjs/common';
import { ConfigModule as NestConfigModule } from '@nestjs/config';
import { CORE_NAMESPACE_FACTORIES } from './config-namespaces';
import { relanceConfig } from './relance-config';
import { SecretKeyService } from './secret-key.service';

@Global()
@Module({
  imports: [
    NestConfigModule.forRoot({ isGlobal: true, load: [relanceConfig, ...CORE_NAMESPACE_FACTORIES], cache: true }),
  ],
  providers: [SecretKeyService],
  exports: [SecretKeyService],
})
export class ConfigModule {}
