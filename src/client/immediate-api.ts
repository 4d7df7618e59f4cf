import type { AliasMessage, CaptureMessage, GroupIdentifyMessage, IdentifyMessage } from '../messages/message.js';
import { aliasInput, groupIdentifyInput, identifyInput } from '../messages/to-input.js';
import { EventApi } from './event-api.js';

/**
 * posthog-node's `*Immediate` methods: the event skips the queue and is sent at once, on the same
 * transport and with the same retries as its lane. Each resolves when PostHog has answered — at the
 * latest after `requestTimeout × (maxRetries + 1)`; an event not delivered by then joins the queue
 * and is retried like any other — and never rejects. A refused event is reported as any other
 * (`onFailure`, `on('error')`). Use them where the process may freeze right after (serverless).
 */
export class ImmediateApi extends EventApi {
  /**
   * Sends an event now and resolves when PostHog has answered.
   * @example await posthog.captureImmediate({ distinctId: 'user-1', event: 'job finished' })
   */
  captureImmediate(message: CaptureMessage): Promise<void> {
    return this.hold(this.dispatchCapture(this.state.pipeline, message, 'now').done);
  }

  /**
   * Sends an AI event now on the AI lane (`/i/v0/ai/batch/`); resolves with its uuid once PostHog
   * has answered (`undefined` when the event was rejected or the client is opted out).
   * @example const uuid = await posthog.captureAiImmediate({ distinctId: 'user-1', event: '$ai_generation', properties: { $ai_model: 'gpt-4o' } })
   */
  captureAiImmediate(message: CaptureMessage): Promise<string | undefined> {
    const { uuid, done } = this.dispatchCapture(this.state.aiPipeline, message, 'now');
    return this.hold(done.then(() => uuid));
  }

  /**
   * Sets person properties (`$identify`) now.
   * @example await posthog.identifyImmediate({ distinctId: 'user-1', properties: { email: 'ada@example.com' } })
   */
  identifyImmediate(message: IdentifyMessage): Promise<void> {
    return this.hold(this.dispatch(() => identifyInput(message), 'now').done);
  }

  /**
   * Links two ids of one person (`$create_alias`) now.
   * @example await posthog.aliasImmediate({ distinctId: 'user-1', alias: 'anonymous-42' })
   */
  aliasImmediate(message: AliasMessage): Promise<void> {
    return this.hold(this.dispatch(() => aliasInput(message), 'now').done);
  }

  /**
   * Sets group properties (`$groupidentify`) now.
   * @example await posthog.groupIdentifyImmediate({ groupType: 'company', groupKey: 'acme', properties: { name: 'Acme' } })
   */
  groupIdentifyImmediate(message: GroupIdentifyMessage): Promise<void> {
    return this.hold(this.dispatch(() => groupIdentifyInput(message), 'now').done);
  }
}
