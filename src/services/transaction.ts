// One transaction per use case. A dry run is the same transaction rolled back, so a preview
// runs the very code that would write and can never disagree with it.
import type { Db, Tx } from '../db/client.js';

class DryRun<T> extends Error {
  constructor(readonly result: T) {
    super('dry run');
  }
}

export async function inTransaction<T>(db: Db, dryRun: boolean | undefined, work: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await db.transaction(async (tx) => {
      const result = await work(tx);
      if (dryRun) throw new DryRun(result);
      return result;
    });
  } catch (e) {
    if (e instanceof DryRun) return e.result as T;
    throw e;
  }
}
