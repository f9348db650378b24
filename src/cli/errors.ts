// How the command line ends: 0 done, 2 usage error, 3 a rule of the terms refuses, 1 otherwise.
import type { Reason } from '../domain/reasons.js';

export const EXIT = { ok: 0, failure: 1, usage: 2, refused: 3 } as const;

/** The command was called wrongly: a missing or bad flag, an unknown item or term, a file that is not there. */
export class UsageError extends Error {
  constructor(message: string, readonly details?: unknown) {
    super(message);
  }
}

/** A rule of the terms refuses; the reasons carry their articles. */
export class Refusal extends Error {
  constructor(readonly reasons: Reason[], readonly extra: Record<string, unknown> = {}) {
    super(reasons.map((r) => `${r.article}: ${r.code}`).join('; '));
  }
}

/** Something the user can fix that is neither usage nor a rule (bad import file, a conflict). */
export class Failure extends Error {
  constructor(message: string, readonly details?: unknown) {
    super(message);
  }
}
