CREATE TABLE "csrs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"contract_id" text NOT NULL,
	"private_key_id" text NOT NULL,
	"pem" text NOT NULL,
	"common_name" text NOT NULL,
	"sans" text[] NOT NULL,
	"subject" jsonb NOT NULL,
	"public_key_fingerprint" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "private_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"contract_id" text NOT NULL,
	"key_type" text NOT NULL,
	"public_key_fingerprint" text NOT NULL,
	"envelope" text NOT NULL,
	"master_key_id" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resealed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "served_checks" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"contract_id" text NOT NULL,
	"checked_at" timestamp with time zone NOT NULL,
	"target" text NOT NULL,
	"outcome" text NOT NULL,
	"served_fingerprint" text,
	"served_not_after" timestamp with time zone,
	"detail" text,
	CONSTRAINT "served_checks_outcome" CHECK (outcome in ('current', 'not-current', 'expiring', 'unreachable'))
);
--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "public_key_fingerprint" text;--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "chain_pem" text;--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "served_at" text;--> statement-breakpoint
ALTER TABLE "csrs" ADD CONSTRAINT "csrs_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "csrs" ADD CONSTRAINT "csrs_private_key_id_private_keys_id_fk" FOREIGN KEY ("private_key_id") REFERENCES "public"."private_keys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "private_keys" ADD CONSTRAINT "private_keys_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "served_checks" ADD CONSTRAINT "served_checks_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "csrs_contract" ON "csrs" USING btree ("contract_id");--> statement-breakpoint
CREATE INDEX "private_keys_contract" ON "private_keys" USING btree ("contract_id");--> statement-breakpoint
CREATE INDEX "private_keys_master" ON "private_keys" USING btree ("master_key_id");--> statement-breakpoint
CREATE INDEX "served_checks_contract" ON "served_checks" USING btree ("contract_id","checked_at");--> statement-breakpoint
CREATE INDEX "certificates_term" ON "certificates" USING btree ("contract_term_id");--> statement-breakpoint
CREATE INDEX "certificates_not_after" ON "certificates" USING btree ("not_after");