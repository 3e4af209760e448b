/**
 * Loads a heavy module on first use instead of at start-up. MJML alone costs ~60 MB of memory once
 * loaded; commands that never compile a template or draw a letter (import, worker sending e-mails
 * from prepared templates, reports) should not pay for it.
 */
export function lazyModule<T>(load: () => T): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= load());
}
