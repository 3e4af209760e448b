import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows } from '../core/database/query-rows';
import { catalogue, type CatalogueField, type DiscoveredAttribute } from './segment-catalogue';

/** A text attribute with at most this many distinct values is offered as a list. */
const KNOWN_VALUES = 12;
const MAX_ATTRIBUTES = 200;

interface AttributeRow {
  name: string;
  kind: string;
  contacts: number;
  dates: boolean;
  distinct_values: number;
  samples: string[] | null;
}

/**
 * What a segment rule can read (the rule builder's menu, `GET /api/v1/segments/catalogue`): the
 * standard fields, and the custom attributes found in the contacts' data with their type.
 */
@Injectable()
export class SegmentCatalogueService {
  constructor(private readonly dataSource: DataSource) {}

  async catalogue(): Promise<{ fields: CatalogueField[] }> {
    return catalogue(await this.attributes());
  }

  /** Each attribute name the importer made, typed by the JSON type most of its values have. */
  async attributes(): Promise<DiscoveredAttribute[]> {
    const rows = await queryRows<AttributeRow>(
      this.dataSource,
      `SELECT e.key AS name, jsonb_typeof(e.value) AS kind, count(*)::int AS contacts,
              bool_and(jsonb_typeof(e.value) = 'string' AND (e.value #>> '{}') ~ '^\\d{4}-\\d{2}-\\d{2}$') AS dates,
              count(DISTINCT e.value)::int AS distinct_values,
              (array_agg(DISTINCT e.value #>> '{}'))[1:${KNOWN_VALUES}] AS samples
         FROM contacts c, jsonb_each(c.attributes) e
        WHERE c.erased_at IS NULL AND e.key ~ '^[a-z0-9_]{1,100}$'
          AND jsonb_typeof(e.value) IN ('string', 'number', 'boolean')
        GROUP BY 1, 2`,
    );
    return pickTypes(rows);
  }
}

/** One attribute per name: the JSON type most contacts have, text values listed when few. */
export function pickTypes(rows: AttributeRow[]): DiscoveredAttribute[] {
  const byName = new Map<string, AttributeRow>();
  for (const row of rows) {
    const current = byName.get(row.name);
    if (!current || row.contacts > current.contacts) byName.set(row.name, row);
  }
  return [...byName.values()]
    .sort((a, b) => a.name.localeCompare(b.name))
    .slice(0, MAX_ATTRIBUTES)
    .map((row) => {
      const type = row.kind === 'number' ? 'number' : row.kind === 'boolean' ? 'boolean' : row.dates ? 'date' : 'text';
      const listed = type === 'text' && row.distinct_values <= KNOWN_VALUES && row.samples;
      return { name: row.name, type, contacts: row.contacts, ...(listed ? { values: [...row.samples!].sort() } : {}) };
    });
}
