import { SetMetadata } from '@nestjs/common';
import type { Role } from './api-key.entity';

export const PUBLIC_ROUTE = 'relance:public';
export const REQUIRED_ROLE = 'relance:role';
export const CONSOLE_ROUTE = 'relance:console';

/** No API key needed: signed-token pages, webhooks with their own secret, health. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/**
 * A web console route: people sign in (a session cookie, see src/console) instead of presenting an
 * API key. Not a public route: the console's own guard checks the session, the role and CSRF.
 */
export const ConsoleRoute = () => SetMetadata(CONSOLE_ROUTE, true);

/** The least role allowed; roles are ordered manager < marketer < admin. */
export const RequireRole = (role: Role) => SetMetadata(REQUIRED_ROLE, role);
