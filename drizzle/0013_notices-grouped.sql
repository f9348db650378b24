ALTER TABLE "outbox" ADD COLUMN "grouped_with" bigint;--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_grouped_with_outbox_id_fk" FOREIGN KEY ("grouped_with") REFERENCES "public"."outbox"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outbox_grouped_with" ON "outbox" USING btree ("grouped_with") WHERE "outbox"."grouped_with" is not null;