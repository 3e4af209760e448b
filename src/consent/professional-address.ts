/**
 * Consumer mailbox providers: an address there is personal, even for a company contact.
 * The B2B exception (opt-out at a professional address) never applies to them.
 */
const CONSUMER_DOMAINS = new Set([
  'gmail.com',
  'googlemail.com',
  'hotmail.com',
  'hotmail.fr',
  'outlook.com',
  'outlook.fr',
  'live.com',
  'live.fr',
  'msn.com',
  'yahoo.com',
  'yahoo.fr',
  'ymail.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'aol.fr',
  'gmx.fr',
  'gmx.com',
  'gmx.net',
  'orange.fr',
  'wanadoo.fr',
  'free.fr',
  'sfr.fr',
  'neuf.fr',
  'laposte.net',
  'bbox.fr',
  'numericable.fr',
  'club-internet.fr',
  'proton.me',
  'protonmail.com',
  'tutanota.com',
  'yandex.com',
  'mail.com',
  'menara.ma',
  'iam.ma',
  'inwi.ma',
]);

export function isProfessionalEmail(email: string): boolean {
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  return domain.length > 0 && !CONSUMER_DOMAINS.has(domain);
}

/** For SQL: the same list, compared with the domain part of an address. */
export function consumerDomains(): string[] {
  return [...CONSUMER_DOMAINS];
}
