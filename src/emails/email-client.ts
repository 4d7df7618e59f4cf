import type { Logger } from '../base/logger.js';
import type { SecretKey } from '../base/secret.js';
import { parseRetryAfter } from '../delivery/retry-after.js';
import { withDeadline } from '../delivery/transport.js';
import type { KeepAlive, Platform } from '../platform/platform.js';
import { EmailError } from './email-error.js';
import { prepareSend, preparePreferences } from './email-forms.js';
import type { EmailPreferences, EmailStatus, Emails, SendEmailResult, EmailReactElement } from './email-types.js';

const SEND_PATH = '/api/projects/@current/messaging/send/email/';
const STATUS_PATH = '/api/projects/@current/messaging/emails/';
const PREFERENCES_PATH = '/api/projects/@current/messaging/preferences/';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_RETRY_DELAY_MS = 30_000;
/** PostHog Cloud ingestion hosts and the app host their email API lives on. */
const CLOUD_APP_HOSTS: Record<string, string> = {
  'https://us.i.posthog.com': 'https://us.posthog.com',
  'https://us.posthog.com': 'https://us.posthog.com',
  'https://app.posthog.com': 'https://us.posthog.com',
  'https://eu.i.posthog.com': 'https://eu.posthog.com',
  'https://eu.posthog.com': 'https://eu.posthog.com',
};

/** What the email client needs from the PostHog client. @internal */
export interface EmailHost {
  host: string;
  appHost: string | undefined;
  /** Held masked (printing or inspecting the client shows `phs_…`); revealed only for a request's header. */
  secretKey: SecretKey | undefined;
  requestTimeoutMs: number;
  maxRetries: number;
  migratedFrom: string | undefined;
  userAgent: string;
  platform: Platform;
  logger: Logger;
  keepAlive: KeepAlive;
  disabled: () => boolean;
  closed: () => boolean;
}

interface Reply {
  status: number;
  fields: Record<string, unknown>;
  retryAfterMs: number | undefined;
}

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

/** The error PostHog answered with. */
function replyError(reply: Reply): EmailError {
  const f = reply.fields;
  return new EmailError({
    code: text(f.code) ?? 'api_error',
    message: text(f.detail) ?? `PostHog answered HTTP ${reply.status}.`,
    statusCode: reply.status,
    why: text(f.why),
    fix: text(f.fix),
    docsUrl: text(f.docs_url),
    field: text(f.attr),
    retryAfterMs: reply.retryAfterMs,
  });
}

/** Network errors, 503, 429 (not quota) and a concurrent send of the same key are worth another try. */
function retryable(error: EmailError): boolean {
  if (error.statusCode === undefined) return error.code === 'network_error';
  if (error.statusCode === 409) return error.code === 'idempotency_key_in_flight';
  if (error.statusCode === 429) return error.code !== 'quota_limited';
  return error.statusCode === 503;
}

/**
 * posthog-node's `emails`: transactional email through PostHog's app API with the project secret
 * key. Every method checks its input first (nothing is sent for a bad form), retries network errors,
 * 429 and 503 with backoff (the same idempotency key each time), and resolves `{ data, error }`.
 * @internal
 */
