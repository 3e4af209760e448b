import { Injectable } from '@nestjs/common';
import { PreviewDrafts } from './letter-drafts';

/** An unsaved e-mail the editor previewed: the HTML its sandboxed frame shows. */
export interface EmailDraft {
  userId: string;
  templateId: string;
  html: string;
}

/** The e-mail editor's previews for its sandboxed frame, kept as the letter editor's are (PreviewDrafts). */
@Injectable()
export class EmailDrafts extends PreviewDrafts<EmailDraft> {}
