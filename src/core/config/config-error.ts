import { DomainError } from '../errors/domain-error';

/** A bad configuration value: one line naming the variable and what it expects. */
export class ConfigError extends DomainError {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super('config.invalid', 'invalid', `invalid configuration: ${variable} ${reason}`);
  }
}
