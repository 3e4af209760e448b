import type { Preflight, PreflightSample, PreflightStep } from '../../campaigns/campaign-preflight.service';
import type { Role } from '../../core/auth/api-key.entity';
import { roleAllows } from '../../core/auth/api-key.service';
import { CHANNEL_LABELS } from './campaign-labels';

/** Contacts named per missing variable (the service keeps up to 1,000). */
const LISTED_CONTACTS = 20;

function contactLink(externalId: string) {
  return { id: externalId, href: `/contacts/${encodeURIComponent(externalId)}` };
}

function sampleView(campaignId: string, step: PreflightStep, sample: PreflightSample, index: number) {
  const rendered = sample.rendered;
  const href = `/campagnes/${campaignId}/verification/exemples/${step.position}/${index + 1}`;
  return {
    externalId: sample.externalId,
    contact: contactLink(sample.externalId),
    name: sample.name,
    problem: sample.problem,
    email: rendered?.channel === 'email' ? { subject: rendered.subject, href } : null,
    letter: rendered?.channel === 'letter' ? { href: `${href}.pdf`, problems: rendered.problems.join(' ; ') } : null,
    text: rendered?.channel === 'sms' || rendered?.channel === 'phone' ? rendered.text : null,
    sms: rendered?.channel === 'sms' ? { characters: rendered.characters, segments: rendered.segments } : null,
  };
}

function stepView(campaignId: string, step: PreflightStep) {
  const lintVerdict = step.unusable
    ? 'inutilisable'
    : step.lint.blockers
      ? 'bloquant'
      : step.lint.warnings.length
        ? 'avertissements'
        : 'conforme';
  return {
    position: step.position,
    channel: CHANNEL_LABELS[step.channel] ?? step.channel,
    reference: step.reference,
    unusable: step.unusable,
    lintVerdict,
    lintErrors: step.lint.errors,
    lintWarnings: step.lint.warnings,
    missing: step.missing.map((entry) => ({
      variable: entry.variable,
      count: entry.count,
      campaignData: entry.variable.startsWith('campaign.data.') || entry.variable.startsWith('sender.'),
      contacts: entry.external_ids.slice(0, LISTED_CONTACTS).map(contactLink),
      more: Math.max(0, entry.count - LISTED_CONTACTS),
    })),
    invalid: step.invalid
      .slice(0, 10)
      .map((entry) => ({ contact: contactLink(entry.external_id), message: entry.message })),
    merged: !step.unusable && !step.missing.length && !step.invalid.length,
    messages: step.messages,
    upTo: step.upTo,
    costPerMessage: step.costPerMessage,
    cost: step.cost,
    samples: step.samples.map((sample, index) => sampleView(campaignId, step, sample, index)),
    letters: step.letters,
  };
}

/** The pre-flight page: the audience, each step's verdicts, costs, samples, and whether the launch button shows. */
export function preflightView(preflight: Preflight, role: Role, now = new Date(), error: string | null = null) {
  const steps = preflight.steps.map((step) => stepView(preflight.id, step));
  const blockers = [
    ...(preflight.audience.targeted === 0 ? ['Personne n’est ciblé : l’audience est vide après exclusions.'] : []),
    ...preflight.steps.flatMap((step) => [
      ...(step.unusable ? [`Étape ${step.position} : modèle inutilisable.`] : []),
      ...(step.lint.blockers ? [`Étape ${step.position} : le modèle a des erreurs de relecture.`] : []),
      ...(step.missing.length || step.invalid.length
        ? [`Étape ${step.position} : des variables manquent pour une partie de l’audience.`]
        : []),
    ]),
  ];
  const scheduled = preflight.sendAt !== null && new Date(preflight.sendAt).getTime() > now.getTime();
  return {
    id: preflight.id,
    name: preflight.name,
    audience: preflight.audience,
    steps,
    costs: preflight.costs,
    blockers,
    launchable: preflight.launchable,
    canLaunch: roleAllows(role, 'marketer'),
    scheduled,
    sendAt: preflight.sendAt,
    error,
  };
}
