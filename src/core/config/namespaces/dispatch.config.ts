import { registerAs, type ConfigType } from '@nestjs/config';
import { ConfigError } from '../config-error';
import { defineNamespace, defineVariable, integerVariable, processConfigSource } from '../config-schema';

export const dispatchNamespace = defineNamespace({
  name: 'dispatch',
  title: 'Dispatch, retries and automatic pauses',
  summary: 'See [campaigns: sending](campaigns.md#sending).',
  variables: {
    jobsPerStep: integerVariable({
      env: 'RELANCE_DISPATCH_JOBS',
      fallback: 2,
      min: 1,
      max: 100,
      description: 'dispatch jobs started per campaign step (spread over every worker process)',
    }),
    batchSize: integerVariable({
      env: 'RELANCE_DISPATCH_BATCH',
      fallback: 500,
      min: 1,
      max: 100000,
      description: 'messages claimed per transaction',
    }),
    inFlight: integerVariable({
      env: 'RELANCE_DISPATCH_IN_FLIGHT',
      fallback: 50,
      min: 1,
      max: 10000,
      description:
        'messages handed to a transport at once per dispatch job: at most this many end `unknown` if the process dies',
    }),
    heapMb: defineVariable({
      env: 'RELANCE_HEAP_MB',
      accepts: 'integer from 96 (MB), or `0` for Node’s own default',
      description:
        'V8 heap size of `relance worker` and `relance serve`: the process starts again with `--max-old-space-size` set to it (signals go to it, its exit code is the command’s), so that garbage does not pile up between collections (a sending worker: about 230 MB RSS with `160` instead of about 400 MB without a bound; see [benchmarks](benchmarks.md#sending-worker-memory)); the worker started again also gets `MALLOC_ARENA_MAX=2` unless set. Its live heap stays at 55–75 MB whatever the size of the send, so 160 leaves it twice that. A worker that runs out of heap stops with “JavaScript heap out of memory”, its messages in flight end `unknown`: raise this setting (e.g. `256`) or set `0`. Not applied when `NODE_OPTIONS` or a Node flag already sets `--max-old-space-size`. Read by `bin/relance.js` before anything else',
      default: '`160` for `relance worker`; none (Node’s own default) for `relance serve`',
      parse: (raw) => {
        if (raw === undefined || raw === '') return 0;
        const value = Number(raw);
        if (!/^\d+$/.test(raw) || (value !== 0 && value < 96))
          throw new ConfigError('RELANCE_HEAP_MB', `must be a heap size in MB, 96 or more, or 0 (got "${raw}")`);
        return value;
      },
    }),
    memoryLogSeconds: defineVariable({
      env: 'RELANCE_MEMORY_LOG',
      accepts: 'seconds (a positive number)',
      description:
        '`relance worker` writes its memory every this many seconds to stderr (RSS, V8 heap used and reserved, external memory, array buffers, each heap space): to see what grows while it sends',
      default: 'off',
      parse: (raw) => {
        if (raw === undefined || raw === '') return 0;
        const seconds = Number(raw);
        if (!(seconds > 0))
          throw new ConfigError('RELANCE_MEMORY_LOG', `must be a positive number of seconds (got "${raw}")`);
        return seconds;
      },
    }),
    leaseSeconds: integerVariable({
      env: 'RELANCE_CLAIM_LEASE_SECONDS',
      fallback: 60,
      min: 2,
      max: 3600,
      description: 'a claim not finished after this long is taken back by the sweep',
    }),
    retryBaseSeconds: integerVariable({
      env: 'RELANCE_RETRY_BASE_SECONDS',
      fallback: 300,
      min: 1,
      max: 86400,
      description:
        'temporary failures are retried after base × 3^(attempt − 1) seconds, capped at `RELANCE_RETRY_MAX_SECONDS`, jittered between ½ and 1 of that',
    }),
    retryMaxSeconds: integerVariable({
      env: 'RELANCE_RETRY_MAX_SECONDS',
      fallback: 4 * 3600,
      min: 1,
      max: 7 * 86400,
      description: 'the longest wait between two attempts',
    }),
    retryGiveUpHours: integerVariable({
      env: 'RELANCE_RETRY_GIVE_UP_HOURS',
      fallback: 96,
      min: 1,
      max: 720,
      description:
        'a message still failing temporarily this many hours after it was created ends `expired` (RFC 5321: 4–5 days)',
    }),
    pauseErrorRate: defineVariable({
      env: 'RELANCE_PAUSE_ERROR_RATE',
      accepts: 'number above 0, at most 1',
      description:
        'a campaign pauses itself when more than this share of the last 100 messages of a dispatch job failed, bounced or ended `unknown`',
      default: '`0.2`',
      parse: (raw) => {
        const rate = Number(raw ?? '0.2');
        if (!(rate > 0 && rate <= 1))
          throw new ConfigError('RELANCE_PAUSE_ERROR_RATE', 'must be a number between 0 and 1');
        return rate;
      },
    }),
    softBounceLimit: integerVariable({
      env: 'RELANCE_SOFT_BOUNCE_LIMIT',
      fallback: 3,
      min: 1,
      max: 100,
      description:
        'soft bounces of one address within 30 days (reported by the delivery-events webhook) before it is suppressed',
    }),
  },
});

export const dispatchConfig = registerAs(dispatchNamespace.name, () => dispatchNamespace.load(processConfigSource()));
export type DispatchConfig = ConfigType<typeof dispatchConfig>;
