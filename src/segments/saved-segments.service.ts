import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { modifyReturning, queryRows } from '../core/database/query-rows';
import { DomainError } from '../core/errors/domain-error';
import { validateRules } from './rule-validator';

export interface SavedSegment {
  id: string;
  name: string;
  description: string | null;
  rules: unknown;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface SegmentInput {
  name: string;
  description?: string | null;
  rules: unknown;
}

const COLUMNS = 'id, name, description, rules, created_by, created_at, updated_at';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Named segments: rules stored as written, evaluated each time they are used (dynamic). */
@Injectable()
export class SavedSegmentsService {
  constructor(private readonly dataSource: DataSource) {}

  async create(input: SegmentInput, createdBy?: string): Promise<SavedSegment> {
    validateRules(input.rules);
    const name = checkName(input.name);
    return this.unique(name, async () => {
      const [segment] = await queryRows<SavedSegment>(
        this.dataSource,
        `INSERT INTO segments (name, description, rules, created_by) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
        [name, input.description ?? null, JSON.stringify(input.rules), createdBy ?? null],
      );
      return segment;
    });
  }

  async update(idOrName: string, input: Partial<SegmentInput>): Promise<SavedSegment> {
    const current = await this.get(idOrName);
    if (input.rules !== undefined) validateRules(input.rules);
    const name = input.name === undefined ? current.name : checkName(input.name);
    return this.unique(name, async () => {
      const [segment] = await modifyReturning<SavedSegment>(
        this.dataSource,
        `UPDATE segments SET name = $2, description = $3, rules = $4, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
        [
          current.id,
          name,
          input.description === undefined ? current.description : input.description,
          JSON.stringify(input.rules ?? current.rules),
        ],
      );
      return segment;
    });
  }

  async remove(idOrName: string): Promise<{ deleted: true; id: string }> {
    const current = await this.get(idOrName);
    await this.dataSource.query(`DELETE FROM segments WHERE id = $1`, [current.id]);
    return { deleted: true, id: current.id };
  }

  async list(): Promise<SavedSegment[]> {
    return queryRows<SavedSegment>(this.dataSource, `SELECT ${COLUMNS} FROM segments ORDER BY lower(name)`);
  }

  /** By id, or by name (case-insensitive). */
  async get(idOrName: string, manager: EntityManager = this.dataSource.manager): Promise<SavedSegment> {
    const [segment] = await queryRows<SavedSegment | undefined>(
      manager,
      `SELECT ${COLUMNS} FROM segments WHERE ${UUID.test(idOrName) ? 'id = $1::uuid' : 'lower(name) = lower($1)'}`,
      [idOrName],
    );
    if (!segment) throw DomainError.notFound('segments.not_found', `no segment with id or name "${idOrName}"`);
    return segment;
  }

  private async unique<T>(name: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (
        (error as { code?: string }).code === '23505' ||
        (error as { driverError?: { code?: string } }).driverError?.code === '23505'
      ) {
        throw DomainError.conflict('segments.name_taken', `a segment named "${name}" already exists`, {
          fields: [{ field: 'name', reason: 'already used' }],
        });
      }
      throw error;
    }
  }
}

function checkName(raw: unknown): string {
  const name = typeof raw === 'string' ? raw.trim() : '';
  // eslint-disable-next-line no-control-regex -- a name is one line of printable text
  if (!name || name.length > 200 || /[\u0000-\u001f]/.test(name)) {
    throw DomainError.invalid('segments.invalid_name', 'a segment needs a name of 1 to 200 characters on one line', {
      fields: [{ field: 'name', reason: 'must be 1 to 200 characters on one line' }],
    });
  }
  if (UUID.test(name)) {
    throw DomainError.invalid('segments.invalid_name', 'a segment name cannot look like an id', {
      fields: [{ field: 'name', reason: 'looks like an id' }],
    });
  }
  return name;
}
