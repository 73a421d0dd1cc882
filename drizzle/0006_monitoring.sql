CREATE TABLE "contracts" (
	"id" text PRIMARY KEY NOT NULL,
	"organisation_id" text NOT NULL,
	"project_id" text NOT NULL,
	"tender_id" text,
	"title" text NOT NULL,
	"provider" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"value_pence" bigint NOT NULL,
	"new_service" boolean DEFAULT true NOT NULL,
	"first_review_on" date NOT NULL,
	"review_every_months" integer DEFAULT 12 NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contracts_dates_in_order" CHECK ("contracts"."starts_on" < "contracts"."ends_on"),
	CONSTRAINT "contracts_value_positive" CHECK ("contracts"."value_pence" > 0),
	CONSTRAINT "contracts_review_interval" CHECK ("contracts"."review_every_months" between 1 and 60)
);
--> statement-breakpoint
CREATE TABLE "measure_results" (
	"measure_id" text NOT NULL,
	"period_id" text NOT NULL,
	"value" numeric(14, 2) NOT NULL,
	"rating" text NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"recorded_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "measure_results_rating_known" CHECK ("measure_results"."rating" in ('good','approaching_target','requires_improvement','inadequate'))
);
--> statement-breakpoint
CREATE TABLE "monitoring_periods" (
	"id" text PRIMARY KEY NOT NULL,
	"contract_id" text NOT NULL,
	"label" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"published_at" timestamp with time zone,
	"published_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "monitoring_periods_dates_in_order" CHECK ("monitoring_periods"."starts_on" <= "monitoring_periods"."ends_on")
);
--> statement-breakpoint
CREATE TABLE "performance_measures" (
	"id" text PRIMARY KEY NOT NULL,
	"contract_id" text NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"unit" text NOT NULL,
	"baseline" numeric(14, 2) NOT NULL,
	"target" numeric(14, 2) NOT NULL,
	"higher_is_better" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "checklist_items" (
	"id" text PRIMARY KEY NOT NULL,
	"programme_id" text NOT NULL,
	"position" integer NOT NULL,
	"theme" text NOT NULL,
	"question" text NOT NULL,
	"hint" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "checklist_items_theme_known" CHECK ("checklist_items"."theme" in ('first_contact','welcome','accessibility','information','environment','overall','recommend','other'))
);
--> statement-breakpoint
CREATE TABLE "report_ratings" (
	"report_id" text NOT NULL,
	"item_id" text NOT NULL,
	"rating" smallint,
	"comment" text DEFAULT '' NOT NULL,
	CONSTRAINT "report_ratings_on_scale" CHECK ("report_ratings"."rating" is null or "report_ratings"."rating" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "shopping_programmes" (
	"id" text PRIMARY KEY NOT NULL,
	"organisation_id" text NOT NULL,
	"contract_id" text NOT NULL,
	"title" text NOT NULL,
	"purpose" text NOT NULL,
	"contact_kind" text NOT NULL,
	"announced" boolean DEFAULT false NOT NULL,
	"announced_from" date,
	"announced_to" date,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"hours_per_visit" numeric(5, 2) DEFAULT 2 NOT NULL,
	"public_summary" text DEFAULT '' NOT NULL,
	"public_summary_published_at" timestamp with time zone,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "shopping_programmes_contact_known" CHECK ("shopping_programmes"."contact_kind" in ('visit','phone','website','email','social_media')),
	CONSTRAINT "shopping_programmes_dates_in_order" CHECK ("shopping_programmes"."starts_on" <= "shopping_programmes"."ends_on"),
	CONSTRAINT "shopping_programmes_announced_window" CHECK (("shopping_programmes"."announced" and "shopping_programmes"."announced_from" is not null and "shopping_programmes"."announced_to" is not null and "shopping_programmes"."announced_from" <= "shopping_programmes"."announced_to") or (not "shopping_programmes"."announced" and "shopping_programmes"."announced_from" is null and "shopping_programmes"."announced_to" is null)),
	CONSTRAINT "shopping_programmes_hours" CHECK ("shopping_programmes"."hours_per_visit" >= 0 and "shopping_programmes"."hours_per_visit" <= 24)
);
--> statement-breakpoint
CREATE TABLE "shopping_reports" (
	"id" text PRIMARY KEY NOT NULL,
	"visit_id" text NOT NULL,
	"shopper_id" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"visited_on" date NOT NULL,
	"went_well" text DEFAULT '' NOT NULL,
	"could_be_better" text DEFAULT '' NOT NULL,
	"other_comments" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reviewed_at" timestamp with time zone,
	"reviewed_by" text,
	"review_note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "shopping_reports_status_known" CHECK ("shopping_reports"."status" in ('submitted','approved','returned'))
);
--> statement-breakpoint
CREATE TABLE "shopping_scenarios" (
	"id" text PRIMARY KEY NOT NULL,
	"programme_id" text NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"script" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shopping_visits" (
	"id" text PRIMARY KEY NOT NULL,
	"programme_id" text NOT NULL,
	"scenario_id" text,
	"window_from" date NOT NULL,
	"window_to" date NOT NULL,
	"supervisor" text NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "shopping_visits_window_in_order" CHECK ("shopping_visits"."window_from" <= "shopping_visits"."window_to"),
	CONSTRAINT "shopping_visits_status_known" CHECK ("shopping_visits"."status" in ('planned','cancelled'))
);
--> statement-breakpoint
CREATE TABLE "visit_shoppers" (
	"visit_id" text NOT NULL,
	"user_id" text NOT NULL,
	"assigned_by" text,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contributions" (
	"id" text PRIMARY KEY NOT NULL,
	"organisation_id" text NOT NULL,
	"user_id" text,
	"project_id" text,
	"activity" text NOT NULL,
	"source_id" text NOT NULL,
	"description" text NOT NULL,
	"hours" numeric(5, 2) NOT NULL,
	"happened_on" date NOT NULL,
	"credited_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contributions_activity_known" CHECK ("contributions"."activity" in ('mystery_shopping','panel','session','other')),
	CONSTRAINT "contributions_hours" CHECK ("contributions"."hours" >= 0 and "contributions"."hours" <= 24)
);
--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_results" ADD CONSTRAINT "measure_results_measure_id_performance_measures_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."performance_measures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_results" ADD CONSTRAINT "measure_results_period_id_monitoring_periods_id_fk" FOREIGN KEY ("period_id") REFERENCES "public"."monitoring_periods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_results" ADD CONSTRAINT "measure_results_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_periods" ADD CONSTRAINT "monitoring_periods_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_periods" ADD CONSTRAINT "monitoring_periods_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "performance_measures" ADD CONSTRAINT "performance_measures_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklist_items" ADD CONSTRAINT "checklist_items_programme_id_shopping_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."shopping_programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_ratings" ADD CONSTRAINT "report_ratings_report_id_shopping_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."shopping_reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_ratings" ADD CONSTRAINT "report_ratings_item_id_checklist_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."checklist_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shopping_programmes" ADD CONSTRAINT "shopping_programmes_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shopping_programmes" ADD CONSTRAINT "shopping_programmes_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shopping_programmes" ADD CONSTRAINT "shopping_programmes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shopping_reports" ADD CONSTRAINT "shopping_reports_visit_id_shopping_visits_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."shopping_visits"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shopping_reports" ADD CONSTRAINT "shopping_reports_shopper_id_users_id_fk" FOREIGN KEY ("shopper_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shopping_reports" ADD CONSTRAINT "shopping_reports_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shopping_scenarios" ADD CONSTRAINT "shopping_scenarios_programme_id_shopping_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."shopping_programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shopping_visits" ADD CONSTRAINT "shopping_visits_programme_id_shopping_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."shopping_programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shopping_visits" ADD CONSTRAINT "shopping_visits_scenario_id_shopping_scenarios_id_fk" FOREIGN KEY ("scenario_id") REFERENCES "public"."shopping_scenarios"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shopping_visits" ADD CONSTRAINT "shopping_visits_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_shoppers" ADD CONSTRAINT "visit_shoppers_visit_id_shopping_visits_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."shopping_visits"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_shoppers" ADD CONSTRAINT "visit_shoppers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_shoppers" ADD CONSTRAINT "visit_shoppers_assigned_by_users_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contributions" ADD CONSTRAINT "contributions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contributions" ADD CONSTRAINT "contributions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contributions" ADD CONSTRAINT "contributions_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contributions" ADD CONSTRAINT "contributions_credited_by_users_id_fk" FOREIGN KEY ("credited_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contracts_project_id_index" ON "contracts" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "contracts_organisation_id_index" ON "contracts" USING btree ("organisation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "contracts_tender_id_index" ON "contracts" USING btree ("tender_id");--> statement-breakpoint
CREATE UNIQUE INDEX "measure_results_measure_id_period_id_index" ON "measure_results" USING btree ("measure_id","period_id");--> statement-breakpoint
CREATE INDEX "measure_results_period_id_index" ON "measure_results" USING btree ("period_id");--> statement-breakpoint
CREATE UNIQUE INDEX "monitoring_periods_contract_id_starts_on_index" ON "monitoring_periods" USING btree ("contract_id","starts_on");--> statement-breakpoint
CREATE INDEX "performance_measures_contract_id_position_index" ON "performance_measures" USING btree ("contract_id","position");--> statement-breakpoint
CREATE INDEX "checklist_items_programme_id_position_index" ON "checklist_items" USING btree ("programme_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "report_ratings_report_id_item_id_index" ON "report_ratings" USING btree ("report_id","item_id");--> statement-breakpoint
CREATE INDEX "report_ratings_item_id_index" ON "report_ratings" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "shopping_programmes_contract_id_index" ON "shopping_programmes" USING btree ("contract_id");--> statement-breakpoint
CREATE INDEX "shopping_programmes_organisation_id_index" ON "shopping_programmes" USING btree ("organisation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "shopping_reports_visit_id_shopper_id_index" ON "shopping_reports" USING btree ("visit_id","shopper_id");--> statement-breakpoint
CREATE INDEX "shopping_reports_shopper_id_index" ON "shopping_reports" USING btree ("shopper_id");--> statement-breakpoint
CREATE INDEX "shopping_reports_status_index" ON "shopping_reports" USING btree ("status");--> statement-breakpoint
CREATE INDEX "shopping_scenarios_programme_id_position_index" ON "shopping_scenarios" USING btree ("programme_id","position");--> statement-breakpoint
CREATE INDEX "shopping_visits_programme_id_window_from_index" ON "shopping_visits" USING btree ("programme_id","window_from");--> statement-breakpoint
CREATE UNIQUE INDEX "visit_shoppers_visit_id_user_id_index" ON "visit_shoppers" USING btree ("visit_id","user_id");--> statement-breakpoint
CREATE INDEX "visit_shoppers_user_id_index" ON "visit_shoppers" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "contributions_activity_source_id_index" ON "contributions" USING btree ("activity","source_id");--> statement-breakpoint
CREATE INDEX "contributions_user_id_index" ON "contributions" USING btree ("user_id");