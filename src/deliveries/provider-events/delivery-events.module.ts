import { Module } from '@nestjs/common';
import { ConsentModule } from '../../consent/consent.module';
import { DeliveriesModule } from '../deliveries.module';
import { DeliveryEventsController } from './delivery-events.controller';
import { DeliveryEventsService } from './delivery-events.service';

/** Receipts, bounces and complaints reported by providers after a message left. */
@Module({
  imports: [ConsentModule, DeliveriesModule],
  controllers: [DeliveryEventsController],
  providers: [DeliveryEventsService],
  exports: [DeliveryEventsService],
})
export class DeliveryEventsModule {}
