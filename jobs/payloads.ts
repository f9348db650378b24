// Every job's payload, validated with zod when a processor takes it.
import { z } from 'zod';

export const SweepJob = z.object({ reason: z.string().optional() }).strict();
export const CycleJob = z.object({ cycleId: z.number().int().positive() }).strict();
export const EndingJob = z.object({ contractId: z.string().min(1) }).strict();
export const DeliveryJob = z
  .object({
    outboxId: z.number().int().positive(),
    /** The slot in its channel's pace the message came back for (src/slack/pace.ts). */
    slot: z
      .object({ channel: z.string().min(1), at: z.number() })
      .strict()
      .optional(),
  })
  .strict();
export const OrderJob = z.object({ contractId: z.string().min(1), need: z.string().min(1) }).strict();
export const CheckJob = z.object({ contractId: z.string().min(1).optional() }).strict();
