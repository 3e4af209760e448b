import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { OutboxFiles } from '../../channels/outbox-files';
import { ConsentApiService } from '../../consent/consent-api.service';
import { ContactsService, contactToJson } from '../../contacts/contacts.service';
import { relanceConfig, type RelanceConfigType } from '../../core/config/relance-config';
import { PrivacyService } from '../../privacy/privacy.service';
import { SegmentsService } from '../../segments/segments.service';
import { ConsoleRole } from '../shell/console-auth.guard';
import { ConsolePages, sendPage } from '../shell/console-page.decorator';
import { ConsoleRenderer } from '../shell/console-renderer';
import type { ConsoleRequest } from '../shell/console-request';
import { erasureView } from './contact-erasure-view';
import {
  contactRow,
  CONTACTS_PER_PAGE,
  filterForm,
  filterRules,
  isFiltered,
  listLink,
  parseContactQuery,
} from './contact-list-view';
import { contactPageView, type ConsentShown, type ContactFigures } from './contact-page-view';

/**
 * Contacts: the search and list (keyset pages, filters with the segments' meaning), and a
 * contact's page — identity, the address as printed, scores, consent with its proof and what the
 * policy allows now, the timeline — with the GDPR export and erasure for admins. The same
 * services as `relance contact show/export/erase` and `relance consent show`.
 */
@ConsolePages()
@Controller('contacts')
export class ContactsPageController {
  constructor(
    private readonly renderer: ConsoleRenderer,
    private readonly contacts: ContactsService,
    private readonly segments: SegmentsService,
    private readonly consent: ConsentApiService,
    private readonly privacy: PrivacyService,
    private readonly outbox: OutboxFiles,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
  ) {}

  @Get()
  async list(@Query() query: Record<string, unknown>, @Req() request: ConsoleRequest, @Res() response: Response) {
    const parsed = parseContactQuery(query);
    const rules = filterRules(parsed.query);
    const found = parsed.problems.length
      ? { contacts: [], next: null }
      : await this.contacts.search({
          text: parsed.query.text,
          within: rules ? this.segments.compile(rules) : undefined,
          after: parsed.query.after ?? undefined,
          limit: CONTACTS_PER_PAGE,
        });
    const view = {
      problems: parsed.problems,
      form: filterForm(parsed.query),
      filtered: isFiltered(parsed.query),
      rows: found.contacts.map(contactRow),
      later: Boolean(parsed.query.after),
      first: listLink(parsed.query, null),
      next: found.next ? listLink(parsed.query, found.next) : null,
    };
    const html = this.renderer.render('contacts', 'Contacts', view, shell(request));
    sendPage(response, html, parsed.problems.length ? 400 : 200);
  }

  @Get(':externalId')
  async page(@Param('externalId') externalId: string, @Req() request: ConsoleRequest, @Res() response: Response) {
    await this.show(externalId, request, response, null);
  }

  /** The GDPR export, as `relance contact export` prints it (logged as handed over by this user). */
  @Get(':externalId/export.json')
  @ConsoleRole('admin')
  async export(@Param('externalId') externalId: string, @Req() request: ConsoleRequest, @Res() response: Response) {
    const document = await this.privacy.export(externalId, `user:${request.consoleSession!.user.id}`);
    const file = `contact-${externalId.replace(/[^A-Za-z0-9_-]/g, '_')}.json`;
    response
      .status(200)
      .type('application/json; charset=utf-8')
      .set('Content-Disposition', `attachment; filename="${file}"`)
      .set('Cache-Control', 'no-store')
      .send(JSON.stringify(document, null, 2));
  }

  /** Erasure: only when the client id is typed again; then the page says what went and what stays. */
  @Post(':externalId/effacement')
  @ConsoleRole('admin')
  @HttpCode(200)
  async erase(
    @Param('externalId') externalId: string,
    @Body() form: Record<string, unknown>,
    @Req() request: ConsoleRequest,
    @Res() response: Response,
  ) {
    const typed = typeof form.confirmation === 'string' ? form.confirmation.trim() : '';
    if (typed !== externalId) {
      await this.show(externalId, request, response, { typed }, 400);
      return;
    }
    const before = await this.privacy.dossier(externalId);
    await this.privacy.erase(externalId, `user:${request.consoleSession!.user.id}`);
    const view = erasureView(before);
    sendPage(response, this.renderer.render('contact-erased', 'Contact effacé', view, shell(request)));
  }

  private async show(
    externalId: string,
    request: ConsoleRequest,
    response: Response,
    erasure: { typed: string } | null,
    status = 200,
  ): Promise<void> {
    const contact = await this.contacts.get(externalId);
    const [consent, dossier] = await Promise.all([
      this.consent.show(externalId) as Promise<unknown> as Promise<ConsentShown>,
      this.privacy.dossier(externalId) as Promise<ContactFigures['dossier']>,
    ]);
    const figures: ContactFigures = {
      contact: contactToJson(contact),
      consent,
      dossier,
      renderedEmails: await this.renderedEmails(dossier),
      senderCountry: (this.config.serviceSender.country ?? this.config.defaultCountry).toUpperCase(),
    };
    const view = { ...contactPageView(figures, request.consoleSession!.user.role), erasure };
    sendPage(response, this.renderer.render('contact', view.name, view, shell(request)), status);
  }

  /** The e-mails of the contact that the file outbox holds (none when e-mails go to a relay). */
  private async renderedEmails(dossier: ContactFigures['dossier']): Promise<Set<string>> {
    const reader = this.outbox.emails();
    const ids = (dossier.messages?.messages ?? [])
      .filter((message) => message.channel === 'email')
      .map((message) => String(message.delivery_id));
    return reader && ids.length ? reader.listed(ids) : new Set();
  }
}

function shell(request: ConsoleRequest) {
  return { path: request.path, session: request.consoleSession };
}
