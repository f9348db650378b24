CREATE TABLE "scheduled_failures" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"step" text NOT NULL,
	"subject" text NOT NULL,
	"contract_id" text,
	"cycle_id" bigint,
	"error" text NOT NULL,
	"attempts" integer DEFAULT 1 NOT NULL,
	"first_failed_at" timestamp with time zone NOT NULL,
	"last_failed_at" timestamp with time zone NOT NULL,
	"retry_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone,
	CONSTRAINT "scheduled_failures_step" CHECK (step in ('cycle', 'ending'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "scheduled_failures_open" ON "scheduled_failures" USING btree ("step","subject") WHERE "scheduled_failures"."resolved_at" is null;