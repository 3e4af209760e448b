import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { relanceConfig, type RelanceConfigType } from '../core/config/relance-config';
import { DomainError } from '../core/errors/domain-error';
import { PACKAGE_ROOT } from '../core/package-root';
import { ownEntry } from '../core/text/text';
import { parseFrontMatter, type FrontMatterMap } from './source/front-matter';
import { CHANNEL_FOLDERS, FOLDER_OF_CHANNEL, parseTemplateSource, type Channel } from './source/template-definition';
import type { ContactJson, PurchaseSummary, SenderData } from './engine/recipient-data';

/**
 * The template library on disk (`templates/` in the package) and the images letters use.
 * A library reference is `templates/<email|letters|sms|phone>/<name>.<mjml|hbs>`; the CLI may also
 * name any template file on disk (the HTTP API may not).
 */
export const LIBRARY_ROOT = path.join(PACKAGE_ROOT, 'templates');
export const LIBRARY_REFERENCE = /^templates\/(email|letters|sms|phone)\/[A-Za-z0-9][A-Za-z0-9_-]*\.(mjml|hbs)$/;
export const TEMPLATE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ASSET_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*\.(png|jpe?g)$/i;

/** What preparing a template needs: its text, its channel's defaults, and an identity. */
export interface TemplateSnapshot {
  reference: string;
  text: string;
  channel?: Channel;
  defaults: FrontMatterMap;
  checksum: string;
  templateId?: string;
  versionId?: string;
  version?: number;
}

export interface LibraryEntry {
  reference: string;
  channel: Channel;
  title?: string;
  objective?: string;
}

export interface SampleData {
  contact: ContactJson;
  sender: SenderData;
  campaign: { id?: string; name?: string; objective?: string; data?: Record<string, unknown> };
  purchases?: PurchaseSummary;
  costs?: { sms_per_segment?: number; currency?: string };
}

export function checksumOf(text: string, defaults: FrontMatterMap): string {
  return createHash('sha256').update(text).update('\0').update(JSON.stringify(defaults)).digest('hex');
}

function readIfFile(file: string): string | undefined {
  try {
    return fs.statSync(file).isFile() ? fs.readFileSync(file, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

@Injectable()
export class TemplateLibrary {
  private sample?: SampleData;
  private readonly assets = new Map<string, { mtimeMs: number; buffer: Buffer }>();

  constructor(@Inject(relanceConfig.KEY) private readonly config: RelanceConfigType) {}

  /** The channel's `_defaults.yml` next to the template, else the library's. */
  defaultsFor(channel: Channel, directory?: string): FrontMatterMap {
    const candidates = [directory && path.join(directory, '_defaults.yml'), path.join(LIBRARY_ROOT, FOLDER_OF_CHANNEL[channel], '_defaults.yml')];
    for (const candidate of candidates) {
      const text = candidate ? readIfFile(candidate) : undefined;
      if (text !== undefined) return parseFrontMatter(text);
    }
    return {};
  }

  /** Reads a library file; with `anyFile`, also a template file elsewhere on disk (CLI). */
  read(reference: string, options: { anyFile?: boolean } = {}): TemplateSnapshot {
    const normalised = reference.replace(/\\/g, '/').replace(/^\.\//, '');
    let file: string | undefined;
    if (LIBRARY_REFERENCE.test(normalised)) file = path.join(LIBRARY_ROOT, normalised.slice('templates/'.length));
    if (options.anyFile) {
      const local = path.resolve(reference);
      if (readIfFile(local) !== undefined) file = local;
    }
    if (!file) {
      const expected = 'a library path such as templates/email/birthday.mjml or the id of a stored template';
      throw DomainError.notFound('templates.not_found', `no template "${reference}": expected ${expected}`);
    }
    const text = readIfFile(file);
    if (text === undefined) throw DomainError.notFound('templates.not_found', `no template file ${reference}`);
    const folder = path.basename(path.dirname(file));
    const channel = ownEntry(CHANNEL_FOLDERS, folder) ?? this.channelWritten(normalised, text);
    const defaults = channel ? this.defaultsFor(channel, path.dirname(file)) : {};
    return { reference: normalised, text, channel, defaults, checksum: checksumOf(text, defaults) };
  }

  /** For a file outside the library folders: the channel its front matter names, if any. */
  private channelWritten(reference: string, text: string): Channel | undefined {
    try {
      return parseTemplateSource({ reference, text }).channel;
    } catch {
      return undefined; // reported properly when the template is prepared
    }
  }

  list(): LibraryEntry[] {
    const entries: LibraryEntry[] = [];
    for (const [folder, channel] of Object.entries(CHANNEL_FOLDERS)) {
      const directory = path.join(LIBRARY_ROOT, folder);
      if (!fs.existsSync(directory)) continue;
      for (const name of fs.readdirSync(directory).sort()) {
        if (name.startsWith('_') || !/\.(mjml|hbs)$/.test(name)) continue;
        const reference = `templates/${folder}/${name}`;
        try {
          const definition = parseTemplateSource({ reference, text: fs.readFileSync(path.join(directory, name), 'utf8'), channel });
          entries.push({ reference, channel, title: definition.title, objective: definition.objective });
        } catch {
          entries.push({ reference, channel });
        }
      }
    }
    return entries;
  }

  sampleData(): SampleData {
    this.sample ??= JSON.parse(fs.readFileSync(path.join(LIBRARY_ROOT, 'sample-data.json'), 'utf8')) as SampleData;
    return structuredClone(this.sample);
  }

  /** An image for letters: `$RELANCE_HOME/assets/<name>` first (the company's own), then the library's. */
  asset(name: string | undefined): Buffer | undefined {
    if (!name) return undefined;
    if (!ASSET_NAME.test(name)) throw DomainError.invalid('templates.invalid_asset', `image "${name}": give a file name such as logo.png (PNG or JPEG), looked up in $RELANCE_HOME/assets/ then templates/assets/`);
    for (const directory of [path.join(this.config.home, 'assets'), path.join(LIBRARY_ROOT, 'assets')]) {
      const file = path.join(directory, name);
      let stat: fs.Stats;
      try {
        stat = fs.statSync(file);
      } catch {
        continue;
      }
      const cached = this.assets.get(file);
      if (cached && cached.mtimeMs === stat.mtimeMs) return cached.buffer;
      const buffer = fs.readFileSync(file);
      this.assets.set(file, { mtimeMs: stat.mtimeMs, buffer });
      return buffer;
    }
    throw DomainError.notFound('templates.asset_not_found', `image "${name}" is in neither ${path.join(this.config.home, 'assets')} nor ${path.join(LIBRARY_ROOT, 'assets')}`);
  }
}
