// How the command line ends: 0 done, 2 usage error, 3 a rule of the terms refuses, 1 otherwise.
import type { Reason } from '../domain/reasons.js';
import type { Bilingual } from '../i18n/text.js';

export const EXIT = { ok: 0, failure: 1, usage: 2, refused: 3 } as const;

/** The command was called wrongly: a missing or bad flag, an unknown item or term, a file that is not there. */
export class UsageError extends Error {
  constructor(
    readonly sentence: Bilingual,
    readonly details?: unknown,
  ) {
    super(sentence.en);
  }
}

/** A rule of the terms refuses; the reasons carry their articles. */
export class Refusal extends Error {
  constructor(
    readonly reasons: Reason[],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(reasons.map((r) => `${r.article ?? ''}: ${r.code}`).join('; '));
  }
}

/** Something the user can fix that is neither usage nor a rule (a bad import file, an unreachable database). */
export class Failure extends Error {
  constructor(
    readonly sentence: Bilingual,
    readonly details?: unknown,
  ) {
    super(sentence.en);
  }
}
