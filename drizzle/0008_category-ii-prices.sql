CREATE TABLE "price_agreements" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"contract_id" text NOT NULL,
	"cycle_id" bigint NOT NULL,
	"amount" integer NOT NULL,
	"agreed_by" text NOT NULL,
	"agreed_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "price_agreements_amount" CHECK ("price_agreements"."amount" >= 0)
);
--> statement-breakpoint
DROP INDEX "customers_slack_channel";--> statement-breakpoint
ALTER TABLE "price_agreements" ADD CONSTRAINT "price_agreements_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_agreements" ADD CONSTRAINT "price_agreements_cycle_id_renewal_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."renewal_cycles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "price_agreements_cycle" ON "price_agreements" USING btree ("cycle_id");--> statement-breakpoint
CREATE UNIQUE INDEX "applications_pending_once" ON "applications" USING btree ("customer_id","item","common_name") WHERE "applications"."status" = 'submitted';--> statement-breakpoint
CREATE UNIQUE INDEX "customers_slack_channel_once" ON "customers" USING btree ("slack_channel");