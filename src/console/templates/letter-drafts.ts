import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';

/** An unsaved letter the editor previewed: the PDF its frame shows. */
export interface LetterDraft {
  userId: string;
  templateId: string;
  name: string;
  pdf: Buffer;
}

const MAX_DRAFTS = 100;
const LIFETIME_MS = 30 * 60_000;

/**
 * An editor's previews, in memory, for its frame (the letter editor's PDFs, the e-mail editor's HTML): the frame's address names one by a random
 * key, and only the user who wrote it may read it. At most MAX_DRAFTS (a page of a letter is tens
 * of kilobytes; the oldest go first), each for 30 minutes: only what the frame shows while someone types. With
 * several relance processes behind one address, a frame may reach another process: it then says
 * the preview is gone and the next keystroke makes a new one.
 */
export class PreviewDrafts<D extends { userId: string; templateId: string }> {
  private readonly drafts = new Map<string, D & { at: number }>();

  put(draft: D, now = Date.now()): string {
    const key = randomUUID();
    this.drafts.set(key, { ...draft, at: now });
    for (const [old, entry] of this.drafts) {
      if (this.drafts.size <= MAX_DRAFTS && now - entry.at <= LIFETIME_MS) break;
      this.drafts.delete(old);
    }
    return key;
  }

  get(key: string, userId: string, templateId: string, now = Date.now()): D | undefined {
    const draft = this.drafts.get(key);
    if (!draft || draft.userId !== userId || draft.templateId !== templateId || now - draft.at > LIFETIME_MS)
      return undefined;
    return draft;
  }
}

/** The letter editor's PDF previews. */
@Injectable()
export class LetterDrafts extends PreviewDrafts<LetterDraft> {}
