/**
 * A cancellation an attempt listens to: the client leaving, the deadline passing, or a hedge won
 * by another attempt. Lighter than an AbortController (no event dispatch, no DOMException); a
 * child is cancelled with its parent.
 */
/** An object told of a cancel (no closure: an attempt registers itself, not two functions). */
export interface CancelListener {
  cancelled(): void;
}

export class Cancel {
  reason: string | undefined;
  #hooks: (() => void)[] | undefined;
  #listeners: CancelListener[] | undefined;
  /** Children are cancelled with this one; kept as a list (no closure per child: a request makes several). */
  #children: Cancel[] | undefined;

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

  /** Tells `listener` once on cancel (at once when already cancelled), until `unlisten`. */
  listen(listener: CancelListener): void {
    if (this.reason !== undefined) listener.cancelled();
    else (this.#listeners ??= []).push(listener);
  }

  unlisten(listener: CancelListener): void {
    const listeners = this.#listeners;
    if (listeners === undefined) return;
    const at = listeners.indexOf(listener);
    if (at >= 0) listeners.splice(at, 1);
  }

  cancel(reason: string): void {
    if (this.reason !== undefined) return;
    this.reason = reason;
    const hooks = this.#hooks;
    this.#hooks = undefined;
    if (hooks !== undefined) for (const hook of hooks) hook();
    const listeners = this.#listeners;
    this.#listeners = undefined;
    if (listeners !== undefined) for (const listener of listeners) listener.cancelled();
    const children = this.#children;
    this.#children = undefined;
    if (children !== undefined) for (const child of children) child.cancel(reason);
  }

  /** A cancel of its own that this one's cancel also fires (held until then: a request makes a handful). */
  child(): Cancel {
    const child = new Cancel();
    if (this.reason !== undefined) child.reason = this.reason;
    else (this.#children ??= []).push(child);
    return child;
  }
}

const noop = (): void => undefined;
