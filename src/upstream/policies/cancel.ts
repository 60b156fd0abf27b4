/**
 * A cancellation an attempt listens to: the client leaving, the deadline passing, or a hedge won
 * by another attempt. Lighter than an AbortController (no event dispatch, no DOMException); a
 * child is cancelled with its parent.
 */
export class Cancel {
  reason: string | undefined;
  #hooks: (() => void)[] | undefined;

  get cancelled(): boolean {
    return this.reason !== undefined;
  }

  /** Runs `hook` once on cancel (at once when already cancelled); returns a function that forgets it. */
  onCancel(hook: () => void): () => void {
    if (this.reason !== undefined) {
      hook();
      return noop;
    }
    (this.#hooks ??= []).push(hook);
    return () => {
      const hooks = this.#hooks;
      const at = hooks?.indexOf(hook) ?? -1;
      if (at >= 0) hooks!.splice(at, 1);
    };
  }

  cancel(reason: string): void {
    if (this.reason !== undefined) return;
    this.reason = reason;
    const hooks = this.#hooks;
    this.#hooks = undefined;
    if (hooks !== undefined) for (const hook of hooks) hook();
  }

  child(): Cancel {
    const child = new Cancel();
    const forget = this.onCancel(() => child.cancel(this.reason!));
    child.onCancel(forget);
    return child;
  }
}

const noop = (): void => undefined;
