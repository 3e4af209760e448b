import type { ConfigNamespace } from './config-schema';
import { automationsConfig, automationsNamespace } from './namespaces/automations.config';
import { databaseConfig, databaseNamespace } from './namespaces/database.config';
import { dispatchConfig, dispatchNamespace } from './namespaces/dispatch.config';
import { httpConfig, httpNamespace } from './namespaces/http.config';
import { localeConfig, localeNamespace } from './namespaces/locale.config';
import { loggingConfig, loggingNamespace } from './namespaces/logging.config';
import { mailConfig, mailNamespace } from './namespaces/mail.config';
import { pressureConfig, pressureNamespace } from './namespaces/pressure.config';
import { privacyConfig, privacyNamespace } from './namespaces/privacy.config';
import { responsesConfig, responsesNamespace } from './namespaces/responses.config';
import { senderConfig, senderNamespace } from './namespaces/sender.config';
import { securityConfig, securityNamespace } from './namespaces/security.config';
import { smsConfig, smsNamespace } from './namespaces/sms.config';

/** Every namespace of the core configuration, in the order of the reference page. */
export const CORE_NAMESPACES: ReadonlyArray<ConfigNamespace<unknown>> = [
  databaseNamespace,
  httpNamespace,
  securityNamespace,
  localeNamespace,
  loggingNamespace,
  privacyNamespace,
  senderNamespace,
  mailNamespace,
  smsNamespace,
  dispatchNamespace,
  pressureNamespace,
  automationsNamespace,
  responsesNamespace,
];

/** Their `registerAs` factories, for `ConfigModule.forRoot({ load })`: each concern can be injected on its own. */
export const CORE_NAMESPACE_FACTORIES = [
  databaseConfig,
  httpConfig,
  securityConfig,
  localeConfig,
  loggingConfig,
  privacyConfig,
  senderConfig,
  mailConfig,
  smsConfig,
  dispatchConfig,
  pressureConfig,
  automationsConfig,
  responsesConfig,
];
