import { AppError } from '../../errors/index.js';
import type { TemplateLimits } from './types.js';

/** `server.templateLimits` when the config sets none: far above any mock's needs, far below a stall. */
export const DEFAULT_TEMPLATE_LIMITS: TemplateLimits = { maxIterations: 100_000, maxOutputBytes: 10 * 1024 * 1024 };

/** A block's program as Handlebars hands it to a helper (`options.fn`, `options.inverse`). */
type BlockProgram = (context: unknown, options?: unknown) => string;

/**
 * What one render may spend: block iterations (each, repeat, with, if, … all together) and output.
 * Renders are synchronous and one engine renders one template at a time, so one budget per engine
 * is reset at the start of each top-level render. Counting is done where loops run (the block
 * programs every block helper calls) rather than per helper, so `each` over a huge request array
 * and nested `repeat`s are stopped alike, after `maxIterations` steps instead of billions.
 */
export class RenderBudget {
  private iterations = 0;
  private outputChars = 0;
  /** Output returned by the blocks run inside the block running now: its own output holds it. */
  private nestedChars = 0;
  private depth = 0;

  constructor(readonly limits: TemplateLimits) {}

  /** Starts a top-level render; a render inside a render (none today) shares the outer budget. */
  enter(): void {
    if (this.depth++ === 0) {
      this.iterations = 0;
      this.outputChars = 0;
      this.nestedChars = 0;
    }
  }

  leave(): void {
    this.depth--;
  }

  /** Counts `count` loop steps, refusing before they run when they would pass the limit. */
  iterate(count: number): void {
    this.iterations += count;
    if (this.iterations > this.limits.maxIterations) {
      throw new AppError(
        'TEMPLATE_LIMIT_EXCEEDED',
        `the template ran more than ${this.limits.maxIterations} block iterations in one render (server.templateLimits.maxIterations)`,
      );
    }
  }

  /** Counts text a helper produces (before building it, when the size is known in advance). */
  produce(chars: number): void {
    this.outputChars += chars;
    // Characters are a lower bound of UTF-8 bytes: this never refuses what the final check would pass.
    if (this.outputChars > this.limits.maxOutputBytes) this.overOutput();
  }

  /** The final check of a render's output, in UTF-8 bytes. */
  checkOutput(output: string): void {
    if (output.length > this.limits.maxOutputBytes || Buffer.byteLength(output) > this.limits.maxOutputBytes) this.overOutput();
  }

  /**
   * `program` counting each call as one iteration and the text it adds beyond its inner blocks
   * (which count their own), so nested loops are charged for their output once, not per level.
   */
  counted(program: BlockProgram): BlockProgram {
    return (context, options) => {
      this.iterate(1);
      const outer = this.nestedChars;
      this.nestedChars = 0;
      let out: string;
      let inner: number;
      try {
        out = program(context, options);
      } finally {
        inner = this.nestedChars;
        this.nestedChars = outer;
      }
      if (typeof out === 'string') {
        if (out.length > inner) this.produce(out.length - inner);
        this.nestedChars += out.length;
      }
      return out;
    };
  }

  private overOutput(): never {
    throw new AppError(
      'TEMPLATE_LIMIT_EXCEEDED',
      `the template produced more than ${this.limits.maxOutputBytes} bytes in one render (server.templateLimits.maxOutputBytes)`,
    );
  }
}
