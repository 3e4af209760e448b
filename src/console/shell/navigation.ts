import type { Role } from '../../core/auth/api-key.entity';

export interface NavigationItem {
  href: string;
  label: string;
  current: boolean;
}

const ITEMS: Array<{ href: string; label: string; when?: (context: NavigationContext) => boolean }> = [
  { href: '/', label: 'Tableau de bord' },
  { href: '/campagnes', label: 'Campagnes' },
  { href: '/automatisations', label: 'Automatisations' },
  { href: '/segments', label: 'Segments' },
  { href: '/modeles', label: 'Modèles' },
  { href: '/contacts', label: 'Contacts' },
  { href: '/reclamations', label: 'Réclamations' },
  { href: '/appels', label: 'Appels' },
  { href: '/coupons', label: 'Coupons' },
  { href: '/boite-d-envoi', label: "Boîte d'envoi", when: (context) => context.outbox },
  { href: '/parametres', label: 'Paramètres', when: (context) => context.role === 'admin' },
];

export interface NavigationContext {
  /** The page's path, to mark the current entry. */
  path: string;
  role: Role;
  /** E-mails or SMS are written to files (no SMTP_URL or no SMS_URL): the outbox is worth showing. */
  outbox: boolean;
}

/** The console's one navigation, in order; an entry is current for its own page and the pages below it. */
export function navigation(context: NavigationContext): NavigationItem[] {
  return ITEMS.filter((item) => !item.when || item.when(context)).map((item) => ({
    href: item.href,
    label: item.label,
    current:
      item.href === '/' ? context.path === '/' : context.path === item.href || context.path.startsWith(`${item.href}/`),
  }));
}
