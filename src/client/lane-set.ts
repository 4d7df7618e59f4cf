import type { Scheduler } from '../platform/platform.js';
import type { EventPipeline } from './event-pipeline.js';
import type { Telemetry } from './telemetry.js';

export type { Telemetry };

/** How each lane of a client is built. @internal */
export interface LaneFactories {
  capture(): EventPipeline;
  ai(): EventPipeline;
  telemetry(): Telemetry;
}

/**
 * A client's delivery lanes, each built the first time it is used: a process that only evaluates
 * flags never builds a batcher, a transport or the logs and traces pipelines, and `new PostHog`
 * costs less CPU before the first flag can be read. Flushing and closing touch only the lanes that
 * exist (one never built holds nothing); a lane first used after `close` is closed as it is built,
 * so it refuses new work as the others do.
 * @internal
 */
export class LaneSet {
  private captureLane: EventPipeline | undefined;
  private aiLane: EventPipeline | undefined;
  private telemetryLanes: Telemetry | undefined;
  private closed = false;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly build: LaneFactories,
  ) {}

  /** Analytics events. */
  get capture(): EventPipeline {
    return (this.captureLane ??= this.closeIfLate(this.build.capture()));
  }

  /** AI events. */
  get ai(): EventPipeline {
    return (this.aiLane ??= this.closeIfLate(this.build.ai()));
  }

  /** Logs and traces. */
  get telemetry(): Telemetry {
    return (this.telemetryLanes ??= this.closeIfLate(this.build.telemetry()));
  }

  /** Builds every lane now. */
  openAll(): void {
    void this.capture;
    void this.ai;
    void this.telemetry;
  }

  /** Sends what the built lanes hold. Never rejects. */
  flush(): Promise<void> {
    return Promise.all([this.captureLane?.flush(), this.aiLane?.flush(), this.telemetryLanes?.flush()]).then(
      () => {},
      () => {},
    );
  }

  /** Stops every built lane and drains it until `deadlineMs`; lanes built later start closed. */
  async close(deadlineMs: number): Promise<void> {
    this.closed = true;
    await Promise.all([this.captureLane?.close(deadlineMs), this.aiLane?.close(deadlineMs), this.telemetryLanes?.close(deadlineMs)]);
  }

  private closeIfLate<T extends { close(deadlineMs: number): Promise<void> }>(lane: T): T {
    if (this.closed) void lane.close(this.scheduler.now()).catch(() => {});
    return lane;
  }
}
