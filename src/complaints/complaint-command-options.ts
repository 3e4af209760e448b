/** What every `complaint` subcommand shares: who acts, and how options and dates come in. */
export const ACTOR = `cli:${process.env.USER ?? 'unknown'}`;

export type Options = Record<string, string | boolean | undefined> & { json?: boolean };

export const at = (value?: string) => (value ? new Date(value) : undefined);
