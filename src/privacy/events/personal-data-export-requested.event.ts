/**
 * A person asked for their data (right of access). Every feature holding personal data answers
 * with its share (a PersonalDataShare) through `emitAsync`; the export lists the shares by name.
 */
export class PersonalDataExportRequestedEvent {
  static readonly event = 'privacy.personal-data-export-requested';

  constructor(readonly contactId: string) {}
}

export interface PersonalDataShare {
  name: string;
  data: unknown;
}
