import type { FieldProblem } from '../../core/errors/domain-error';
import type { SegmentPreview } from '../../segments/segment-preview';

/** The segment pages' view models: a preview (count, reachability per channel, sample) in French words. */

const CHANNELS = [
  ['email', 'E-mail'],
  ['sms', 'SMS'],
  ['postal', 'Courrier'],
  ['phone', 'Téléphone'],
] as const;

const REFUSALS: Record<string, string> = {
  no_consent: 'sans consentement',
  withdrawn: 'consentement retiré',
  suppressed: "sur liste d'opposition",
  do_not_call: "sur liste d'opposition au démarchage téléphonique",
  invalid_address: 'sans adresse valide',
  erased: 'effacés (RGPD)',
  outside_calling_hours: "hors des heures d'appel",
  call_limit: "plafond d'appels atteint",
};

const STAGES: Record<string, string> = {
  acquisition: 'acquisition',
  development: 'développement',
  retention: 'fidélisation',
  decline: 'déclin',
};
const TIERS: Record<string, string> = { top: 'meilleurs clients', core: 'cœur', tail: 'petits clients' };

export interface PreviewView {
  count: number;
  channels: Array<{
    channel: string;
    label: string;
    reachable: number;
    refused: Array<{ reason: string; label: string; count: number }>;
  }>;
  sample: Array<{ externalId: string; name: string; place: string; stage: string; tier: string }>;
  scoredAt: string | null;
  policy: string;
}

export function previewView(preview: SegmentPreview): PreviewView {
  return {
    count: preview.count,
    channels: CHANNELS.map(([channel, label]) => {
      const { reachable, refused } = preview.breakdown.reachability[channel];
      return {
        channel,
        label,
        reachable,
        refused: Object.entries(refused)
          .filter(([, count]) => Boolean(count))
          .map(([reason, count]) => ({ reason, label: REFUSALS[reason] ?? reason, count: count })),
      };
    }),
    sample: preview.sample.map((contact) => ({
      externalId: contact.external_id,
      name:
        [contact.civility, contact.first_name, contact.last_name].filter(Boolean).join(' ') ||
        contact.company_name ||
        contact.external_id,
      place: [contact.city, contact.region].filter(Boolean).join(', '),
      stage: contact.lifecycle ? (STAGES[contact.lifecycle] ?? contact.lifecycle) : 'non calculée',
      tier: contact.value_tier ? (TIERS[contact.value_tier] ?? contact.value_tier) : '—',
    })),
    scoredAt: preview.scored_at,
    policy: preview.consent_policy,
  };
}

/** The validator's problems, each with the path the builder matches to a condition (`(rules)` for the whole set). */
export function problemsView(
  problems: FieldProblem[] | undefined,
  fallback: string,
): Array<{ path: string; reason: string }> {
  const list = (problems ?? []).map((problem) => ({ path: problem.field, reason: problem.reason }));
  return list.length ? list : [{ path: '(rules)', reason: fallback }];
}

/** The rules posted by the form: JSON text, parsed; a syntax error is a problem of the whole set. */
export function parseRulesText(text: unknown): { rules?: unknown; problem?: string } {
  if (typeof text !== 'string' || !text.trim())
    return { problem: 'écrivez les règles en JSON, par exemple {"all":[]}' };
  try {
    return { rules: JSON.parse(text) };
  } catch (error) {
    return { problem: `JSON illisible : ${(error as Error).message}` };
  }
}
