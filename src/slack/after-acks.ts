// The work a listener does after its ack waits while requests keep coming in, so that it never
// makes the next ack late: Slack gives an ack 3 s and retries it when it is late, where an answer to
// response_url may come within 30 minutes. A listener hands that work over once it has acknowledged
// (commands/context.ts afterAck) and returns, so that Bolt keeps nothing of the request while it
// waits. The work goes on once no request has come in for QUIET_MS, a few at a time while it stays
// quiet, and in any case after MAX_WAIT_MS: well inside the 3 s a trigger_id allows for opening a
// modal, and soon enough for a person waiting for an answer. When the process stops, what waits
// goes on at once and the stop waits for it (settle).
export const QUIET_MS = 20;
export const MAX_WAIT_MS = 1_000;
/** How long a stop waits for the work in hand. */
export const SETTLE_MS = 10_000;
/** How many go on in one turn of the event loop while it is quiet. */
const AT_ONCE = 4;

export class AckFirst {
  private readonly waiting: { go: () => void; since: number }[] = [];
  private readonly running = new Set<Promise<void>>();
  private lastRequest = -Infinity;
  private timer: NodeJS.Timeout | NodeJS.Immediate | undefined;

  constructor(
    private readonly quietMs = QUIET_MS,
    private readonly maxWaitMs = MAX_WAIT_MS,
    private readonly atOnce = AT_ONCE,
  ) {}

  /** A request came in (the HTTP receiver says so first thing; an ack counts too). */
  requestArrived(now = performance.now()): void {
    this.lastRequest = now;
  }

  /** How many wait. */
  get waitingCount(): number {
    return this.waiting.length;
  }

  /** Resolves when this work's turn has come. */
  afterAcks(): Promise<void> {
    const now = performance.now();
    this.requestArrived(now);
    return new Promise((go) => {
      this.waiting.push({ go, since: now });
      this.timer ??= setTimeout(this.release, this.quietMs);
    });
  }

  /**
   * Runs `work` once its turn has come (at once when it may not wait: a modal to open with a
   * trigger_id that lapses 3 s after the request); an error of it goes to `failed`.
   */
  run(work: () => Promise<void>, failed: (e: unknown) => void, { waits = true } = {}): void {
    const done: Promise<void> = (waits ? this.afterAcks() : Promise.resolve())
      .then(work)
      .catch((e: unknown) => {
        try {
          failed(e);
        } catch {
          // Where errors go failed too: nothing is left to tell.
        }
      })
      .finally(() => this.running.delete(done));
    this.running.add(done);
  }

  /**
   * Lets whatever waits go on now, and resolves once every work handed over has finished, or after
   * `withinMs` (an ACME order can take minutes; a process manager does not wait that long).
   * Returns how many were still running then.
   */
  async settle(withinMs = SETTLE_MS): Promise<number> {
    if (this.timer) clearTimeout(this.timer as NodeJS.Timeout);
    if (this.timer) clearImmediate(this.timer as NodeJS.Immediate);
    this.timer = undefined;
    while (this.waiting.length) this.waiting.shift()!.go();
    const until = performance.now() + withinMs;
    while (this.running.size && performance.now() < until) {
      let timeout: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all([...this.running]),
        new Promise((r) => (timeout = setTimeout(r, Math.max(0, until - performance.now())))),
      ]);
      clearTimeout(timeout);
    }
    return this.running.size;
  }

  private readonly release = (): void => {
    this.timer = undefined;
    const now = performance.now();
    const quiet = now - this.lastRequest >= this.quietMs;
    let gone = 0;
    while (this.waiting.length && ((quiet && gone < this.atOnce) || now - this.waiting[0]!.since >= this.maxWaitMs)) {
      this.waiting.shift()!.go();
      gone++;
    }
    if (!this.waiting.length) return;
    // Still quiet: the next few in the next turn, after whatever came in meanwhile. Not quiet: look
    // again when it could be, or when the first in line has waited long enough.
    this.timer = quiet
      ? setImmediate(this.release)
      : setTimeout(
          this.release,
          Math.max(
            1,
            Math.min(this.quietMs - (now - this.lastRequest), this.maxWaitMs - (now - this.waiting[0]!.since)),
          ),
        );
  };
}

/** The process's one line of work after acks, for every listener. */
export const ackFirst = new AckFirst();
export const requestArrived = (): void => ackFirst.requestArrived();
