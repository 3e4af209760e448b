import { Module } from '@nestjs/common';
import { ContactEvents } from './contact-events';
import { ContactsController } from './contacts.controller';
import { ContactsService } from './contacts.service';

@Module({
  controllers: [ContactsController],
  providers: [ContactsService, ContactEvents],
  exports: [ContactsService, ContactEvents],
})
export class ContactsModule {}
