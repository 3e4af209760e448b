import { loadComplaintsSettings } from '../../src/complaints/complaints.config';
import type { ConfigSource, VariableDoc } from '../../src/core/config/config-schema';
import type { NamespaceDoc } from '../../src/core/config/configuration-doc';
import {
  DEFAULT_SCORING_SETTINGS,
  loadScoringSettings,
  SCORING_VARIABLES,
  type ScoringSettings,
} from '../../src/segments/scoring-settings';

/**
 * The reference page's view of the settings that modules above core validate themselves
 * (segments: scoring; complaints). Names, ranges and defaults come from their code; only the
 * descriptions are written here. The configuration-doc spec checks that these are exactly the
 * variables `load` reads, so a variable added there without a line here fails the build.
 */
export interface ModuleNamespaceDoc extends NamespaceDoc {
  load(source: ConfigSource): unknown;
}

const SCORING_DESCRIPTIONS: Record<keyof ScoringSettings, string> = {
  rfmWindowMonths: 'months of purchases behind RFM scores and value tiers',
  topRevenuePercent: 'cumulative revenue share (%) of the `top` tier',
  coreRevenuePercent: 'cumulative revenue share (%) of the `top` and `core` tiers together; above the `top` share',
  acquisitionDays: 'a first purchase this recent (days) is still acquisition',
  trendDays: 'development: the period (days) compared with the one before',
  basketGrowthPercent: 'development: the growth of the average basket (%) that counts',
  declineFactor: "decline: idle beyond this factor × the client's usual interval between orders…",
  declineMinDays: '…and beyond this many days',
  silentMinOrders: 'silent clients: at least this many orders…',
  silentFactor: '…idle beyond this factor × their median interval between orders…',
  silentMinDays: '…and beyond this many days',
};

function scoringVariables(): VariableDoc[] {
  return (Object.keys(SCORING_VARIABLES) as Array<keyof ScoringSettings>).map((key) => {
    const { name, min, max, integer } = SCORING_VARIABLES[key];
    return {
      env: name,
      accepts: `${integer ? 'integer' : 'number'} from ${min} to ${max}`,
      default: `\`${DEFAULT_SCORING_SETTINGS[key]}\``,
      description: SCORING_DESCRIPTIONS[key],
      secret: false,
    };
  });
}

function complaintsVariables(): VariableDoc[] {
  const defaults = loadComplaintsSettings({});
  const variable = (env: string, accepts: string, description: string, fallback?: string): VariableDoc => ({
    env,
    accepts,
    description,
    default: fallback,
    secret: false,
  });
  return [
    variable(
      'RELANCE_COUNTRY',
      'ISO country code with a public-holiday calendar',
      "country whose public holidays count for complaint due dates when the client's country has no calendar",
      '`RELANCE_DEFAULT_COUNTRY`',
    ),
    variable(
      'RELANCE_COMPLAINT_CAUSES',
      'values separated by commas',
      'the coding list of complaint causes',
      `\`${defaults.causes.join(',')}\``,
    ),
    variable(
      'RELANCE_COMPLAINT_CATEGORIES',
      'values separated by commas',
      'the coding list of complaint categories',
      `\`${defaults.categories.join(',')}\``,
    ),
    variable(
      'RELANCE_COMPLAINTS_ESCALATION_EMAIL',
      'e-mail address',
      'who is told, besides the owner, when a complaint is overdue',
      "only the owner's `owner_email`",
    ),
    variable(
      'RELANCE_COMPLAINTS_CALL_THRESHOLD',
      'amount, 0 or more',
      'compensation total above which a closed complaint gets a follow-up call',
      `\`${defaults.callThreshold}\``,
    ),
    variable(
      'RELANCE_COMPLAINTS_CALL_AFTER_DAYS',
      'integer from 0 to 365',
      'days after closure for that call',
      `\`${defaults.callAfterDays}\``,
    ),
  ];
}

export const MODULE_NAMESPACES: ReadonlyArray<ModuleNamespaceDoc> = [
  {
    title: 'Scores and stages',
    summary: 'See [segments: scores and stages](segments.md#scores-and-stages).',
    variables: scoringVariables(),
    load: (source) => loadScoringSettings(source.env),
  },
  {
    title: 'Complaints',
    summary: 'See [complaints: settings](complaints.md#settings).',
    variables: complaintsVariables(),
    load: (source) => loadComplaintsSettings(source.env),
  },
];
