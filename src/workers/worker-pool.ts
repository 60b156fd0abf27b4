import cluster, { type Worker } from 'node:cluster';
import type { Logger } from '../observe/index.js';
import { isMessage, type Question, type ToPrimary, type ToWorker } from './messages.js';

/** Restarts of one slot within this window count towards its back-off. */
const RESTART_WINDOW_MS = 60_000;
const MAX_RESTART_DELAY_MS = 5_000;

export interface WorkerPoolOptions {
  readonly count: number;
  readonly logger: Logger;
  /** The answer to a worker's `hello`: what it serves at start. */
  readonly init: () => ToWorker;
  /** A worker died and is being replaced (the primary publishes a warning event). */
  readonly onExit: (slot: number, message: string) => void;
  /** What a worker is forked with, besides its slot (read at each fork: a replacement gets what is current). */
  readonly env?: () => Record<string, string>;
  /** A worker's batch of data-plane events. */
  readonly onEvents: (slot: number, list: readonly unknown[], dropped: number | undefined) => void;
}

interface Waiter {
  readonly workerId: number;
  resolve(message: ToPrimary): void;
  reject(error: Error): void;
}

/**
 * The primary's workers: N slots, each holding one worker process, replaced when it dies (after a
 * back-off that grows with restarts in the last minute). Requests to workers are matched to their
 * answers by id and bounded in time; a worker that exits fails what is waiting on it at once.
 */
export class WorkerPool {
  private readonly slots: (Worker | undefined)[];
  private readonly restarts: number[][];
  private readonly greeted = new Set<number>();
  private readonly waiters = new Map<string, Waiter>();
  private nextId = 0;
  private stopping = false;
  /** Slots whose worker listened once: a worker dying after that is replaced; at start it fails the start. */
  private readonly listened = new Set<number>();
  private starting?: { listening(slot: number, address: { port: number; host: string }): void; failed(error: Error): void };

  constructor(private readonly options: WorkerPoolOptions) {
    this.slots = Array.from({ length: options.count }, () => undefined);
    this.restarts = this.slots.map(() => []);
    cluster.on('message', (worker, message: unknown) => {
      if (isMessage<ToPrimary>(message)) this.receive(worker, message);
    });
    cluster.on('exit', (worker, code, signal) => this.exited(worker, code, signal));
  }

  /** Forks every slot; resolves with the shared address once all listen, rejects when one exits first. */
  start(): Promise<{ port: number; host: string }> {
    return new Promise((resolve, reject) => {
      this.starting = {
        listening: (slot, address) => {
          this.listened.add(slot);
          if (this.listened.size < this.slots.length) return;
          this.starting = undefined;
          resolve(address);
        },
        failed: (error) => {
          this.starting = undefined;
          reject(error);
        },
      };
      this.slots.forEach((_, slot) => this.fork(slot));
    });
  }

  /** Workers that asked for their config: they take part in every change from then on. */
  workers(): Worker[] {
    return this.slots.filter((worker): worker is Worker => worker !== undefined && this.greeted.has(worker.id));
  }

