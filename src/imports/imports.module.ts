import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import * as path from 'node:path';
import { relanceConfig, type RelanceConfigType } from '../core/config/relance-config';
import { ConsentModule } from '../consent/consent.module';
import { ContactsModule } from '../contacts/contacts.module';
import { ConsentsImporter } from './importers/consents.importer';
import { ContactsImporter } from './importers/contacts.importer';
import { PurchasesImporter } from './importers/purchases.importer';
import { ROW_IMPORTERS } from './importers/row-importer';
import { DoNotCallImporter, SuppressionsImporter } from './importers/suppressions.importer';
import { ImportService } from './import.service';
import { ImportRunsService } from './import-runs.service';
import { ImportsController } from './imports.controller';

@Module({
  imports: [
    ContactsModule,
    ConsentModule,
    MulterModule.registerAsync({
      inject: [relanceConfig.KEY],
      // Uploads go to disk, never to memory: files of a million rows are normal.
      useFactory: (config: RelanceConfigType) => ({
        dest: path.join(config.home, 'uploads'),
        limits: { fileSize: config.importMaxBytes },
      }),
    }),
  ],
  controllers: [ImportsController],
  providers: [
    ImportService,
    ImportRunsService,
    ContactsImporter,
    PurchasesImporter,
    ConsentsImporter,
    SuppressionsImporter,
    DoNotCallImporter,
    {
      provide: ROW_IMPORTERS,
      inject: [ContactsImporter, PurchasesImporter, ConsentsImporter, SuppressionsImporter, DoNotCallImporter],
      useFactory: (...importers: unknown[]) => importers,
    },
  ],
  exports: [ImportService, ImportRunsService],
})
export class ImportsModule {}
