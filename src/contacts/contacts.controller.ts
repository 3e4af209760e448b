import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequireRole } from '../core/auth/auth.decorators';
import { ListContactsQuery, UpsertContactDto } from './contact.dto';
import { ContactsService, contactToJson } from './contacts.service';

@ApiTags('contacts')
@ApiBearerAuth()
@Controller('api/v1/contacts')
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @Get()
  @RequireRole('marketer')
  async list(@Query() query: ListContactsQuery) {
    const contacts = await this.contacts.list({ after: query.after, limit: query.limit ?? 100 });
    return {
      items: contacts.map((c) => ({ id: c.id, ...contactToJson(c) })),
      next: contacts.length ? contacts[contacts.length - 1].id : null,
    };
  }

  @Post()
  @RequireRole('marketer')
  async upsert(@Body() body: UpsertContactDto, @Res({ passthrough: true }) response: Response) {
    const { contact, created } = await this.contacts.upsert(body);
    response.status(created ? 201 : 200);
    return contactToJson(contact);
  }

  @Get(':externalId')
  @RequireRole('marketer')
  async get(@Param('externalId') externalId: string) {
    return contactToJson(await this.contacts.get(externalId));
  }
}
