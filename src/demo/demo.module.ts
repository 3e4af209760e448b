import { Module } from '@nestjs/common';
import { ContactsModule } from '../contacts/contacts.module';
import { ImportsModule } from '../imports/imports.module';
import { DemoService } from './demo.service';

@Module({
  imports: [ContactsModule, ImportsModule],
  providers: [DemoService],
  exports: [DemoService],
})
export class DemoModule {}
