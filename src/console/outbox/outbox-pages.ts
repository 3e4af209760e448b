import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { OutboxFiles } from '../../channels/outbox-files';
import { DomainError } from '../../core/errors/domain-error';
import { sendPage } from '../shell/console-page.decorator';
import { ConsoleRenderer } from '../shell/console-renderer';
import type { ConsoleRequest } from '../shell/console-request';
import { outboxTabs, pageNumber, pagination, type OutboxSection, type Pagination } from './outbox-view';

/** What every outbox page does: answer 404 when nothing goes to files, read `?page=`, render with the outbox's tabs. */
@Injectable()
export class OutboxPages {
  constructor(
    private readonly renderer: ConsoleRenderer,
    readonly files: OutboxFiles,
  ) {}

  /** The outbox exists only when e-mails or SMS go to files (as its entry in the navigation). */
  assertInUse(): void {
    if (!this.files.inUse) throw notFound();
  }

  /** The page asked for (`?page=`), or undefined once a 400 naming the field is sent. */
  pageAsked(query: unknown, request: ConsoleRequest, response: Response): number | undefined {
    const asked = pageNumber(query);
    if ('page' in asked) return asked.page;
    this.refuse(request, response, asked.problem);
    return undefined;
  }

  /** The pages of `total` rows; a page past the last one is not found. */
  pages(page: number, total: number, path: string): Pagination {
    const pages = pagination(page, total, path);
    if (!pages) throw notFound();
    return pages;
  }

  show(
    request: ConsoleRequest,
    response: Response,
    page: string,
    title: string,
    section: OutboxSection,
    data: Record<string, unknown>,
  ): void {
    const tabs = outboxTabs(section, {
      emails: this.files.emails() !== undefined,
      sms: this.files.sms() !== undefined,
    });
    sendPage(
      response,
      this.renderer.render(page, title, { ...data, tabs }, { path: request.path, session: request.consoleSession }),
    );
  }

  private refuse(request: ConsoleRequest, response: Response, message: string): void {
    const heading = 'Requête incorrecte';
    sendPage(
      response,
      this.renderer.render(
        'error',
        heading,
        { heading, message },
        { path: request.path, session: request.consoleSession },
      ),
      400,
    );
  }
}

export function notFound(): DomainError {
  return DomainError.notFound('console.outbox_not_found', 'nothing of that name in the outbox');
}
