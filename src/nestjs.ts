/**
 * posthog-ts/nestjs: a NestJS interceptor, as posthog-node's `posthog-node/nestjs`. Needs `rxjs`
 * (an optional peer dependency, which every NestJS app has).
 * @packageDocumentation
 */
export { PostHogInterceptor, type ExceptionCaptureOptions, type NestInterceptorClient, type PostHogInterceptorOptions } from './integrations/nestjs.js';
