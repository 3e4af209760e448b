import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { ComplaintQueriesService } from '../../complaints/complaint-queries.service';
import { complaintsConfig, type ComplaintsConfigType } from '../../complaints/complaints.config';
import { roleAllows } from '../../core/auth/api-key.service';
import { UsersService } from '../../core/auth/users.service';
import { relanceConfig, type RelanceConfigType } from '../../core/config/relance-config';
import { DomainError } from '../../core/errors/domain-error';
import { PrivacyService } from '../../privacy/privacy.service';
import { timeline } from '../contacts/contact-timeline-view';
import { sendPage } from '../shell/console-page.decorator';
import { ConsoleRenderer } from '../shell/console-renderer';
import type { ConsoleRequest } from '../shell/console-request';
import type { Problem } from './complaint-forms';
import { complaintPageView, NO_STATE, type PageState } from './complaint-page-view';

/** The service's words for a refused field, in the console's French (the field named as the form shows it). */
const REFUSALS: Record<string, Problem> = {
  channel: { field: 'Envoyer par', reason: "le client n'a pas d'adresse e-mail : répondez par courrier" },
  explanation: { field: 'Explication', reason: 'une réclamation non fondée se clôt avec une explication' },
  owner: { field: 'Attribuer à', reason: 'choisissez qui traite la réclamation' },
  cause: { field: 'Cause', reason: 'choisissez une cause de la liste' },
  'compensation.amount': { field: 'Montant', reason: 'un montant positif' },
  'compensation.currency': { field: 'Montant', reason: 'la devise doit être un code ISO comme MAD ou EUR' },
};

/** What every complaint page does: read the file and the client's history, render it, turn refusals into French. */
@Injectable()
export class ComplaintPages {
  constructor(
    private readonly renderer: ConsoleRenderer,
    private readonly queries: ComplaintQueriesService,
    private readonly users: UsersService,
    private readonly privacy: PrivacyService,
    @Inject(relanceConfig.KEY) readonly config: RelanceConfigType,
    @Inject(complaintsConfig.KEY) readonly settings: ComplaintsConfigType,
  ) {}

  get causes(): readonly string[] {
    return this.settings.causes;
  }

  async show(
    reference: string,
    request: ConsoleRequest,
    response: Response,
    state: PageState = NO_STATE,
    status = 200,
  ): Promise<void> {
    const complaint = await this.queries.get(reference);
    const externalId = String((complaint.client as { external_id: string }).external_id);
    const [users, dossier] = await Promise.all([this.users.list(), this.privacy.dossier(externalId)]);
    const session = request.consoleSession!;
    const view = complaintPageView(
      complaint,
      {
        users,
        causes: this.settings.causes,
        timeZone: this.config.defaultTimezone,
        canAct: roleAllows(session.user.role, 'marketer'),
        currency: this.config.defaultCurrency,
        followUpDays: this.settings.callAfterDays,
        timeline: timeline(dossier, new Set()),
      },
      state,
    );
    const html = this.renderer.render('complaint', `Réclamation ${String(view.reference)}`, view, {
      path: request.path,
      session,
    });
    sendPage(response, html, status);
  }

  /**
   * Runs a workflow step; a refusal the person can correct (a field, the wrong state) shows the
   * page again with the message in French, anything else goes to the console's error page.
   */
  async attempt(
    work: () => Promise<void>,
    refused: (problem: Problem, status: number) => Promise<void>,
  ): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (!(error instanceof DomainError) || !['invalid', 'conflict'].includes(error.kind)) throw error;
      if (error.kind === 'conflict') {
        await refused(
          { field: 'Action', reason: "impossible dans l'état actuel de la réclamation ; rechargez la page" },
          409,
        );
        return;
      }
      const field = error.details?.fields?.[0]?.field ?? '';
      await refused(REFUSALS[field] ?? { field, reason: 'valeur refusée' }, 400);
    }
  }
}
