/** A JSON value: what a flag payload or a remote config holds (posthog-node's `JsonType`). */
export type JsonType = string | number | boolean | null | { [key: string]: JsonType } | JsonType[];
