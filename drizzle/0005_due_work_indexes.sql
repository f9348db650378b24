CREATE INDEX "customers_slack_channel" ON "customers" USING btree ("slack_channel");--> statement-breakpoint
CREATE INDEX "renewal_answers_cycle" ON "renewal_answers" USING btree ("cycle_id","answered_at");--> statement-breakpoint
CREATE INDEX "renewal_cycles_contract" ON "renewal_cycles" USING btree ("contract_id");