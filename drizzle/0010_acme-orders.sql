CREATE TABLE "acme_issuers" (
	"issuer" text PRIMARY KEY NOT NULL,
	"directory_url" text NOT NULL,
	"eab_kid" text,
	"eab_hmac_key" text,
	"challenge" text DEFAULT 'http-01' NOT NULL,
	"ca_bundle" text,
	"account_key" text,
	"account_url" text,
	"account_error" text,
	"account_retry_at" timestamp with time zone,
	"master_key_id" text,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "acme_issuers_issuer" CHECK ("acme_issuers"."issuer" in ('digicert', 'cybertrust', 'globalsign')),
	CONSTRAINT "acme_issuers_challenge" CHECK ("acme_issuers"."challenge" in ('http-01', 'dns-01')),
	CONSTRAINT "acme_issuers_eab_pair" CHECK (("acme_issuers"."eab_kid" is null) = ("acme_issuers"."eab_hmac_key" is null))
);
--> statement-breakpoint
CREATE TABLE "acme_orders" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"contract_id" text NOT NULL,
	"need" text NOT NULL,
	"issuer" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"private_key_id" text,
	"order_url" text,
	"certificate_pem" text,
	"certificate_id" bigint,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"retry_at" timestamp with time zone,
	"lease_until" timestamp with time zone,
	"requested_by" text NOT NULL,
	"issued_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "acme_orders_status" CHECK ("acme_orders"."status" in ('pending', 'ordered', 'finalizing', 'issued', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "acme_challenges" (
	"token" text PRIMARY KEY NOT NULL,
	"key_authorization" text NOT NULL,
	"order_id" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "acme_renewal_info" (
	"certificate_id" bigint PRIMARY KEY NOT NULL,
	"window_start" timestamp with time zone,
	"window_end" timestamp with time zone,
	"next_check_at" timestamp with time zone NOT NULL,
	"checked_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "acme_renewal_info" ADD CONSTRAINT "acme_renewal_info_certificate_id_certificates_id_fk" FOREIGN KEY ("certificate_id") REFERENCES "public"."certificates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "acme_orders" ADD CONSTRAINT "acme_orders_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "acme_orders" ADD CONSTRAINT "acme_orders_private_key_id_private_keys_id_fk" FOREIGN KEY ("private_key_id") REFERENCES "public"."private_keys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "acme_orders" ADD CONSTRAINT "acme_orders_certificate_id_certificates_id_fk" FOREIGN KEY ("certificate_id") REFERENCES "public"."certificates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "acme_challenges" ADD CONSTRAINT "acme_challenges_order_id_acme_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."acme_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "acme_orders_need_once" ON "acme_orders" USING btree ("contract_id","need");--> statement-breakpoint
CREATE INDEX "acme_orders_due" ON "acme_orders" USING btree ("retry_at") WHERE "acme_orders"."status" not in ('issued', 'failed');--> statement-breakpoint
CREATE INDEX "acme_orders_contract" ON "acme_orders" USING btree ("contract_id");
