import { Module } from '@nestjs/common';
import { ContactEvents } from './contact-events';
import { ContactsController } from './contacts.controller';
import { ContactsRepository } from './contacts.repository';
import { ContactsService } from './contacts.service';

@Module({
  controllers: [ContactsController],
  providers: [ContactsService, ContactsRepository, ContactEvents],
  exports: [ContactsService, ContactsRepository, ContactEvents],
})
export class ContactsModule {}
