/**
 * Loads a heavy module on first use instead of at start-up: pdfkit, fontkit and qrcode cost tens of
 * MB once loaded, and commands that never draw a letter or a report (import, a worker sending
 * e-mails) should not pay for them. (MJML goes further: it runs in a thread that ends when idle,
 * templates/email/mjml-thread.ts.)
 */
export function lazyModule<T>(load: () => T): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= load());
}
