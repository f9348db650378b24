CREATE INDEX IF NOT EXISTS "outbox_failed" ON "outbox" USING btree ("id") WHERE "outbox"."status" = 'failed';--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "renewal_cycles_held" ON "renewal_cycles" USING btree ("id") WHERE "renewal_cycles"."held_at" is not null and "renewal_cycles"."outcome" is null;
