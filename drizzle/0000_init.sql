CREATE TABLE "abolitions" (
	"item" text PRIMARY KEY NOT NULL,
	"effective_from" date NOT NULL,
	"reason" text,
	"recorded_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "applications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"item" text NOT NULL,
	"term" text NOT NULL,
	"common_name" text NOT NULL,
	"service" text,
	"provider_creates_key" boolean DEFAULT false NOT NULL,
	"moved_from_external_server" boolean DEFAULT false NOT NULL,
	"transition_exception" text,
	"agreed_certificate_fee" integer,
	"status" text DEFAULT 'submitted' NOT NULL,
	"submitted_by" text NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"refusal" jsonb,
	"contract_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "applications_status" CHECK (status in ('submitted', 'accepted', 'refused', 'withdrawn')),
	CONSTRAINT "applications_agreed_fee" CHECK ("applications"."agreed_certificate_fee" is null or "applications"."agreed_certificate_fee" >= 0)
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"subject" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cancellations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"contract_id" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"received_on" date NOT NULL,
	"requested_on" date,
	"effective_on" date NOT NULL,
	"via" text NOT NULL,
	"recorded_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cancellations_via" CHECK (via in ('modal', 'staff', 'cli'))
);
--> statement-breakpoint
CREATE TABLE "certificates" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"contract_id" text NOT NULL,
	"contract_term_id" bigint,
	"common_name" text,
	"sans" text[] NOT NULL,
	"issuer" text NOT NULL,
	"serial" text NOT NULL,
	"not_before" timestamp with time zone NOT NULL,
	"not_after" timestamp with time zone NOT NULL,
	"key_type" text NOT NULL,
	"key_bits" integer,
	"fingerprint_sha256" text NOT NULL,
	"pem" text NOT NULL,
	"source" text NOT NULL,
	"recorded_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "certificates_contract_fingerprint" UNIQUE("contract_id","fingerprint_sha256"),
	CONSTRAINT "certificates_source" CHECK (source in ('imported', 'uploaded', 'issued'))
);
--> statement-breakpoint
CREATE TABLE "contract_terms" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"contract_id" text NOT NULL,
	"seq" integer NOT NULL,
	"item" text NOT NULL,
	"term" text NOT NULL,
	"starts_on" date NOT NULL,
	"expiry_date" date NOT NULL,
	"kind" text NOT NULL,
	"tariff_version" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contract_terms_seq" UNIQUE("contract_id","seq"),
	CONSTRAINT "contract_terms_kind" CHECK (kind in ('new', 'renewal', 'default-renewal', 'imported')),
	CONSTRAINT "contract_terms_order" CHECK ("contract_terms"."starts_on" <= "contract_terms"."expiry_date")
);
--> statement-breakpoint
CREATE TABLE "contracts" (
	"id" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"item" text NOT NULL,
	"term" text NOT NULL,
	"common_name" text NOT NULL,
	"service" text,
	"status" text DEFAULT 'active' NOT NULL,
	"origin" text NOT NULL,
	"application_id" bigint,
	"accepted_at" timestamp with time zone,
	"agreed_certificate_fee" integer,
	"end_date" date,
	"end_reason" text,
	"ended_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contracts_status" CHECK (status in ('active', 'ended')),
	CONSTRAINT "contracts_origin" CHECK (origin in ('imported', 'application')),
	CONSTRAINT "contracts_end_reason" CHECK ("contracts"."end_reason" is null or end_reason in ('not-renewed', 'cancelled', 'abolished', 'lapsed')),
	CONSTRAINT "contracts_ended_has_date" CHECK ("contracts"."status" <> 'ended' or "contracts"."end_date" is not null)
);
--> statement-breakpoint
CREATE TABLE "customer_contacts" (
	"customer_id" text NOT NULL,
	"slack_user_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_contacts_customer_id_slack_user_id_pk" PRIMARY KEY("customer_id","slack_user_id")
);
--> statement-breakpoint
CREATE TABLE "customer_designated_services" (
	"customer_id" text NOT NULL,
	"service" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_designated_services_customer_id_service_pk" PRIMARY KEY("customer_id","service")
);
--> statement-breakpoint
CREATE TABLE "customers" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"country" text NOT NULL,
	"slack_channel" text,
	"locale" text DEFAULT 'ja' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customers_country_iso" CHECK ("customers"."country" ~ '^[A-Z]{2}$'),
	CONSTRAINT "customers_locale" CHECK (locale in ('ja', 'en'))
);
--> statement-breakpoint
CREATE TABLE "ledger_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"contract_id" text NOT NULL,
	"kind" text NOT NULL,
	"amount" integer NOT NULL,
	"accrued_on" date NOT NULL,
	"article" text NOT NULL,
	"tariff_version" text NOT NULL,
	"event_key" text NOT NULL,
	"correction_of" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_entries_once" UNIQUE("event_key","kind"),
	CONSTRAINT "ledger_entries_kind" CHECK (kind in ('certificate', 'agency', 'monthly', 'one-time'))
);
--> statement-breakpoint
CREATE TABLE "renewal_answers" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"cycle_id" bigint NOT NULL,
	"answer" text NOT NULL,
	"answered_at" timestamp with time zone NOT NULL,
	"answered_by" text NOT NULL,
	"acting_for_customer" boolean DEFAULT false NOT NULL,
	"via" text NOT NULL,
	"slack_delivery_id" text,
	"accepted" boolean NOT NULL,
	"refusal_code" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "renewal_answers_slack_delivery_id_unique" UNIQUE("slack_delivery_id"),
	CONSTRAINT "renewal_answers_answer" CHECK (answer in ('renew', 'dont-renew')),
	CONSTRAINT "renewal_answers_via" CHECK (via in ('button', 'thread', 'staff', 'cli'))
);
--> statement-breakpoint
CREATE TABLE "renewal_cycles" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"contract_id" text NOT NULL,
	"contract_term_id" bigint NOT NULL,
	"expiry_date" date NOT NULL,
	"reply_deadline" date,
	"decision" text,
	"decided_at" timestamp with time zone,
	"outcome" text,
	"outcome_at" timestamp with time zone,
	"fees_accrue_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "renewal_cycles_decision" CHECK ("renewal_cycles"."decision" is null or decision in ('renew', 'dont-renew', 'default-renew')),
	CONSTRAINT "renewal_cycles_outcome" CHECK ("renewal_cycles"."outcome" is null or outcome in ('renewed', 'default-renewed', 'ended', 'lapsed'))
);
--> statement-breakpoint
CREATE TABLE "renewal_notices" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"cycle_id" bigint NOT NULL,
	"notice_days" integer NOT NULL,
	"due_on" date NOT NULL,
	"late" boolean DEFAULT false NOT NULL,
	"sent_at" timestamp with time zone,
	"slack_channel" text,
	"slack_ts" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "renewal_notices_once" UNIQUE("cycle_id","notice_days")
);
--> statement-breakpoint
CREATE TABLE "staff" (
	"slack_user_id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cancellations" ADD CONSTRAINT "cancellations_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_contract_term_id_contract_terms_id_fk" FOREIGN KEY ("contract_term_id") REFERENCES "public"."contract_terms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_terms" ADD CONSTRAINT "contract_terms_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_contacts" ADD CONSTRAINT "customer_contacts_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_designated_services" ADD CONSTRAINT "customer_designated_services_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_correction_of_ledger_entries_id_fk" FOREIGN KEY ("correction_of") REFERENCES "public"."ledger_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "renewal_answers" ADD CONSTRAINT "renewal_answers_cycle_id_renewal_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."renewal_cycles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "renewal_cycles" ADD CONSTRAINT "renewal_cycles_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "renewal_cycles" ADD CONSTRAINT "renewal_cycles_contract_term_id_contract_terms_id_fk" FOREIGN KEY ("contract_term_id") REFERENCES "public"."contract_terms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "renewal_notices" ADD CONSTRAINT "renewal_notices_cycle_id_renewal_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."renewal_cycles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_subject" ON "audit_log" USING btree ("subject");--> statement-breakpoint
CREATE UNIQUE INDEX "cancellations_contract" ON "cancellations" USING btree ("contract_id");--> statement-breakpoint
CREATE INDEX "contracts_customer" ON "contracts" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "contracts_item" ON "contracts" USING btree ("item");--> statement-breakpoint
CREATE INDEX "customer_contacts_user" ON "customer_contacts" USING btree ("slack_user_id");--> statement-breakpoint
CREATE INDEX "ledger_entries_contract" ON "ledger_entries" USING btree ("contract_id");--> statement-breakpoint
CREATE UNIQUE INDEX "renewal_cycles_term" ON "renewal_cycles" USING btree ("contract_term_id");