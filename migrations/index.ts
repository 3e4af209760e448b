import { CreateClientBase1764064800000 } from './1764064800000-create-client-base';
import { CreateTemplates1764300000000 } from './1764300000000-create-templates';

/**
 * Every migration, in order. Migrations are never edited once committed: add a new one.
 * Listed explicitly (no glob) so the same list works from TypeScript sources and from dist/.
 */
export const migrations = [CreateClientBase1764064800000, CreateTemplates1764300000000];
