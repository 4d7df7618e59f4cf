import type { EmailError } from './email-error.js';

/** Fields of every send. */
export interface SendEmailBase {
  /** One recipient address. */
  to: string;
  /** The person the email is about (its events join them). */
  distinctId?: string;
  /** Sends with the same key within a day send once. @default a random UUID */
  idempotencyKey?: string;
  /** Retries after a network error, 429 or 503. @default the client's `emailRequestMaxRetries` (2) */
  maxRetries?: number;
}

/** A template made in PostHog. */
export interface TemplateEmailForm {
  /** The template's UUID. */
  templateId: string;
  /** Values for the template's variables. */
  templateData?: Record<string, unknown>;
}

/** A React email element (rendered with the optional `@react-email/render` package). */
export interface EmailReactElement {
  type: unknown;
  props: unknown;
}

/** The fields of a send of content from your code. */
export interface CodeEmailFields {
  /** Names the email in PostHog (letters, digits, `-`, `_`). */
  templateKey: string;
  subject: string;
  from?: string;
  replyTo?: string | string[];
  /** Track opens and clicks. @default true */
  captureEngagement?: boolean;
}

/** Content from your code: html, text, or a React element. */
export type CodeEmailForm = CodeEmailFields &
  ({ html: string; text?: string; react?: never } | { html?: string; text: string; react?: never } | { react: EmailReactElement; text?: string; html?: never });

/** None of `T`'s fields: what keeps the two send forms apart. */
export type Without<T> = { [K in keyof T]?: never };

/** A send of a template made in PostHog. */
export type SendTemplateEmailOptions = SendEmailBase & TemplateEmailForm & Without<CodeEmailFields & { html: string; text: string; react: EmailReactElement }>;
/** A send of content from your code. */
export type SendCodeEmailOptions = SendEmailBase & CodeEmailForm & Without<TemplateEmailForm>;
/** What `emails.send` takes. */
export type SendEmailOptions = SendTemplateEmailOptions | SendCodeEmailOptions;

/** A warning PostHog returned with a send. */
export interface EmailWarning {
  code: string;
  message: string;
  fix?: string;
}

/** A queued email: its message id (for `emails.get`), whether it repeated an earlier send, warnings. */
export interface SendEmailResult {
  id: string;
  replayed: boolean;
  warnings: EmailWarning[];
}

/** `emails.send`'s answer. */
export type SendEmailResponse = { data: SendEmailResult; error: null } | { data: null; error: EmailError };

/** Where an email is. */
export type EmailDeliveryStatus = 'queued' | 'sent' | 'failed' | 'delivered' | 'bounced' | 'complained';

/** An email's status. */
export interface EmailStatus {
  id: string;
  status: EmailDeliveryStatus | (string & {});
  createdAt: string;
  statusAt: string;
  reason: string | null;
}

/** `emails.get`'s answer. */
export type GetEmailResponse = { data: EmailStatus; error: null } | { data: null; error: EmailError };

/** A recipient's topic preferences to set. */
export interface SetEmailPreferencesOptions {
  to: string;
  allMarketing?: boolean;
  topics?: Record<string, boolean>;
}

/** A recipient's preferences as PostHog holds them. */
export interface EmailPreferences {
  to: string;
  allMarketing: boolean | null;
  topics: Record<string, boolean>;
}

/** `emails.setPreferences`'s answer. */
export type SetEmailPreferencesResponse = { data: EmailPreferences; error: null } | { data: null; error: EmailError };

/**
 * `client.emails`: transactional email from PostHog (needs `secretKey`, a project secret key with the
 * right scopes). Each method resolves `{ data, error }` and never rejects.
 */
export interface Emails {
  /** Sends one email (a PostHog template, or your own content); `data.id` is its message id. */
  send(options: SendEmailOptions): Promise<SendEmailResponse>;
  /** The status of an email `send` queued, by its message id. */
  get(id: string): Promise<GetEmailResponse>;
  /** Sets a recipient's marketing and topic preferences. */
  setPreferences(options: SetEmailPreferencesOptions): Promise<SetEmailPreferencesResponse>;
}
