DROP INDEX "cancellations_contract";--> statement-breakpoint
ALTER TABLE "abolitions" DROP CONSTRAINT "abolitions_pkey";--> statement-breakpoint
ALTER TABLE "abolitions" ADD COLUMN "id" bigserial PRIMARY KEY NOT NULL;--> statement-breakpoint
ALTER TABLE "abolitions" ADD COLUMN "withdrawn_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "abolitions" ADD COLUMN "withdrawn_by" text;--> statement-breakpoint
ALTER TABLE "abolitions" ADD COLUMN "withdrawal_reason" text;--> statement-breakpoint
ALTER TABLE "abolitions" ADD COLUMN "replaced_by" bigint;--> statement-breakpoint
ALTER TABLE "cancellations" ADD COLUMN "withdrawn_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cancellations" ADD COLUMN "withdrawn_by" text;--> statement-breakpoint
ALTER TABLE "cancellations" ADD COLUMN "withdrawal_reason" text;--> statement-breakpoint
ALTER TABLE "cancellations" ADD COLUMN "replaced_by" bigint;--> statement-breakpoint
CREATE UNIQUE INDEX "abolitions_in_force" ON "abolitions" USING btree ("item") WHERE "abolitions"."withdrawn_at" is null;--> statement-breakpoint
CREATE INDEX "abolitions_item" ON "abolitions" USING btree ("item");--> statement-breakpoint
CREATE UNIQUE INDEX "cancellations_in_force" ON "cancellations" USING btree ("contract_id") WHERE "cancellations"."withdrawn_at" is null;--> statement-breakpoint
CREATE INDEX "cancellations_contract" ON "cancellations" USING btree ("contract_id");--> statement-breakpoint
ALTER TABLE "cancellations" ADD CONSTRAINT "cancellations_replaced_by_fk" FOREIGN KEY ("replaced_by") REFERENCES "cancellations"("id") DEFERRABLE INITIALLY DEFERRED;--> statement-breakpoint
ALTER TABLE "abolitions" ADD CONSTRAINT "abolitions_replaced_by_fk" FOREIGN KEY ("replaced_by") REFERENCES "abolitions"("id") DEFERRABLE INITIALLY DEFERRED;--> statement-breakpoint
-- A recorded cancellation or abolition is a fact: it may be marked withdrawn once (who, when,
-- why, and what replaces it), and nothing else about it ever changes or disappears.
CREATE OR REPLACE FUNCTION certdesk_withdraw_only() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  marks CONSTANT text[] := ARRAY['withdrawn_at', 'withdrawn_by', 'withdrawal_reason', 'replaced_by'];
BEGIN
  IF TG_OP <> 'UPDATE' THEN
    RAISE EXCEPTION '% keeps every fact: % refused (withdraw it instead)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'restrict_violation';
  END IF;
  IF OLD.withdrawn_at IS NOT NULL OR (to_jsonb(OLD) - marks) <> (to_jsonb(NEW) - marks) THEN
    RAISE EXCEPTION '% keeps every fact: only a withdrawal may be added, once', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END;
$$;--> statement-breakpoint
CREATE TRIGGER cancellations_withdraw_only BEFORE UPDATE OR DELETE ON "cancellations"
  FOR EACH ROW EXECUTE FUNCTION certdesk_withdraw_only();--> statement-breakpoint
CREATE TRIGGER cancellations_no_truncate BEFORE TRUNCATE ON "cancellations"
  FOR EACH STATEMENT EXECUTE FUNCTION certdesk_refuse_change();--> statement-breakpoint
CREATE TRIGGER abolitions_withdraw_only BEFORE UPDATE OR DELETE ON "abolitions"
  FOR EACH ROW EXECUTE FUNCTION certdesk_withdraw_only();--> statement-breakpoint
CREATE TRIGGER abolitions_no_truncate BEFORE TRUNCATE ON "abolitions"
  FOR EACH STATEMENT EXECUTE FUNCTION certdesk_refuse_change();
