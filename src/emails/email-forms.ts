import { EmailError } from './email-error.js';
import type { EmailReactElement, SendEmailOptions, SetEmailPreferencesOptions } from './email-types.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
const TEMPLATE_KEY = /^[a-zA-Z0-9_-]{1,400}$/;
const SHARED = ['to', 'distinctId', 'idempotencyKey', 'maxRetries'];
const TEMPLATE_FIELDS = new Set([...SHARED, 'templateId', 'templateData']);
const CODE_FIELDS = new Set([...SHARED, 'templateKey', 'subject', 'from', 'replyTo', 'captureEngagement', 'html', 'text', 'react']);
const REACT_MARKERS: unknown[] = [Symbol.for('react.element'), Symbol.for('react.transitional.element')];

/** A send checked and ready: its JSON body (without rendered React), the element to render, key and retries. @internal */
export interface PreparedSend {
  body: Record<string, unknown>;
  react: EmailReactElement | undefined;
  idempotencyKey: string;
  maxRetries: number;
}

const invalid = (code: string, message: string, field?: string, fix?: string) => new EmailError({ code, message, field, fix });
const isRetryCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;

/** Whether a value is a React element (React 18 or 19). @internal */
export function isReactElement(value: unknown): value is EmailReactElement {
  return typeof value === 'object' && value !== null && '$$typeof' in value && REACT_MARKERS.includes((value as { $$typeof: unknown }).$$typeof) && 'type' in value && 'props' in value;
}

/**
 * Checks a send the way posthog-node does, before any request: one recipient; either `templateId`
 * (a template made in PostHog) or `templateKey` with `subject` and html, text or react — never fields
 * of the other form. Throws an {@link EmailError} naming the field. @internal
 */
export function prepareSend(options: SendEmailOptions, defaultMaxRetries: number): PreparedSend {
  const send = (options ?? {}) as unknown as Record<string, unknown>;
  const { to, distinctId, idempotencyKey, maxRetries } = send;
  if (typeof to !== 'string' || to.trim() === '') throw invalid('invalid_recipient', 'to must be one email address as a nonempty string.', 'to');
  if (distinctId !== undefined && (typeof distinctId !== 'string' || distinctId === '')) throw invalid('invalid_distinct_id', 'distinctId must be a nonempty string.', 'distinctId');
  if ((send.templateId === undefined) === (send.templateKey === undefined)) throw invalid('invalid_form', 'Send either templateId, or templateKey with subject and html, text or react.');
  const body = send.templateKey === undefined ? templateBody(send) : codeBody(send);
  if (typeof distinctId === 'string') body.distinct_id = distinctId;
  body.to = to;
  if (idempotencyKey !== undefined && (typeof idempotencyKey !== 'string' || !IDEMPOTENCY_KEY.test(idempotencyKey))) {
    throw invalid('invalid_idempotency_key', 'idempotencyKey must be 1 to 255 visible ASCII characters without spaces.', 'idempotencyKey');
  }
  if (maxRetries !== undefined && !isRetryCount(maxRetries)) throw invalid('invalid_max_retries', 'maxRetries must be a nonnegative integer.', 'maxRetries');
  return {
    body,
    react: isReactElement(send.react) ? send.react : undefined,
    idempotencyKey: typeof idempotencyKey === 'string' ? idempotencyKey : globalThis.crypto.randomUUID(),
    maxRetries: isRetryCount(maxRetries) ? maxRetries : defaultMaxRetries,
  };
}

function refuseOtherFields(send: Record<string, unknown>, allowed: ReadonlySet<string>, form: string): void {
  const field = Object.keys(send).find((name) => send[name] !== undefined && !allowed.has(name));
  if (field !== undefined) throw invalid('invalid_form', `A send with ${form} doesn't take ${field}, so no email was sent.`, field, `Remove ${field} and send again.`);
}

function templateBody(send: Record<string, unknown>): Record<string, unknown> {
  const { templateId, templateData } = send;
  if (typeof templateId !== 'string' || !UUID.test(templateId)) throw invalid('invalid_template_id', "templateId must be the template's UUID.", 'templateId');
  if (templateData !== undefined && (typeof templateData !== 'object' || templateData === null || Array.isArray(templateData))) {
    throw invalid('invalid_template_data', 'templateData must be an object.', 'templateData');
  }
  refuseOtherFields(send, TEMPLATE_FIELDS, 'templateId');
  return { template_id: templateId.toLowerCase(), message_data: templateData ?? {} };
}

function codeBody(send: Record<string, unknown>): Record<string, unknown> {
  const { templateKey, subject, html, text, react, from, replyTo, captureEngagement } = send;
  if (typeof templateKey !== 'string' || !TEMPLATE_KEY.test(templateKey)) {
    throw invalid('invalid_template_key', 'templateKey can only have letters, digits, hyphens (-) and underscores (_), at most 400.', 'templateKey');
  }
  refuseOtherFields(send, CODE_FIELDS, 'templateKey');
  if (typeof subject !== 'string') throw invalid('invalid_form', 'A send with templateKey needs a subject.', 'subject');
  if (html !== undefined && typeof html !== 'string') throw invalid('invalid_form', 'html must be a string.', 'html');
  if (text !== undefined && typeof text !== 'string') throw invalid('invalid_form', 'text must be a string.', 'text');
  if (react !== undefined) {
    if (!isReactElement(react)) throw invalid('invalid_form', 'react must be a React element, such as <WelcomeEmail />.', 'react');
    if (html !== undefined) throw invalid('invalid_form', 'A send with react renders its own html, so it takes no html. No email was sent.', 'html');
  } else if (html === undefined && text === undefined) throw invalid('invalid_form', 'A send with templateKey needs html, text or react.', 'html');
  const body: Record<string, unknown> = { template_key: templateKey, subject, capture_engagement: captureEngagement ?? true };
  if (html !== undefined) body.html = html;
  if (text !== undefined) body.text = text;
  if (from !== undefined) body.from = from;
  if (replyTo !== undefined && !(Array.isArray(replyTo) && replyTo.length === 0)) body.reply_to = typeof replyTo === 'string' ? [replyTo] : replyTo;
  return body;
}

/** Checks preference changes: a recipient, and `allMarketing` and/or boolean `topics`. @internal */
export function preparePreferences(options: SetEmailPreferencesOptions): Record<string, unknown> {
  const { to, allMarketing, topics } = (options ?? {}) as Partial<SetEmailPreferencesOptions>;
  if (typeof to !== 'string' || to.trim() === '') throw invalid('invalid_recipient', 'to must be one email address as a nonempty string.', 'to');
  if (allMarketing !== undefined && typeof allMarketing !== 'boolean') throw invalid('invalid_preferences', 'allMarketing must be true or false.', 'allMarketing');
  if (topics !== undefined && (typeof topics !== 'object' || topics === null || Array.isArray(topics) || !Object.values(topics).every((v) => typeof v === 'boolean'))) {
    throw invalid('invalid_preferences', 'topics must map each topic key to true or false.', 'topics');
  }
  const hasTopics = topics !== undefined && Object.keys(topics).length > 0;
  if (allMarketing === undefined && !hasTopics) throw invalid('invalid_preferences', 'Set allMarketing, topics, or both.', 'topics');
  return { identifier: to, ...(allMarketing === undefined ? {} : { all_marketing: allMarketing }), ...(hasTopics ? { topics } : {}) };
}
