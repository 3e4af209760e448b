import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiKeyService } from '../../core/auth/api-key.service';
import { UsersService } from '../../core/auth/users.service';
import { CORE_NAMESPACES } from '../../core/config/config-namespaces';
import { relanceConfig, type RelanceConfigType } from '../../core/config/relance-config';
import { DomainError, HTTP_STATUS_BY_KIND } from '../../core/errors/domain-error';
import { CONSENT_POLICY, type ConsentPolicy } from '../../consent/consent-policy';
import { ConsoleRole } from '../shell/console-auth.guard';
import { ConsolePages, sendPage } from '../shell/console-page.decorator';
import { ConsoleRenderer } from '../shell/console-renderer';
import type { ConsoleRequest } from '../shell/console-request';
import { configurationRows, consentPolicyView } from './settings-view';

interface Notice {
  /** What happened, for the template's wording. */
  kind: 'user-created' | 'password-reset' | 'key-created' | 'user-disabled' | 'key-revoked';
  subject: string;
  /** A password or key shown this once. */
  secret: string | null;
}

const DONE = { 'utilisateur-desactive': 'user-disabled', 'cle-revoquee': 'key-revoked' } as const;

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/**
 * Paramètres (admins only): users and API keys through the same services as `relance user` and
 * `relance apikey`, the consent policy in force, the sender identity, the configuration that is
 * set (secrets masked). A password or key is shown once, in the answer to the post that made it.
 */
@ConsolePages()
@ConsoleRole('admin')
@Controller('parametres')
export class SettingsController {
  constructor(
    private readonly renderer: ConsoleRenderer,
    private readonly users: UsersService,
    private readonly apiKeys: ApiKeyService,
    @Inject(CONSENT_POLICY) private readonly policy: ConsentPolicy,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
  ) {}

  @Get()
  async page(@Query('fait') done: unknown, @Req() request: ConsoleRequest, @Res() response: Response) {
    const kind = typeof done === 'string' && Object.hasOwn(DONE, done) ? DONE[done as keyof typeof DONE] : undefined;
    await this.show(request, response, { notice: kind ? { kind, subject: '', secret: null } : null });
  }

  @Post('utilisateurs')
  @HttpCode(200)
  async createUser(@Body() form: Record<string, unknown>, @Req() request: ConsoleRequest, @Res() response: Response) {
    const input = { email: text(form.email), name: text(form.name), role: text(form.role) };
    await this.act(request, response, { userForm: input }, async () => {
      const created = await this.users.create(input);
      return { kind: 'user-created', subject: created.user.email, secret: created.password ?? null };
    });
  }

  @Post('utilisateurs/:id/mot-de-passe')
  @HttpCode(200)
  async resetPassword(@Param('id') id: string, @Req() request: ConsoleRequest, @Res() response: Response) {
    await this.act(request, response, {}, async () => {
      const changed = await this.users.setPassword(id);
      return { kind: 'password-reset', subject: changed.user.email, secret: changed.password ?? null };
    });
  }

  @Post('utilisateurs/:id/desactiver')
  async disableUser(@Param('id') id: string, @Req() request: ConsoleRequest, @Res() response: Response) {
    await this.act(request, response, {}, async () => {
      await this.users.disable(id);
      return 'utilisateur-desactive';
    });
  }

  @Post('cles')
  @HttpCode(200)
  async createKey(@Body() form: Record<string, unknown>, @Req() request: ConsoleRequest, @Res() response: Response) {
    const input = { role: text(form.role), label: text(form.label).trim() };
    await this.act(request, response, { keyForm: input }, async () => {
      const created = await this.apiKeys.create(input.role, input.label || undefined);
      return { kind: 'key-created', subject: created.id, secret: created.key };
    });
  }

  @Post('cles/:id/revoquer')
  async revokeKey(@Param('id') id: string, @Req() request: ConsoleRequest, @Res() response: Response) {
    await this.act(request, response, {}, async () => {
      await this.apiKeys.revoke(id);
      return 'cle-revoquee';
    });
  }

  /** Runs the action; a secret is shown in the page answering the post, anything else redirects (a reload repeats nothing); a refusal is the page with its message. */
  private async act(
    request: ConsoleRequest,
    response: Response,
    forms: Record<string, unknown>,
    action: () => Promise<Notice | keyof typeof DONE>,
  ): Promise<void> {
    try {
      const outcome = await action();
      if (typeof outcome === 'string') {
        response.redirect(303, `/parametres?fait=${outcome}`);
        return;
      }
      await this.show(request, response, { notice: outcome });
    } catch (error) {
      if (!(error instanceof DomainError) || error.kind === 'unavailable' || error.kind === 'rate_limited') throw error;
      await this.show(request, response, { ...forms, error: error.code }, HTTP_STATUS_BY_KIND[error.kind]);
    }
  }

  private async show(
    request: ConsoleRequest,
    response: Response,
    extra: Record<string, unknown>,
    status = 200,
  ): Promise<void> {
    const session = request.consoleSession!;
    const users = (await this.users.list()).map((user) => ({ ...user, self: user.id === session.user.id }));
    const keys = await this.apiKeys.list();
    const sender = this.config.serviceSender;
    const view = {
      notice: null,
      error: null,
      userForm: { email: '', name: '', role: 'marketer' },
      keyForm: { role: 'marketer', label: '' },
      ...extra,
      users,
      keys,
      policy: consentPolicyView(this.policy),
      sender: {
        name: sender.name,
        email: sender.email ?? null,
        postalAddress: sender.postal_address ?? null,
        place: sender.place ?? null,
        signatory: [sender.signatory_name, sender.signatory_title].filter(Boolean).join(', ') || null,
        smsSender: this.config.sms.sender ?? null,
        unsubscribeMailto: this.config.unsubscribeMailto ?? null,
      },
      configuration: configurationRows(
        process.env,
        CORE_NAMESPACES.flatMap((namespace) => namespace.variables),
      ),
    };
    sendPage(response, this.renderer.render('settings', 'Paramètres', view, { path: request.path, session }), status);
  }
}
