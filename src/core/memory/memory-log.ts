import { getHeapSpaceStatistics } from 'node:v8';

const MB = 1024 * 1024;

/** One line of this process's memory: RSS, V8 heap (used/total), external, array buffers and the heap spaces in use. */
export function memoryLine(): string {
  const usage = process.memoryUsage();
  const spaces = getHeapSpaceStatistics()
    .filter((space) => space.space_size > 0)
    .map(
      (space) =>
        `${space.space_name.replace(/_space$/, '')}=${(space.space_used_size / MB).toFixed(1)}/${(space.space_size / MB).toFixed(1)}`,
    )
    .join(' ');
  const mb = (bytes: number) => (bytes / MB).toFixed(1);
  return (
    `relance: memory rss=${mb(usage.rss)} heapUsed=${mb(usage.heapUsed)} heapTotal=${mb(usage.heapTotal)} ` +
    `external=${mb(usage.external)} arrayBuffers=${mb(usage.arrayBuffers)} MB; spaces used/size MB: ${spaces}\n`
  );
}

/**
 * With RELANCE_MEMORY_LOG set (a number of seconds, or 1 for every second), writes `memoryLine()`
 * to stderr that often: to see what grows in a worker while it sends. Returns the stop function.
 */
export function startMemoryLog(setting = process.env.RELANCE_MEMORY_LOG): () => void {
  const seconds = Number(setting);
  if (!setting || !Number.isFinite(seconds) || seconds <= 0) return () => undefined;
  const timer = setInterval(() => process.stderr.write(memoryLine()), seconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
