CREATE TABLE "customer_emails" (
	"customer_id" text NOT NULL,
	"address" text NOT NULL,
	"slack_user_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_emails_customer_id_address_pk" PRIMARY KEY("customer_id","address")
);
--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "reply_to" bigint;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "email_to" text;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "message_id" text;--> statement-breakpoint
ALTER TABLE "renewal_cycles" ADD COLUMN "reminded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "customer_emails" ADD CONSTRAINT "customer_emails_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "customer_emails_once" ON "customer_emails" USING btree ("customer_id",lower("address"));--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_reply_to_outbox_id_fk" FOREIGN KEY ("reply_to") REFERENCES "public"."outbox"("id") ON DELETE no action ON UPDATE no action;