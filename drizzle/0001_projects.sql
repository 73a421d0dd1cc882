CREATE TABLE "decisions" (
	"id" text PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"step" integer,
	"decided_on" date NOT NULL,
	"decision" text NOT NULL,
	"decided_by" text NOT NULL,
	"total_value_pence" bigint NOT NULL,
	"required_approver" text NOT NULL,
	"notes" text,
	"recorded_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "decommissionings" (
	"project_id" text PRIMARY KEY NOT NULL,
	"reasons" jsonb NOT NULL,
	"explanation" text NOT NULL,
	"consultation_plan" text NOT NULL,
	"provider_notice_date" date NOT NULL,
	"started_by" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "equality_actions" (
	"id" text PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"issue" text NOT NULL,
	"action" text NOT NULL,
	"lead" text NOT NULL,
	"due_date" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "equality_assessments" (
	"project_id" text PRIMARY KEY NOT NULL,
	"status" text DEFAULT 'not_started' NOT NULL,
	"summary" text,
	"review_date" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "equality_status_known" CHECK ("equality_assessments"."status" in ('not_started','in_progress','complete'))
);
--> statement-breakpoint
CREATE TABLE "equality_findings" (
	"id" text PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"characteristic" text NOT NULL,
	"findings" text,
	"data_sources" text,
	"gaps" text
);
--> statement-breakpoint
CREATE TABLE "participation_plans" (
	"id" text PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"step" integer NOT NULL,
	"activity" text NOT NULL,
	"audience" text NOT NULL,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "participation_plans_step_range" CHECK ("participation_plans"."step" between 1 and 8),
	CONSTRAINT "participation_plans_activity_known" CHECK ("participation_plans"."activity" in ('survey','workshop','panel','mystery_shopping','storytelling','other')),
	CONSTRAINT "participation_plans_audience_known" CHECK ("participation_plans"."audience" in ('young_people','parents','both'))
);
--> statement-breakpoint
CREATE TABLE "project_partners" (
	"id" text PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"name" text NOT NULL,
	"contribution" text NOT NULL,
	"contribution_pence" bigint
);
--> statement-breakpoint
CREATE TABLE "project_steps" (
	"id" text PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"step" integer NOT NULL,
	"planned_start" date,
	"planned_end" date,
	"actual_start" date,
	"actual_end" date,
	"status" text DEFAULT 'not_started' NOT NULL,
	"notes" text,
	CONSTRAINT "project_steps_step_range" CHECK ("project_steps"."step" between 1 and 8),
	CONSTRAINT "project_steps_status_known" CHECK ("project_steps"."status" in ('not_started','in_progress','done','skipped'))
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"id" text PRIMARY KEY NOT NULL,
	"organisation_id" text NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"service_area" text NOT NULL,
	"level" text NOT NULL,
	"route" text NOT NULL,
	"annual_value_pence" bigint NOT NULL,
	"contract_months" integer NOT NULL,
	"lead_officer_id" text,
	"public_contact" text,
	"status" text DEFAULT 'planned' NOT NULL,
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "projects_level_known" CHECK ("projects"."level" in ('strategic','operational','individual')),
	CONSTRAINT "projects_route_known" CHECK ("projects"."route" in ('self_delivery','partnership','procurement','grant','grant_in_kind')),
	CONSTRAINT "projects_status_known" CHECK ("projects"."status" in ('planned','active','decommissioning','closed')),
	CONSTRAINT "projects_money_positive" CHECK ("projects"."annual_value_pence" >= 0 and "projects"."contract_months" > 0)
);
--> statement-breakpoint
CREATE TABLE "you_said_we_did" (
	"id" text PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"step" integer,
	"activity" text NOT NULL,
	"source" text NOT NULL,
	"you_said" text NOT NULL,
	"we_did" text NOT NULL,
	"status" text NOT NULL,
	"decided_on" date,
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "you_said_status_known" CHECK ("you_said_we_did"."status" in ('considering','changed','not_changed'))
);
--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decommissionings" ADD CONSTRAINT "decommissionings_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decommissionings" ADD CONSTRAINT "decommissionings_started_by_users_id_fk" FOREIGN KEY ("started_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equality_actions" ADD CONSTRAINT "equality_actions_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equality_assessments" ADD CONSTRAINT "equality_assessments_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equality_findings" ADD CONSTRAINT "equality_findings_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participation_plans" ADD CONSTRAINT "participation_plans_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_partners" ADD CONSTRAINT "project_partners_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_steps" ADD CONSTRAINT "project_steps_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_lead_officer_id_users_id_fk" FOREIGN KEY ("lead_officer_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "you_said_we_did" ADD CONSTRAINT "you_said_we_did_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "decisions_project_id_decided_on_index" ON "decisions" USING btree ("project_id","decided_on");--> statement-breakpoint
CREATE INDEX "equality_actions_project_id_index" ON "equality_actions" USING btree ("project_id");--> statement-breakpoint
CREATE UNIQUE INDEX "equality_findings_project_id_characteristic_index" ON "equality_findings" USING btree ("project_id","characteristic");--> statement-breakpoint
CREATE INDEX "participation_plans_project_id_step_index" ON "participation_plans" USING btree ("project_id","step");--> statement-breakpoint
CREATE INDEX "project_partners_project_id_index" ON "project_partners" USING btree ("project_id");--> statement-breakpoint
CREATE UNIQUE INDEX "project_steps_project_id_step_index" ON "project_steps" USING btree ("project_id","step");--> statement-breakpoint
CREATE UNIQUE INDEX "projects_slug_index" ON "projects" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "projects_organisation_id_status_index" ON "projects" USING btree ("organisation_id","status");--> statement-breakpoint
CREATE INDEX "you_said_we_did_project_id_index" ON "you_said_we_did" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "you_said_we_did_published_at_index" ON "you_said_we_did" USING btree ("published_at");