import { Controller, Get, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ConsolePages, sendPage } from './console-page.decorator';
import { ConsoleRenderer } from './console-renderer';
import type { ConsoleRequest } from './console-request';

/** Pages of this issue and the next two, until each lands: a title, what it will be for, and how to do it today. */
const COMING: Record<string, { heading: string; purpose: string; command: string }> = {
  appels: { heading: 'Appels', purpose: 'préparer les listes d’appels', command: 'relance campaign report <id>' },
  coupons: { heading: 'Coupons', purpose: 'saisir un coupon', command: 'relance responses' },
};

@ConsolePages()
@Controller()
export class ComingSoonController {
  constructor(private readonly renderer: ConsoleRenderer) {}

  /** Listed one by one: a catch-all here would shadow the routes of modules registered after the console. */
  @Get(
    Object.keys(COMING)
      .filter(Boolean)
      .flatMap((page) => [page, `${page}/{*rest}`]),
  )
  page(@Req() request: ConsoleRequest, @Res() response: Response) {
    this.show(request.path.split('/')[1] ?? '', request, response);
  }

  private show(page: string, request: ConsoleRequest, response: Response): void {
    const coming = Object.hasOwn(COMING, page) ? COMING[page] : undefined;
    if (!coming) {
      sendPage(
        response,
        this.renderer.render(
          'error',
          'Page introuvable',
          { heading: 'Page introuvable', message: "Cette page n'existe pas ou plus." },
          { path: request.path, session: request.consoleSession },
        ),
        404,
      );
      return;
    }
    sendPage(
      response,
      this.renderer.render('coming-soon', coming.heading, coming, {
        path: request.path,
        session: request.consoleSession,
      }),
    );
  }
}
