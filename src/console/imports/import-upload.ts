import type { Request, Response } from 'express';
import multer from 'multer';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DomainError } from '../../core/errors/domain-error';

export interface UploadedImport {
  kind: string;
  file: string;
  name: string;
  bytes: number;
}

const MULTER_CODES: Record<string, string> = {
  LIMIT_FILE_SIZE: 'imports.too_large',
  LIMIT_FILE_COUNT: 'imports.one_file',
  LIMIT_UNEXPECTED_FILE: 'imports.one_file',
  LIMIT_PART_COUNT: 'imports.bad_form',
  LIMIT_FIELD_COUNT: 'imports.bad_form',
  LIMIT_FIELD_VALUE: 'imports.bad_form',
};

/**
 * The upload form's file, streamed to `folder` as it arrives (never held in memory whatever its
 * size; a file over `maxBytes` is cut off, removed and refused), with the kind chosen beside it.
 * Every refusal is a 4xx DomainError whose code the page words, and leaves no file behind.
 */
export async function receiveUpload(
  request: Request,
  response: Response,
  folder: string,
  maxBytes: number,
): Promise<UploadedImport> {
  await fs.promises.mkdir(folder, { recursive: true });
  const upload = multer({
    dest: folder,
    limits: { fileSize: maxBytes, files: 1, fields: 4, parts: 5, fieldSize: 1000 },
  }).single('fichier');
  try {
    await new Promise<void>((resolve, reject) =>
      upload(request, response, (error: unknown) =>
        error ? reject(error instanceof Error ? error : new Error('upload failed')) : resolve(),
      ),
    );
  } catch (error) {
    if (error instanceof multer.MulterError) {
      const code = MULTER_CODES[error.code] ?? 'imports.bad_form';
      throw DomainError.invalid(code, `upload refused: ${error.message}`, { max_bytes: maxBytes });
    }
    throw DomainError.invalid('imports.bad_form', `upload refused: ${(error as Error).message}`);
  }
  const file = request.file;
  const body = request.body as Record<string, unknown> | undefined;
  if (!file) throw DomainError.invalid('imports.no_file', 'no file uploaded (field "fichier")');
  const kind = typeof body?.type === 'string' ? body.type : '';
  return {
    kind,
    file: path.resolve(file.path),
    name: path.basename(file.originalname || 'fichier.csv'),
    bytes: file.size,
  };
}