export function createEmailClient(host: EmailHost): Emails {
  const connect = (nothingDone: string, missingKey: string) => {
    if (host.disabled()) throw new EmailError({ code: 'client_disabled', message: `The PostHog client is disabled, so ${nothingDone}.` });
    if (host.closed()) throw new EmailError({ code: 'client_closed', message: `The PostHog client is shut down, so ${nothingDone}.` });
    const explicit = typeof host.appHost === 'string' ? host.appHost.trim().replace(/\/+$/, '') : '';
    const appHost = explicit !== '' ? (CLOUD_APP_HOSTS[explicit] ?? explicit) : CLOUD_APP_HOSTS[host.host];
    if (appHost === undefined) {
      throw new EmailError({ code: 'missing_app_host', message: "The client's host is not PostHog Cloud, so the client can't tell where to send email. Set appHost on the client." });
    }
    const secretKey = host.secretKey?.reveal();
    if (!secretKey) throw new EmailError({ code: 'missing_secret_key', message: missingKey });
    return { appHost, secretKey };
  };

  const headersFor = (secretKey: string, extra: Record<string, string>) => ({
    Authorization: `Bearer ${secretKey}`,
    Accept: 'application/json',
    'User-Agent': host.userAgent,
    ...(host.migratedFrom ? { 'X-PostHog-Migrated-From': host.migratedFrom } : {}),
    ...extra,
  });

  const request = async (url: string, method: 'GET' | 'POST', headers: Record<string, string>, body?: string): Promise<Reply> => {
    const { platform } = host;
    try {
      return await withDeadline(new AbortController().signal, host.requestTimeoutMs, async (signal) => {
        const response = await platform.fetch(url, { method, headers, body, signal });
        const raw = await response.text().catch(() => '');
        let fields: Record<string, unknown> = {};
        try {
          const parsed = JSON.parse(raw) as unknown;
          if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) fields = parsed as Record<string, unknown>;
        } catch {
          // not JSON: the status speaks
        }
        return { status: response.status, fields, retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), platform.scheduler.now()) };
      });
    } catch (cause) {
      throw new EmailError({ code: 'network_error', message: 'The request to PostHog failed.', cause });
    }
  };

  const withRetries = async <T>(maxRetries: number, once: () => Promise<T>): Promise<T> => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await once();
      } catch (caught) {
        const error = caught instanceof EmailError ? caught : new EmailError({ code: 'network_error', message: 'The request to PostHog failed.', cause: caught });
        if (attempt >= maxRetries || !retryable(error) || (error.retryAfterMs ?? 0) > MAX_RETRY_DELAY_MS) throw error;
        const backoff = Math.min(MAX_RETRY_DELAY_MS, 1000 * 2 ** attempt * (0.8 + Math.random() * 0.4));
        await host.platform.scheduler.sleep(Math.max(backoff, error.retryAfterMs ?? 0));
      }
    }
  };

  const answer = <T>(work: () => Promise<T>, unexpected: string) =>
    host.keepAlive(
      work().then(
        (data) => ({ data, error: null }),
        (error: unknown) => ({ data: null, error: error instanceof EmailError ? error : new EmailError({ code: 'unexpected_error', message: unexpected, cause: error }) }),
      ),
    ) as Promise<never>;

  return {
    send: (options) =>
      answer(async (): Promise<SendEmailResult> => {
        const prepared = prepareSend(options, host.maxRetries);
        const { appHost, secretKey } = connect('no email was sent', 'Sending email needs secretKey, a project secret API key with the transactional_email:write scope.');
        const body = prepared.react === undefined ? prepared.body : await withRenderedReact(prepared.body, prepared.react);
        const headers = headersFor(secretKey, { 'Content-Type': 'application/json', 'Idempotency-Key': prepared.idempotencyKey });
        const result = await withRetries(prepared.maxRetries, async () => {
          const reply = await request(appHost + SEND_PATH, 'POST', headers, JSON.stringify(body));
          if (reply.status < 200 || reply.status >= 300) throw replyError(reply);
          const id = text(reply.fields.message_id);
          if (id === undefined) throw new EmailError({ code: 'api_error', message: 'PostHog answered without a message ID.', statusCode: reply.status });
          const warnings = (Array.isArray(reply.fields.warnings) ? reply.fields.warnings : [])
            .filter((w): w is Record<string, unknown> => w !== null && typeof w === 'object')
            .map((w) => ({ code: text(w.code) ?? 'warning', message: text(w.detail) ?? text(w.message) ?? '', fix: text(w.fix) }));
          return { id, replayed: reply.fields.replayed === true, warnings };
        });
        for (const warning of result.warnings) host.logger.warn(`PostHog email warning ${warning.code}: ${warning.message}`);
        return result;
      }, 'Sending the email failed unexpectedly.'),
    get: (id) =>
      answer(async (): Promise<EmailStatus> => {
        if (typeof id !== 'string' || !UUID.test(id)) throw new EmailError({ code: 'invalid_message_id', message: 'id must be the message ID that send() returned.', field: 'id' });
        const { appHost, secretKey } = connect('no email status was read', 'Reading an email status needs secretKey, a project secret API key with the transactional_email:read scope.');
        return withRetries(host.maxRetries, async () => {
          const reply = await request(`${appHost}${STATUS_PATH}${id.toLowerCase()}/`, 'GET', headersFor(secretKey, {}));
          if (reply.status < 200 || reply.status >= 300) throw replyError(reply);
          const f = reply.fields;
          const [statusId, status, createdAt, statusAt] = [text(f.id), text(f.status), text(f.created_at), text(f.status_at)];
          if (!statusId || !status || !createdAt || !statusAt) throw new EmailError({ code: 'api_error', message: 'PostHog answered without an email status.', statusCode: reply.status });
          return { id: statusId, status, createdAt, statusAt, reason: text(f.reason) ?? null };
        });
      }, 'Reading the email status failed unexpectedly.'),
    setPreferences: (options) =>
      answer(async (): Promise<EmailPreferences> => {
        const body = preparePreferences(options);
        const { appHost, secretKey } = connect('no preferences changed', 'Setting email preferences needs secretKey, a project secret API key with the messaging_preference:write scope.');
        return withRetries(host.maxRetries, async () => {
          const reply = await request(appHost + PREFERENCES_PATH, 'POST', headersFor(secretKey, { 'Content-Type': 'application/json' }), JSON.stringify(body));
          if (reply.status < 200 || reply.status >= 300) throw replyError(reply);
          const { identifier, all_marketing: all, topics } = reply.fields;
          const topicsOk = topics !== null && typeof topics === 'object' && !Array.isArray(topics) && Object.values(topics).every((v) => typeof v === 'boolean');
          if (typeof identifier !== 'string' || !(all === null || typeof all === 'boolean') || !topicsOk) {
            throw new EmailError({ code: 'api_error', message: 'PostHog answered without the preferences.', statusCode: reply.status });
          }
          return { to: identifier, allMarketing: all, topics: topics as Record<string, boolean> };
        });
      }, 'Setting the email preferences failed unexpectedly.'),
  };
}

/** Renders a React element with the optional `@react-email/render` package (as posthog-node). */
async function withRenderedReact(body: Record<string, unknown>, react: EmailReactElement): Promise<Record<string, unknown>> {
  const name = '@react-email/render';
  let renderer: { render(element: unknown): Promise<string>; toPlainText(html: string): string };
  try {
    renderer = (await import(name)) as typeof renderer;
  } catch (cause) {
    throw new EmailError({ code: 'missing_react_renderer', message: "react needs the @react-email/render package, which isn't installed, so no email was sent.", fix: 'Install @react-email/render, or send html.', cause });
  }
  try {
    const html = await renderer.render(react);
    return { ...body, html, ...(body.text === undefined ? { text: renderer.toPlainText(html) } : {}) };
  } catch (cause) {
    throw new EmailError({ code: 'react_render_failed', message: 'Rendering the react element failed, so no email was sent.', cause });
  }
}
