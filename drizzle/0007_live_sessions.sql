CREATE TABLE "live_activities" (
	"id" text PRIMARY KEY NOT NULL,
	"session_id" text NOT NULL,
	"position" integer NOT NULL,
	"type" text NOT NULL,
	"prompt" text NOT NULL,
	"multiple" boolean DEFAULT false NOT NULL,
	"scale_min" smallint DEFAULT 1 NOT NULL,
	"scale_max" smallint DEFAULT 5 NOT NULL,
	"min_label" text DEFAULT '' NOT NULL,
	"max_label" text DEFAULT '' NOT NULL,
	"dots" smallint DEFAULT 3 NOT NULL,
	"max_entries" smallint DEFAULT 3 NOT NULL,
	"allow_change" boolean DEFAULT true NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"hide_until_revealed" boolean DEFAULT false NOT NULL,
	"revealed" boolean DEFAULT false NOT NULL,
	"opened_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "live_activities_type_known" CHECK ("live_activities"."type" in ('poll','rating','word_cloud','ideas','priority')),
	CONSTRAINT "live_activities_state_known" CHECK ("live_activities"."state" in ('draft','open','closed')),
	CONSTRAINT "live_activities_scale" CHECK ("live_activities"."scale_min" >= 0 and "live_activities"."scale_min" < "live_activities"."scale_max" and "live_activities"."scale_max" <= 10),
	CONSTRAINT "live_activities_dots" CHECK ("live_activities"."dots" between 1 and 20),
	CONSTRAINT "live_activities_max_entries" CHECK ("live_activities"."max_entries" between 1 and 10)
);
--> statement-breakpoint
CREATE TABLE "live_choices" (
	"response_id" text NOT NULL,
	"option_id" text NOT NULL,
	"activity_id" text NOT NULL,
	"dots" smallint DEFAULT 1 NOT NULL,
	CONSTRAINT "live_choices_response_id_option_id_pk" PRIMARY KEY("response_id","option_id"),
	CONSTRAINT "live_choices_dots" CHECK ("live_choices"."dots" between 1 and 20)
);
--> statement-breakpoint
CREATE TABLE "live_entries" (
	"id" text PRIMARY KEY NOT NULL,
	"response_id" text NOT NULL,
	"activity_id" text NOT NULL,
	"text" text NOT NULL,
	"normalised" text NOT NULL,
	"status" text NOT NULL,
	"moderated_by" text,
	"moderated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "live_entries_status_known" CHECK ("live_entries"."status" in ('shown','pending','approved','hidden'))
);
--> statement-breakpoint
CREATE TABLE "live_options" (
	"id" text PRIMARY KEY NOT NULL,
	"activity_id" text NOT NULL,
	"position" integer NOT NULL,
	"label" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "live_participants" (
	"id" text PRIMARY KEY NOT NULL,
	"session_id" text NOT NULL,
	"user_id" text,
	"token_hash" text NOT NULL,
	"nickname" text DEFAULT '' NOT NULL,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "live_responses" (
	"id" text PRIMARY KEY NOT NULL,
	"activity_id" text NOT NULL,
	"participant_id" text NOT NULL,
	"rating" smallint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "session_registrations" (
	"id" text PRIMARY KEY NOT NULL,
	"session_id" text NOT NULL,
	"user_id" text NOT NULL,
	"registered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attended_at" timestamp with time zone,
	"checked_in_by" text
);
--> statement-breakpoint
CREATE TABLE "workshop_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"organisation_id" text NOT NULL,
	"project_id" text NOT NULL,
	"step" integer NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"place" text DEFAULT '' NOT NULL,
	"online_link" text,
	"capacity" integer,
	"invite" text DEFAULT 'participants' NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"code" text NOT NULL,
	"show_nicknames" boolean DEFAULT false NOT NULL,
	"current_activity_id" text,
	"walk_ins" integer DEFAULT 0 NOT NULL,
	"hours_credited" numeric(5, 2) DEFAULT 2 NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"outputs" text DEFAULT '' NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workshop_sessions_step_range" CHECK ("workshop_sessions"."step" between 1 and 8),
	CONSTRAINT "workshop_sessions_kind_known" CHECK ("workshop_sessions"."kind" in ('workshop','focus_group','panel_meeting','stakeholder_event','storytelling')),
	CONSTRAINT "workshop_sessions_invite_known" CHECK ("workshop_sessions"."invite" in ('participants','open')),
	CONSTRAINT "workshop_sessions_status_known" CHECK ("workshop_sessions"."status" in ('planned','live','closed','cancelled')),
	CONSTRAINT "workshop_sessions_times_in_order" CHECK ("workshop_sessions"."starts_at" < "workshop_sessions"."ends_at"),
	CONSTRAINT "workshop_sessions_capacity" CHECK ("workshop_sessions"."capacity" is null or "workshop_sessions"."capacity" between 1 and 10000),
	CONSTRAINT "workshop_sessions_walk_ins" CHECK ("workshop_sessions"."walk_ins" between 0 and 10000),
	CONSTRAINT "workshop_sessions_hours" CHECK ("workshop_sessions"."hours_credited" >= 0 and "workshop_sessions"."hours_credited" <= 24)
);
--> statement-breakpoint
ALTER TABLE "live_activities" ADD CONSTRAINT "live_activities_session_id_workshop_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."workshop_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_choices" ADD CONSTRAINT "live_choices_response_id_live_responses_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."live_responses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_choices" ADD CONSTRAINT "live_choices_option_id_live_options_id_fk" FOREIGN KEY ("option_id") REFERENCES "public"."live_options"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_choices" ADD CONSTRAINT "live_choices_activity_id_live_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."live_activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_entries" ADD CONSTRAINT "live_entries_response_id_live_responses_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."live_responses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_entries" ADD CONSTRAINT "live_entries_activity_id_live_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."live_activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_entries" ADD CONSTRAINT "live_entries_moderated_by_users_id_fk" FOREIGN KEY ("moderated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_options" ADD CONSTRAINT "live_options_activity_id_live_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."live_activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_participants" ADD CONSTRAINT "live_participants_session_id_workshop_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."workshop_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_participants" ADD CONSTRAINT "live_participants_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_responses" ADD CONSTRAINT "live_responses_activity_id_live_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."live_activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_responses" ADD CONSTRAINT "live_responses_participant_id_live_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."live_participants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_registrations" ADD CONSTRAINT "session_registrations_session_id_workshop_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."workshop_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_registrations" ADD CONSTRAINT "session_registrations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_registrations" ADD CONSTRAINT "session_registrations_checked_in_by_users_id_fk" FOREIGN KEY ("checked_in_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_sessions" ADD CONSTRAINT "workshop_sessions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_sessions" ADD CONSTRAINT "workshop_sessions_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_sessions" ADD CONSTRAINT "workshop_sessions_current_activity_id_live_activities_id_fk" FOREIGN KEY ("current_activity_id") REFERENCES "public"."live_activities"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_sessions" ADD CONSTRAINT "workshop_sessions_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_sessions" ADD CONSTRAINT "workshop_sessions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "live_activities_session_id_position_index" ON "live_activities" USING btree ("session_id","position");--> statement-breakpoint
CREATE INDEX "live_choices_activity_id_index" ON "live_choices" USING btree ("activity_id");--> statement-breakpoint
CREATE INDEX "live_entries_activity_id_status_index" ON "live_entries" USING btree ("activity_id","status");--> statement-breakpoint
CREATE INDEX "live_entries_response_id_index" ON "live_entries" USING btree ("response_id");--> statement-breakpoint
CREATE INDEX "live_options_activity_id_position_index" ON "live_options" USING btree ("activity_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "live_participants_token_hash_index" ON "live_participants" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "live_participants_session_user" ON "live_participants" USING btree ("session_id","user_id") WHERE "live_participants"."user_id" is not null;--> statement-breakpoint
CREATE INDEX "live_participants_session_id_index" ON "live_participants" USING btree ("session_id");--> statement-breakpoint
CREATE UNIQUE INDEX "live_responses_activity_id_participant_id_index" ON "live_responses" USING btree ("activity_id","participant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "session_registrations_session_id_user_id_index" ON "session_registrations" USING btree ("session_id","user_id");--> statement-breakpoint
CREATE INDEX "session_registrations_user_id_index" ON "session_registrations" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "workshop_sessions_code_index" ON "workshop_sessions" USING btree ("code");--> statement-breakpoint
CREATE INDEX "workshop_sessions_project_id_index" ON "workshop_sessions" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "workshop_sessions_organisation_id_starts_at_index" ON "workshop_sessions" USING btree ("organisation_id","starts_at");