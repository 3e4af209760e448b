import type { ConsentPolicy } from './consent-policy';
import type { CampaignFlags } from './can-contact';
import { CONSENT_METHODS, type ContactChannel, type ContactPurpose } from './consent.types';
import { consumerDomains } from './professional-address';

/**
 * The same decision as `canContact`, compiled to one SQL expression for set-based work
 * (segment reachability counts, campaign audience snapshots over hundreds of thousands of
 * contacts). It yields the refusal reason, or NULL when the contact may be reached.
 *
 * It decides everything except the time-of-day rules (calling windows, calls per 30 days),
 * which only make sense for one message at one instant and are checked by `canContact` when
 * each message is sent. A property test runs both forms over random ledgers and compares them.
 *
 * Expects `c` = contacts; joins the consent state itself. Policy constants are inlined after
 * validation against fixed vocabularies; no user-supplied text reaches this SQL.
 */
export interface ReachabilityOptions {
  channel: ContactChannel;
  purpose: ContactPurpose;
  flags?: CampaignFlags;
  contactAlias?: string;
  /**
   * `row`: the expression is evaluated for a handful of contacts (a batch being sent), so each
   * lookup must be an index probe per contact. Without it the planner may hash a whole
   * sub-table once instead (right for a segment of 100,000, wrong for 16 messages, and chosen
   * for 16 when the table was never analysed). `OFFSET 0` keeps each EXISTS a per-row subplan.
   */
  evaluatedPer?: 'set' | 'row';
}

const SUPPRESSION_CHANNEL: Record<ContactChannel, { channel: string; hash: string } | undefined> = {
  email: { channel: 'email', hash: 'email_hash' },
  sms: { channel: 'sms', hash: 'phone_hash' },
  phone: { channel: 'phone', hash: 'phone_hash' },
  postal: undefined,
};

function literal(value: string): string {
  if (!/^[a-z0-9_.-]+$/.test(value)) throw new Error(`refusing to inline "${value}" into SQL`);
  return `'${value}'`;
}

function addressPresent(c: string, channel: ContactChannel): string {
  switch (channel) {
    case 'email':
      return `${c}.email IS NOT NULL`;
    case 'sms':
    case 'phone':
      return `${c}.phone IS NOT NULL`;
    case 'postal':
      return `(${c}.address_line1 IS NOT NULL AND ${c}.postal_code IS NOT NULL AND ${c}.city IS NOT NULL)`;
  }
}

export function reachabilitySql(policy: ConsentPolicy, options: ReachabilityOptions): string {
  const c = options.contactAlias ?? 'c';
  const { channel, purpose } = options;
  const flags = options.flags ?? {};
  const suppression = SUPPRESSION_CHANNEL[channel];
  const probe = options.evaluatedPer === 'row' ? ' OFFSET 0' : '';
  const suppressed = (condition: string) =>
    suppression
      ? `EXISTS (SELECT 1 FROM suppressions s WHERE s.channel = ${literal(suppression.channel)} AND s.value_hash = ${c}.${suppression.hash} AND ${condition}${probe})`
      : 'false';
  const cases: string[] = [
    `WHEN ${c}.erased_at IS NOT NULL THEN 'erased'`,
    `WHEN NOT ${addressPresent(c, channel)} THEN 'invalid_address'`,
  ];

  if (purpose === 'service') {
    cases.push(`WHEN ${suppressed(`s.reason IN ('hard_bounce', 'soft_bounces', 'erased')`)} THEN 'suppressed'`);
    return `(CASE ${cases.join(' ')} ELSE NULL END)`;
  }

  cases.push(`WHEN ${suppressed(`s.reason <> 'do_not_call'`)} THEN 'suppressed'`);
  if (channel === 'phone' && policy.phone.doNotCallList) {
    cases.push(`WHEN ${c}.type = 'person' AND ${suppressed(`s.reason = 'do_not_call'`)} THEN 'do_not_call'`);
  }
  const accepted = policy.acceptedMethods.filter((method) => (CONSENT_METHODS as readonly string[]).includes(method));
  const statusOf = `(SELECT cs.status FROM consent_states cs WHERE cs.contact_id = ${c}.id AND cs.channel = ${literal(channel)})`;
  cases.push(`WHEN ${statusOf} = 'withdrawn' THEN 'withdrawn'`);

  const optInFor = (type: 'person' | 'company') =>
    (type === 'person' ? policy.persons : policy.companies)[channel].basis === 'opt_in';
  const needsConsent = [
    optInFor('person') ? `${c}.type = 'person'` : null,
    optInFor('company') ? `${c}.type = 'company'` : null,
  ].filter(Boolean);
  if (needsConsent.length) {
    const grounds = [
      `EXISTS (SELECT 1 FROM consent_states cs WHERE cs.contact_id = ${c}.id AND cs.channel = ${literal(channel)} AND cs.status = 'granted' AND cs.legal_basis = 'consent'` +
        (accepted.length ? ` AND cs.method IN (${accepted.map(literal).join(', ')})${probe})` : ' AND false)'),
    ];
    if (channel === 'email' && flags.professional && policy.professionalEmailOptOut) {
      grounds.push(
        `(${c}.type = 'company' AND lower(split_part(${c}.email, '@', 2)) NOT IN (${consumerDomains().map(literal).join(', ')}))`,
      );
    }
    if (flags.softOptIn && policy.softOptInChannels.includes(channel)) {
      grounds.push(
        `(EXISTS (SELECT 1 FROM purchases p WHERE p.contact_id = ${c}.id${probe}) AND EXISTS (SELECT 1 FROM consent_states cs WHERE cs.contact_id = ${c}.id AND cs.channel = ${literal(channel)} AND cs.status = 'granted' AND cs.legal_basis = 'soft_opt_in'${probe}))`,
      );
    }
    cases.push(`WHEN (${needsConsent.join(' OR ')}) AND NOT (${grounds.join(' OR ')}) THEN 'no_consent'`);
  }
  return `(CASE ${cases.join(' ')} ELSE NULL END)`;
}

/** The segment field `consent.<channel>`: granted, withdrawn or none under the policy. */
export function effectiveConsentSql(policy: ConsentPolicy, channel: ContactChannel, contactAlias = 'c'): string {
  const accepted = policy.acceptedMethods.filter((method) => (CONSENT_METHODS as readonly string[]).includes(method));
  return `coalesce((SELECT CASE WHEN cs.status = 'withdrawn' THEN 'withdrawn'
            WHEN cs.status = 'granted' AND cs.legal_basis = 'consent' AND cs.method IN (${accepted.length ? accepted.map(literal).join(', ') : "''"}) THEN 'granted'
            ELSE 'none' END
          FROM consent_states cs WHERE cs.contact_id = ${contactAlias}.id AND cs.channel = ${literal(channel)}), 'none')`;
}
