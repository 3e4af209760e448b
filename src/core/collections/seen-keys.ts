/**
 * Remembers which keys (external_id, order_id…) a file has already used, and on which line,
 * in 12 bytes per key: a 64-bit hash and the line number in an open-addressing table.
 *
 * Guarantees: `firstLineOf` returns the line a key was first recorded with, or undefined the first
 * time (and records it); memory is 12 bytes per slot, at most half the slots used, and no key
 * string is kept. Two different keys sharing a 64-bit hash (odds ~1 in 10^7 for a 10-million-row
 * file) would be reported as a duplicate: acceptable for a duplicate check, not for a lookup.
 *
 * What callers must do: use one table per file; line numbers fit in 31 bits.
 *
 * Why not a Map<string, number> (or a Set): the Map keeps every key string alive for the whole
 * import. In `npm run bench infrastructure` (docs/benchmarks.md, "Why relance keeps its own
 * seen-keys table"), a million keys: the Map retains 81 MB of heap (a Set, 73 MB), this table
 * 24 MB of typed arrays outside the collected heap, and it records keys ~3× as fast.
 */
export class SeenKeys {
  private high = new Int32Array(1 << 16);
  private low = new Int32Array(1 << 16);
  private lines = new Int32Array(1 << 16);
  private size = 0;

  /** Records the key; returns the line where it was first seen, or undefined if it is new. */
  firstLineOf(key: string, line: number): number | undefined {
    let h1 = 0x811c9dc5 | 0;
    let h2 = 0x1b873593 | 0;
    for (let i = 0; i < key.length; i++) {
      const code = key.charCodeAt(i);
      h1 = Math.imul(h1 ^ code, 0x01000193);
      h2 = Math.imul(h2 ^ code, 0x5bd1e995) ^ (h2 >>> 13);
    }
    if (h1 === 0 && h2 === 0) h2 = 1; // (0, 0) marks an empty slot
    if ((this.size + 1) * 2 > this.lines.length) this.grow();
    const mask = this.lines.length - 1;
    for (let slot = (h1 ^ Math.imul(h2, 31)) & mask; ; slot = (slot + 1) & mask) {
      if (this.high[slot] === 0 && this.low[slot] === 0) {
        this.high[slot] = h1;
        this.low[slot] = h2;
        this.lines[slot] = line;
        this.size++;
        return undefined;
      }
      if (this.high[slot] === h1 && this.low[slot] === h2) return this.lines[slot];
    }
  }

  private grow(): void {
    const { high, low, lines } = this;
    const capacity = lines.length * 2;
    this.high = new Int32Array(capacity);
    this.low = new Int32Array(capacity);
    this.lines = new Int32Array(capacity);
    const mask = capacity - 1;
    for (let i = 0; i < lines.length; i++) {
      if (high[i] === 0 && low[i] === 0) continue;
      let slot = (high[i] ^ Math.imul(low[i], 31)) & mask;
      while (this.high[slot] !== 0 || this.low[slot] !== 0) slot = (slot + 1) & mask;
      this.high[slot] = high[i];
      this.low[slot] = low[i];
      this.lines[slot] = lines[i];
    }
  }
}
