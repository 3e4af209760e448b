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
        'a hard limit to the V8 heap of `relance worker` and `relance serve` (`--max-old-space-size`; the process starts again with it, signals go to it, it ends as the command does). Unset, `relance worker` starts again with no limit but a heap that grows by 20 % at most between two major collections (`--heap-growing-percent=20`) and `MALLOC_ARENA_MAX=2` unless set: under 250 MB while it sends e-mails instead of ~400 MB, and all the memory a print batch needs (see [memory of a worker](configuration.md#memory-of-a-worker)). A worker given a limit too small stops with “JavaScript heap out of memory”, its messages in flight end `unknown`. Not applied when `NODE_OPTIONS` or a Node flag already sets `--max-old-space-size`. Read by `bin/relance.js` before anything else',
      default:
        'none: for `relance worker` a heap that grows by 20 % at most between collections; Node’s own default for `relance serve`',
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
