import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';

/** An unsaved e-mail the editor previewed: the HTML its sandboxed frame shows. */
export interface EmailDraft {
  userId: string;
  templateId: string;
  html: string;
}

const MAX_DRAFTS = 100;
const LIFETIME_MS = 30 * 60_000;

/**
 * The e-mail editor's previews, in memory, for its sandboxed frame (as the letter editor's PDFs):
 * the frame's address names one by a random key, and only the user who wrote it may read it. At
 * most MAX_DRAFTS (the oldest go first), each for 30 minutes. With several relance processes
 * behind one address, a frame may reach another process: it then says the preview is gone and the
 * next keystroke makes a new one.
 */
@Injectable()
export class EmailDrafts {
  private readonly drafts = new Map<string, EmailDraft & { at: number }>();

  put(draft: EmailDraft, now = Date.now()): string {
    const key = randomUUID();
    this.drafts.set(key, { ...draft, at: now });
    for (const [old, entry] of this.drafts) {
      if (this.drafts.size <= MAX_DRAFTS && now - entry.at <= LIFETIME_MS) break;
      this.drafts.delete(old);
    }
    return key;
  }

  get(key: string, userId: string, templateId: string, now = Date.now()): EmailDraft | undefined {
    const draft = this.drafts.get(key);
    if (!draft || draft.userId !== userId || draft.templateId !== templateId || now - draft.at > LIFETIME_MS)
      return undefined;
    return draft;
  }
}
