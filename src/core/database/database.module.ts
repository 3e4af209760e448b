import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { relanceConfig, type RelanceConfigType } from '../config/relance-config';
import { BulkLoader } from './bulk-loader';
import { DatabaseConnection } from './database-connection';
import { ExclusiveRunner } from './exclusive-runner';

@Injectable()
class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(@Inject(DatabaseConnection) private readonly connection: DatabaseConnection) {}

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}

@Global()
@Module({
  providers: [
    {
      provide: DatabaseConnection,
      inject: [relanceConfig.KEY],
      useFactory: (config: RelanceConfigType) => DatabaseConnection.open(config),
    },
    {
      provide: DataSource,
      inject: [DatabaseConnection],
      useFactory: (connection: DatabaseConnection) => connection.dataSource,
    },
    DatabaseLifecycle,
    BulkLoader,
    ExclusiveRunner,
  ],
  exports: [DatabaseConnection, DataSource, BulkLoader, ExclusiveRunner],
})
export class DatabaseModule {}
