// Redrawing a modal that people change faster than Slack redraws it (a date typed key by key fires
// an action at each complete date). Each action carries the view's hash as it was when sent, so
// of two quick changes the second is refused by views.update (hash_conflict) and the modal would
// keep showing what the first one drew. Here the changes of one view are drawn one at a time, the
// newest only (by action_ts), each with the hash the previous redraw returned.
import type { View } from '@slack/types';
import type { WebClient } from '@slack/web-api';

interface Pending {
  tail: Promise<void>;
  newest: number;
  hash: string | undefined;
  waiting: number;
}

const errorCode = (e: unknown) => (e as { data?: { error?: string } }).data?.error;

export class ViewRedraws {
  private readonly views = new Map<string, Pending>();

  /**
   * Redraws a view for an action, unless a newer action on the same view comes: `draw` runs only
   * for the newest. A hash_conflict left (the view changed in another process) is no error.
   */
  async redraw(
    client: WebClient,
    view: { id: string; hash?: string },
    actionTs: string | undefined,
    draw: () => Promise<View>,
  ): Promise<void> {
    const at = Number(actionTs ?? Date.now() / 1000);
    const p = this.views.get(view.id) ?? { tail: Promise.resolve(), newest: -Infinity, hash: undefined, waiting: 0 };
    this.views.set(view.id, p);
    if (at >= p.newest) p.newest = at;
    p.waiting += 1;
    const run = p.tail.then(async () => {
      if (at < p.newest) return;
      const drawn = await draw();
      try {
        const r = await client.views.update({ view_id: view.id, hash: p.hash ?? view.hash, view: drawn });
        p.hash = r.view?.hash;
      } catch (e) {
        if (errorCode(e) !== 'hash_conflict') throw e;
      }
    });
    p.tail = run.catch(() => {});
    try {
      await run;
    } finally {
      p.waiting -= 1;
      if (p.waiting === 0) this.views.delete(view.id);
    }
  }
}
