import { registerAs, type ConfigType } from '@nestjs/config';
import { ConfigError } from '../config-error';
import { defineNamespace, defineVariable, processConfigSource } from '../config-schema';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const loggingNamespace = defineNamespace({
  name: 'logging',
  title: 'Logging',
  summary: 'See [logs](#logs) below.',
  variables: {
    logLevel: defineVariable<LogLevel>({
      env: 'LOG_LEVEL',
      accepts: LOG_LEVELS.map((level) => `\`${level}\``).join(', '),
      description: 'how much is logged',
      // The configuration says info; bootstrap lowers one-shot commands to warn when the variable is unset.
      default: '`info` for `serve`/`worker`, `warn` for one-shot commands',
      parse: (raw) => {
        const level = (raw ?? 'info').toLowerCase();
        if (!(LOG_LEVELS as readonly string[]).includes(level))
          throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')} (got "${level}")`);
        return level as LogLevel;
      },
    }),
  },
});

export const loggingConfig = registerAs(loggingNamespace.name, () => loggingNamespace.load(processConfigSource()));
export type LoggingConfig = ConfigType<typeof loggingConfig>;
