import type { ServerResponse } from 'node:http';

/**
 * What a shaper may do with the forwarded exchange it shapes (the ForwardCall implements it). The
 * backend's read is paused whenever the shaper says so and resumed by `resume`.
 */
export interface ShapedCall {
  readonly res: ServerResponse;
  /**
   * Writes the backend's head (hop-by-hop headers already removed); false when node:http refused a
   * header, in which case the exchange was answered UPSTREAM_PROTOCOL_ERROR and is over.
   */
  writeHead(status: number, headers: readonly string[]): boolean;
  /** Reads on from the backend after `data` returned false. */
  resume(): void;
  /** The shaper broke the client's connection on purpose (a reset fault): the backend request is aborted. */
  broke(): void;
  /** The last byte was handed to the client's socket. */
  delivered(): void;
}

/**
 * Shapes a forwarded answer on its way to the client: the engine's behaviors on real traffic
 * (latency counted in total, corrupt, dribble, bandwidth, a reset mid-body). Absent, the answer
 * streams as it comes, which is the hot path. One shaper per request; the forwarder calls `stop`
 * once the exchange is over in any way, so a shaper never leaves a timer behind.
 */
export interface AnswerShaper {
  /** The backend's head. The shaper writes it through `call.writeHead`, now or later; false pauses the backend. */
  head(call: ShapedCall, status: number, headers: string[], hasLength: boolean): boolean;
  /** A body chunk; false pauses the backend until `call.resume()`. */
  data(call: ShapedCall, chunk: Buffer): boolean;
  /** The backend's body is complete: the shaper sends what it holds, then calls `call.delivered()` (or `broke()`). */
  end(call: ShapedCall): void;
  stop(): void;
}
