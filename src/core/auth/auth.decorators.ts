import { SetMetadata } from '@nestjs/common';
import type { Role } from './api-key.entity';

export const PUBLIC_ROUTE = 'relance:public';
export const REQUIRED_ROLE = 'relance:role';

/** No API key needed: signed-token pages, webhooks with their own secret, health. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** The least role allowed; roles are ordered manager < marketer < admin. */
export const RequireRole = (role: Role) => SetMetadata(REQUIRED_ROLE, role);
