import { LIB_NAME, LIB_VERSION } from '../base/version.js';
import { ExceptionApi } from './exception-api.js';

/**
 * What the client says about itself and its configuration, under posthog-node's names (PostHog's AI
 * integrations read `privacyMode` and `enableFullAiCapture` from the client, for instance).
 */
export class IdentityApi extends ExceptionApi {
  /** The ingestion host in use (trailing slashes removed). */
  get host(): string {
    return this.state.core.options.host;
  }

  /** The project API key. */
  get apiKey(): string {
    return this.state.core.options.apiKey;
  }

  /** The project API key, by its newer posthog-node name. */
  get projectToken(): string {
    return this.state.core.options.apiKey;
  }

  /** Queued events that trigger a background flush. */
  get flushAt(): number {
    return this.state.core.options.flushAt;
  }

  /** The `preloadFeatureFlags` option (a server client loads definitions whenever it has a key). */
  get preloadFeatureFlags(): boolean {
    return this.state.core.options.preloadFeatureFlags;
  }

  /** The `disableSurveys` option (surveys are a browser feature). */
  get disableSurveys(): boolean {
    return this.state.core.options.disableSurveys;
  }

  /** Whether PostHog's AI integrations should redact prompts and outputs (option `privacyMode`). */
  get privacyMode(): boolean {
    return this.state.core.options.privacyMode;
  }

  /** Whether PostHog's AI integrations may capture full content (option `enableFullAiCapture`). */
  get enableFullAiCapture(): boolean {
    return this.state.core.options.enableFullAiCapture;
  }

  /** `posthog-ts`: the `$lib` of every event. */
  getLibraryId(): string {
    return LIB_NAME;
  }

  /** This SDK's version: the `$lib_version` of every event. */
  getLibraryVersion(): string {
    return LIB_VERSION;
  }

  /** The `User-Agent` of the SDK's requests: `posthog-ts/<version>`. */
  getCustomUserAgent(): string {
    return `${LIB_NAME}/${LIB_VERSION}`;
  }
}
