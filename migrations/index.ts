import { CreateClientBase1764064800000 } from './1764064800000-create-client-base';
import { CreateConsentLedger1764100000000 } from './1764100000000-create-consent-ledger';
import { CreateSegments1764200000000 } from './1764200000000-create-segments';
import { CreateTemplates1764300000000 } from './1764300000000-create-templates';
import { CreateCampaignsAndDeliveries1764400000000 } from './1764400000000-create-campaigns-and-deliveries';
import { AddDeliveryOccurrences1764450000000 } from './1764450000000-add-delivery-occurrences';
import { CreateContactEvents1764500000000 } from './1764500000000-create-contact-events';
import { CreateAutomations1764550000000 } from './1764550000000-create-automations';
import { CreateTemplateLinks1764573000000 } from './1764573000000-create-template-links';
import { CreateComplaints1764600000000 } from './1764600000000-create-complaints';
import { CreateDeliveryEvents1764610000000 } from './1764610000000-create-delivery-events';
import { CreateSecretKeyRecord1764706615000 } from './1764706615000-create-secret-key-record';
import { CreateConsoleUsers1765100000000 } from './1765100000000-create-console-users';
import { CreateImportRuns1765300000000 } from './1765300000000-create-import-runs';
import { AddDeliveryInFlightIndex1765400000000 } from './1765400000000-add-delivery-in-flight-index';
import { AddProgrammeKpiDataVersion1765517000000 } from './1765517000000-add-programme-kpi-data-version';
import { CreateCallQueue1765619000000 } from './1765619000000-create-call-queue';

/**
 * Every migration, in order. Migrations are never edited once committed: add a new one.
 * Listed explicitly (no glob) so the same list works from TypeScript sources and from dist/.
 */
export const migrations = [
  CreateClientBase1764064800000, CreateConsentLedger1764100000000, CreateSegments1764200000000, CreateTemplates1764300000000,
  CreateCampaignsAndDeliveries1764400000000, AddDeliveryOccurrences1764450000000, CreateContactEvents1764500000000, CreateAutomations1764550000000,
  CreateTemplateLinks1764573000000, CreateComplaints1764600000000, CreateDeliveryEvents1764610000000,
  CreateSecretKeyRecord1764706615000, CreateConsoleUsers1765100000000, CreateImportRuns1765300000000,
  AddDeliveryInFlightIndex1765400000000,
  AddProgrammeKpiDataVersion1765517000000,
  CreateCallQueue1765619000000,
];
