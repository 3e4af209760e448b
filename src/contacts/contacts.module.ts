import { Module } from '@nestjs/common';
import { ContactEvents } from './contact-events';
import { ContactsController } from './contacts.controller';
import { ContactsRepository } from './contacts.repository';
import { ContactsService } from './contacts.service';
import { PurchasesRepository } from './purchases.repository';

@Module({
  controllers: [ContactsController],
  providers: [ContactsService, ContactsRepository, PurchasesRepository, ContactEvents],
  exports: [ContactsService, ContactsRepository, PurchasesRepository, ContactEvents],
})
export class ContactsModule {}
