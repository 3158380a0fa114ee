/**
 * Group commit. Rows handed in during the same turn of the event loop are written together by
 * one `flush` (one multi-row INSERT: one transaction, one fsync on SQLite, one round trip on
 * MariaDB), and every caller resumes only once its rows are committed, so nothing is answered
 * before it is durable. At most `maxInFlight` flushes run at once: rows handed in meanwhile wait
 * for one of them to finish and then go together, so under load a batch grows with the load
 * (one round trip and one commit for many tokens) instead of every request paying its own. If a
 * flush of several callers' rows fails, each caller's rows are tried alone, so that one bad row
 * (a token for an authorization deleted a moment ago) fails only its own request.
 *
 * A flush that does not settle within `flushTimeoutMs` (a database connection that takes the
 * statement and never answers) fails its callers with a timeout, a 503 to them, and gives its
 * slot back: otherwise one hung flush, then a second, would hold every later token write for
 * ever while the rest of the server answered (docs/operations.md#what-a-failover-costs).
 * Rows a timed-out flush writes late stay unused: their callers never got the tokens.
 */
export class InsertBatcher<T> {
  private pending: Array<{ rows: T[]; resolve: () => void; reject: (error: unknown) => void }> = [];
  private scheduled = false;
  private inFlight = 0;

  constructor(
    private readonly flush: (rows: T[]) => Promise<void>,
    private readonly maxRows = 500,
    private readonly maxInFlight = 2,
    private readonly flushTimeoutMs = 10_000,
  ) {}

  add(rows: T[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ rows, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.pending.length === 0 || this.inFlight >= this.maxInFlight) return;
    this.scheduled = true;
    setImmediate(() => void this.run());
  }

  private async run(): Promise<void> {
    this.scheduled = false;
    const batch: typeof this.pending = [];
    let count = 0;
    while (this.pending.length > 0 && (batch.length === 0 || count + this.pending[0].rows.length <= this.maxRows)) {
      const next = this.pending.shift()!;
      batch.push(next);
      count += next.rows.length;
    }
    this.inFlight += 1;
    // Whatever did not fit goes in the next turn, while this batch is being written.
    this.schedule();
    try {
      await this.write(batch);
    } finally {
      this.inFlight -= 1;
      this.schedule();
    }
  }

  private async write(batch: typeof this.pending): Promise<void> {
    try {
      await this.bounded(batch.flatMap((b) => b.rows));
      for (const b of batch) b.resolve();
    } catch (error) {
      // A timeout is the database's, not one row's: trying each caller alone would only wait again.
      if (batch.length === 1 || error instanceof FlushTimeout) {
        for (const b of batch) b.reject(error);
        return;
      }
      await Promise.all(
        batch.map(async (b) => {
          try {
            await this.bounded(b.rows);
            b.resolve();
          } catch (alone) {
            b.reject(alone);
          }
        }),
      );
    }
  }

  /** The flush, or a FlushTimeout once it has taken flushTimeoutMs. */
  private bounded(rows: T[]): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new FlushTimeout(this.flushTimeoutMs)), this.flushTimeoutMs);
      timer.unref();
    });
    return Promise.race([this.flush(rows), timeout]).finally(() => clearTimeout(timer));
  }
}

/** A flush left unanswered: the database is away, as far as the caller can tell (a 503). */
export class FlushTimeout extends Error {
  readonly code = 'ETIMEDOUT';

  constructor(ms: number) {
    super(`The database did not answer a token write within ${ms} ms`);
    this.name = 'FlushTimeout';
  }
}
