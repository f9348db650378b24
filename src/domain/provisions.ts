// The numbers the terms' articles set (Art. 6, Art. 9(2)), as effective-dated versions beside the
// tariff (./tariffs): a revision of the terms is a new JSON file in ./provisions, added to
// PROVISION_VERSIONS. Settings (CERTDESK_NOTICE_DAYS, …) override the notice schedule only.
import { z } from 'zod';
import v20220901 from './provisions/2022-09-01.json' with { type: 'json' };
import { compareDates, isOnOrBefore, toBusinessDate, type BusinessDate } from './dates.js';

const days = z.number().int().nonnegative();

const provisionsSchema = z.object({
  version: z.string().min(1),
  effectiveFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  source: z.string(),
  renewal: z.object({
    /** Art. 6(1): days before the expiry date on which notices go out. */
    noticeDays: z.array(days.min(1)).min(1),
    /** Art. 6(2): days before the expiry date on which the reply deadline falls. */
    replyDays: days.min(1),
    /** JST hour at which a notice of the day is posted. */
    noticeHour: z.number().int().min(0).max(23),
    /** Art. 6(2): a late first notice leaves at least this many days to answer. */
    lateNoticeReplyDays: days.min(1),
    /** Art. 10: default renewal fees accrue this many days after the reply deadline. */
    defaultRenewalFeeDelayDays: days,
  }),
  /** Art. 9(2): a cancellation form takes effect once this many days have passed from its arrival. */
  cancellationNoticeDays: days.min(1),
});

export interface Provisions extends Omit<z.infer<typeof provisionsSchema>, 'effectiveFrom'> {
  effectiveFrom: BusinessDate;
}

const read = (raw: unknown): Provisions => {
  const p = provisionsSchema.parse(raw);
  return { ...p, effectiveFrom: toBusinessDate(p.effectiveFrom) };
};

/** Every version of the terms' numbers, oldest first. */
export const PROVISION_VERSIONS: readonly Provisions[] = [read(v20220901)].sort((a, b) =>
  compareDates(a.effectiveFrom, b.effectiveFrom),
);

/** The version in force on a date: the latest whose effectiveFrom is on or before it (the first before any). */
export function provisionsOn(date: BusinessDate): Provisions {
  return PROVISION_VERSIONS.filter((p) => isOnOrBefore(p.effectiveFrom, date)).at(-1) ?? PROVISION_VERSIONS[0]!;
}

/** The version in force now: the latest. */
export const PROVISIONS: Provisions = PROVISION_VERSIONS.at(-1)!;