  /** Sends and waits for the answer `expect` to message `id` (an error when the worker exits or `timeoutMs` pass). */
  request(worker: Worker, message: ToWorker & { id: number }, expect: ToPrimary['t'], timeoutMs: number): Promise<ToPrimary> {
    const key = `${worker.id}:${expect}:${message.id}`;
    return new Promise<ToPrimary>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(key);
        reject(new Error(`worker ${worker.id} did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      const settle = () => {
        clearTimeout(timer);
        this.waiters.delete(key);
      };
      this.waiters.set(key, {
        workerId: worker.id,
        resolve: (answer) => (settle(), resolve(answer)),
        reject: (error) => (settle(), reject(error)),
      });
      this.send(worker, message);
    });
  }

  /** Asks every worker; each answer is a value or the reason there is none. */
  askAll(what: Question, args: unknown, timeoutMs: number): Promise<{ slot: number; value?: unknown; error?: string }[]> {
    return Promise.all(this.workers().map((worker) => this.askWorker(worker, what, args, timeoutMs)));
  }

  /** Asks the worker in `slot` (1-based); an error when there is none now. */
  ask(slot: number, what: Question, args: unknown, timeoutMs: number): Promise<{ slot: number; value?: unknown; error?: string }> {
    const worker = this.slots[slot - 1];
    if (worker === undefined || !this.greeted.has(worker.id)) return Promise.resolve({ slot, error: `no worker ${slot} now` });
    return this.askWorker(worker, what, args, timeoutMs);
  }

  private async askWorker(worker: Worker, what: Question, args: unknown, timeoutMs: number): Promise<{ slot: number; value?: unknown; error?: string }> {
    const slot = this.slots.indexOf(worker) + 1;
    try {
      const answer = await this.request(worker, { t: 'ask', id: ++this.nextId, what, args }, 'answer', timeoutMs);
      if (answer.t !== 'answer') return { slot, error: 'no answer' };
      return answer.error === undefined ? { slot, value: answer.value } : { slot, error: answer.error };
    } catch (error) {
      return { slot, error: (error as Error).message };
    }
  }

  /** How many worker slots there are. */
  get size(): number {
    return this.slots.length;
  }

  send(worker: Worker, message: ToWorker): void {
    if (worker.isConnected()) worker.send(message);
  }

  /**
   * Asks each worker to drain and exit; resolves once all have. A worker still starting (it has not
   * asked for its config, so it cannot hear the request yet) is killed: it serves nothing. One that
   * has not exited `graceMs` after the request is killed too.
   */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    const exits = this.slots
      .filter((worker): worker is Worker => worker !== undefined && !worker.isDead())
      .map(
        (worker) =>
          new Promise<void>((resolve) => {
            worker.once('exit', () => resolve());
            if (!this.greeted.has(worker.id)) return void worker.process.kill('SIGKILL');
            this.send(worker, { t: 'shutdown' });
            setTimeout(() => worker.process.kill('SIGKILL'), graceMs).unref();
          }),
      );
    await Promise.all(exits);
  }

  private fork(slot: number): void {
    // The slot, not the cluster id, names the worker's journal file: a replacement keeps it.
    this.slots[slot] = cluster.fork({ ...this.options.env?.(), MIMICUS_WORKER_SLOT: String(slot + 1) });
  }

  private receive(worker: Worker, message: ToPrimary): void {
    if (message.t === 'hello') {
      this.greeted.add(worker.id);
      this.send(worker, this.options.init());
      return;
    }
    if (message.t === 'events') {
      this.options.onEvents(this.slots.indexOf(worker) + 1, message.list, message.dropped);
      return;
    }
    if (message.t === 'listening') {
      this.starting?.listening(this.slots.indexOf(worker), { port: message.port, host: message.host });
      return;
    }
    this.waiters.get(`${worker.id}:${message.t}:${message.id}`)?.resolve(message);
  }

  private exited(worker: Worker, code: number | null, signal: string | null): void {
    this.greeted.delete(worker.id);
    for (const waiter of [...this.waiters.values()]) if (waiter.workerId === worker.id) waiter.reject(new Error(`worker ${worker.id} exited`));
    const slot = this.slots.indexOf(worker);
    if (slot === -1 || this.stopping) return;
    const how = signal ? `signal ${signal}` : `code ${code}`;
    if (this.starting !== undefined && !this.listened.has(slot)) {
      this.starting.failed(Object.assign(new Error(`worker ${slot + 1} exited at start (${how})`), { workerExitCode: code ?? 1 }));
      return;
    }
    const now = Date.now();
    const recent = (this.restarts[slot] = this.restarts[slot]!.filter((at) => now - at < RESTART_WINDOW_MS));
    recent.push(now);
    const delayMs = Math.min(MAX_RESTART_DELAY_MS, 100 * 2 ** (recent.length - 1));
    const message = `worker ${slot + 1} (pid ${worker.process.pid}) exited with ${how}; starting a new one in ${delayMs} ms`;
    this.options.logger.warn({ slot: slot + 1, pid: worker.process.pid, code, signal }, message);
    this.options.onExit(slot + 1, message);
    this.slots[slot] = undefined;
    setTimeout(() => {
      if (!this.stopping) this.fork(slot);
    }, delayMs).unref();
  }
}
