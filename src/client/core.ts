import type { Platform } from '../platform/platform.js';
import { adaptFetch } from '../platform/custom-fetch.js';
import { ContextStore } from '../context/request-context.js';
import { type Logger, createConsoleLogger, guardLogger } from '../base/logger.js';
import { type SecretKey, isCleartextRemote, secretKeyFrom } from '../base/secret.js';
import { excerpt } from '../base/excerpt.js';
import { type PostHogOptions, type ResolvedOptions, resolveOptions } from './options.js';
import { applyNodeAliases, warnUnknownOptions } from './node-option-resolution.js';

/** The pieces every part of the client shares, built once from the constructor's arguments. @internal */
export interface ClientCore {
  readonly options: ResolvedOptions;
  /** The options as given, with posthog-node's names mapped onto posthog-ts's (hooks, callbacks, caches). */
  readonly input: PostHogOptions;
  readonly logger: Logger;
  readonly platform: Platform;
  /** Runtime debug switch read by the logger. */
  readonly debug: { enabled: boolean };
  /** Request context on the runtime's async-context storage (absent on edge runtimes). */
  readonly contexts: ContextStore;
  /** The personal API key, masked wherever it is printed. */
  readonly secretKey: SecretKey | undefined;
}

/** @internal */
export function createCore(apiKey: string, options: PostHogOptions, createPlatform: (overrides: Partial<Platform>) => Platform): ClientCore {
  const debug = { enabled: options.debug === true };
  const isDebug = () => debug.enabled;
  const logger = options.logger ? guardLogger(options.logger, isDebug) : createConsoleLogger(isDebug);
  const warn = (m: string) => logger.warn(m);
  warnUnknownOptions(options, warn);
  const input = applyNodeAliases(options, warn);
  const resolved = resolveOptions(apiKey, input, warn);
  const platform = createPlatform(options.fetch ? { ...options.platform, fetch: adaptFetch(options.fetch) } : { ...options.platform });
  if (resolved.apiKey === '' && !resolved.disabled) logger.error('no project API key was given: events and flag calls will go nowhere');
  if (resolved.spool !== undefined && platform.spoolStorage === undefined) {
    logger.error(
      `option spool: this runtime (${platform.name} platform) has no file system the spool can use, so events are kept in memory only; on Bun and Deno import 'posthog-ts' rather than 'posthog-ts/edge' to use it`,
    );
  }
  const secretKey = secretKeyFrom(input.personalApiKey);
  if (secretKey !== undefined && !resolved.disabled && isCleartextRemote(resolved.host)) {
    logger.warn(`host ${excerpt(resolved.host)} is plain http:// and not loopback: the personal API key (${secretKey.masked}) would cross the network unencrypted; use https://`);
  }
  return { options: resolved, input: withoutKey(input), logger, platform, debug, contexts: new ContextStore(platform.contextStorage), secretKey };
}

/** The options as given minus the personal key, which only {@link ClientCore.secretKey} holds (masked when printed). */
function withoutKey(input: PostHogOptions): PostHogOptions {
  const { personalApiKey: _key, secretKey: _alias, ...rest } = input;
  return rest;
}
