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

/** What `emitAsync` hands back is untyped: each answer is checked to be a share. */
export function isPersonalDataShare(value: unknown): value is PersonalDataShare {
  return typeof value === 'object' && value !== null && typeof (value as { name?: unknown }).name === 'string';
}
