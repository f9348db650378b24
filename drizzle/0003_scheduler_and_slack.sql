CREATE TABLE "contract_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"contract_id" text NOT NULL,
	"from_service" text,
	"to_service" text NOT NULL,
	"status" text DEFAULT 'requested' NOT NULL,
	"requested_by" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"staff_message_ts" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contract_changes_status" CHECK (status in ('requested', 'accepted', 'refused'))
);
--> statement-breakpoint
CREATE TABLE "designated_services" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"recorded_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"view" text NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"channel" text,
	"updates" bigint,
	"contract_id" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"attempted_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"slack_channel" text,
	"slack_ts" text,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "outbox_key_unique" UNIQUE("key"),
	CONSTRAINT "outbox_status" CHECK (status in ('pending', 'sent', 'failed', 'skipped'))
);
--> statement-breakpoint
CREATE TABLE "scheduler_state" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "slack_deliveries" (
	"delivery_id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"user_id" text,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "certificate_pem" text;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "slack_channel" text;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "staff_message_ts" text;--> statement-breakpoint
ALTER TABLE "renewal_cycles" ADD COLUMN "held_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "renewal_cycles" ADD COLUMN "next_term_id" bigint;--> statement-breakpoint
ALTER TABLE "renewal_cycles" ADD COLUMN "due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "contract_changes" ADD CONSTRAINT "contract_changes_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_updates_outbox_id_fk" FOREIGN KEY ("updates") REFERENCES "public"."outbox"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contract_changes_contract" ON "contract_changes" USING btree ("contract_id");--> statement-breakpoint
CREATE INDEX "outbox_pending" ON "outbox" USING btree ("id") WHERE "outbox"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "outbox_contract" ON "outbox" USING btree ("contract_id");--> statement-breakpoint
CREATE INDEX "contracts_due_end" ON "contracts" USING btree ("end_date") WHERE "contracts"."status" = 'active' and "contracts"."end_date" is not null;--> statement-breakpoint
CREATE INDEX "renewal_cycles_due" ON "renewal_cycles" USING btree ("due_at") WHERE "renewal_cycles"."due_at" is not null;--> statement-breakpoint
-- Every existing cycle is looked at by the next sweep, which computes when it is really due.
UPDATE "renewal_cycles" SET "due_at" = now();
