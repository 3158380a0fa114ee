/**
 * Group commit. Rows handed in during the same turn of the event loop are written together by
 * one `flush` (one multi-row INSERT: one transaction, one fsync on SQLite, one round trip on
 * MariaDB), and every caller resumes only once its rows are committed, so nothing is answered
 * before it is durable. At most `maxInFlight` flushes run at once: rows handed in meanwhile wait
 * for one of them to finish and then go together, so under load a batch grows with the load
 * (one round trip and one commit for many tokens) instead of every request paying its own. If a
 * flush of several callers' rows fails, each caller's rows are tried alone, so that one bad row
 * (a token for an authorization deleted a moment ago) fails only its own request.
 */
export class InsertBatcher<T> {
  private pending: Array<{ rows: T[]; resolve: () => void; reject: (error: unknown) => void }> = [];
  private scheduled = false;
  private inFlight = 0;

  constructor(
    private readonly flush: (rows: T[]) => Promise<void>,
    private readonly maxRows = 500,
    private readonly maxInFlight = 2,
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
      await this.flush(batch.flatMap((b) => b.rows));
      for (const b of batch) b.resolve();
    } catch (error) {
      if (batch.length === 1) {
        batch[0].reject(error);
        return;
      }
      await Promise.all(
        batch.map(async (b) => {
          try {
            await this.flush(b.rows);
            b.resolve();
          } catch (alone) {
            b.reject(alone);
          }
        }),
      );
    }
  }
}
