import type { ComplaintIntake } from './complaint-intake.service';

export const FORM_TOKEN_PURPOSE = 'complaint-form';
export const MIN_FILL_MS = 3_000;
export const MAX_FILL_MS = 24 * 3600_000;

const text = (value: unknown, max: number) => (typeof value === 'string' ? value.trim().slice(0, max) : '');

/** The nonce of a genuine form token shown between 3 s and a day ago, else undefined. */
export function checkFormToken(payload: Array<string | number> | undefined, now = Date.now()): string | undefined {
  if (!payload || payload.length !== 2 || typeof payload[0] !== 'number' || typeof payload[1] !== 'string')
    return undefined;
  const age = now - payload[0];
  return age >= MIN_FILL_MS && age <= MAX_FILL_MS ? payload[1] : undefined;
}

/** Reads the posted form: the intake, the values to show again, and the problems in French for the person. */
export function readComplaintForm(body: Record<string, unknown>): {
  token: string;
  honeypot: boolean;
  values: Record<string, string>;
  errors: string[];
  intake: Omit<ComplaintIntake, 'actor'>;
} {
  const values = {
    first_name: text(body.first_name, 100),
    last_name: text(body.last_name, 100),
    email: text(body.email, 254).toLowerCase(),
    phone: text(body.phone, 40),
    subject: text(body.subject, 300),
    description: text(body.description, 20000),
    requested_delay_days: text(body.requested_delay_days, 2),
  };
  const errors: string[] = [];
  if (!values.email && !values.phone) errors.push('Indiquez une adresse e-mail ou un numéro de téléphone.');
  if (values.email && !/^[^@\s<>,]+@[^@\s<>,]+\.[^@\s<>,]{2,}$/.test(values.email))
    errors.push('L’adresse e-mail ne semble pas valide.');
  if (!values.subject) errors.push('Indiquez l’objet de votre réclamation.');
  if (values.description.length < 10)
    errors.push('Décrivez votre réclamation en quelques mots (10 caractères au moins).');
  const delay = /^[0-9]$/.test(values.requested_delay_days) ? Number(values.requested_delay_days) : undefined;
  return {
    token: text(body.t, 512),
    honeypot: text(body.website, 200) !== '',
    values,
    errors,
    intake: {
      contact: {
        email: values.email || undefined,
        phone: values.phone || undefined,
        first_name: values.first_name || undefined,
        last_name: values.last_name || undefined,
      },
      channel: 'web',
      subject: values.subject,
      description: values.description,
      requestedDelayDays: delay,
      // The client asking for a delay makes it urgent for them: the matrix applies their delay.
      urgent: delay !== undefined,
    },
  };
}
