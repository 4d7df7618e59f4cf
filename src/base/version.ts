/** The `$lib` / User-Agent name of this SDK. */
export const LIB_NAME = 'posthog-ts';
/** The package version, kept equal to package.json by a test. */
export const LIB_VERSION = '0.1.0';
