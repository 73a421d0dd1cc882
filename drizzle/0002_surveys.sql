CREATE TABLE "survey_answer_tags" (
	"theme_id" text NOT NULL,
	"response_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "survey_answer_tags_theme_id_response_id_pk" PRIMARY KEY("theme_id","response_id")
);
--> statement-breakpoint
CREATE TABLE "survey_questions" (
	"id" text PRIMARY KEY NOT NULL,
	"survey_id" text NOT NULL,
	"page" integer NOT NULL,
	"position" integer NOT NULL,
	"kind" text NOT NULL,
	"prompt" text NOT NULL,
	"help" text,
	"required" boolean DEFAULT false NOT NULL,
	"options" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"max_choices" integer,
	"rank_count" integer,
	"faces" boolean DEFAULT false NOT NULL,
	"show_if_question_id" text,
	"show_if_value" text,
	CONSTRAINT "survey_questions_kind_known" CHECK ("survey_questions"."kind" in ('single_choice','multiple_choice','rating','yes_no','short_text','long_text','ranking')),
	CONSTRAINT "survey_questions_page_positive" CHECK ("survey_questions"."page" >= 1 and "survey_questions"."position" >= 1)
);
--> statement-breakpoint
CREATE TABLE "survey_responses" (
	"id" text PRIMARY KEY NOT NULL,
	"survey_id" text NOT NULL,
	"user_id" text,
	"device_hash" text,
	"idempotency_key" text NOT NULL,
	"respondent_type" text NOT NULL,
	"age_band" text NOT NULL,
	"answers" jsonb NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"tallied" boolean DEFAULT false NOT NULL,
	CONSTRAINT "survey_responses_type_known" CHECK ("survey_responses"."respondent_type" in ('young_person','parent_carer','unknown'))
);
--> statement-breakpoint
CREATE TABLE "survey_submission_windows" (
	"key" text PRIMARY KEY NOT NULL,
	"window_started_at" timestamp with time zone NOT NULL,
	"count" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "survey_tallies" (
	"survey_id" text NOT NULL,
	"question_id" text NOT NULL,
	"bucket" text NOT NULL,
	"respondent_type" text NOT NULL,
	"age_band" text NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "survey_tallies_survey_id_question_id_bucket_respondent_type_age_band_pk" PRIMARY KEY("survey_id","question_id","bucket","respondent_type","age_band")
);
--> statement-breakpoint
CREATE TABLE "survey_themes" (
	"id" text PRIMARY KEY NOT NULL,
	"survey_id" text NOT NULL,
	"question_id" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "surveys" (
	"id" text PRIMARY KEY NOT NULL,
	"organisation_id" text NOT NULL,
	"project_id" text NOT NULL,
	"step" integer NOT NULL,
	"title" text NOT NULL,
	"introduction" text NOT NULL,
	"next_steps" text DEFAULT '' NOT NULL,
	"audience" text NOT NULL,
	"anonymous" boolean NOT NULL,
	"equality_monitoring" boolean DEFAULT false NOT NULL,
	"equality_areas" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"opens_at" timestamp with time zone,
	"closes_at" timestamp with time zone,
	"code" text NOT NULL,
	"results_visibility" text DEFAULT 'staff' NOT NULL,
	"results_summary" text,
	"results_published_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "surveys_step_in_cycle" CHECK ("surveys"."step" between 1 and 8),
	CONSTRAINT "surveys_audience_known" CHECK ("surveys"."audience" in ('young_people','parents','anyone')),
	CONSTRAINT "surveys_status_known" CHECK ("surveys"."status" in ('draft','open','closed')),
	CONSTRAINT "surveys_results_visibility_known" CHECK ("surveys"."results_visibility" in ('staff','participants','public')),
	CONSTRAINT "surveys_dates_in_order" CHECK ("surveys"."opens_at" is null or "surveys"."closes_at" is null or "surveys"."opens_at" < "surveys"."closes_at")
);
--> statement-breakpoint
ALTER TABLE "survey_answer_tags" ADD CONSTRAINT "survey_answer_tags_theme_id_survey_themes_id_fk" FOREIGN KEY ("theme_id") REFERENCES "public"."survey_themes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_answer_tags" ADD CONSTRAINT "survey_answer_tags_response_id_survey_responses_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."survey_responses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_questions" ADD CONSTRAINT "survey_questions_survey_id_surveys_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."surveys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_survey_id_surveys_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."surveys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_tallies" ADD CONSTRAINT "survey_tallies_survey_id_surveys_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."surveys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_themes" ADD CONSTRAINT "survey_themes_survey_id_surveys_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."surveys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_themes" ADD CONSTRAINT "survey_themes_question_id_survey_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."survey_questions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "surveys" ADD CONSTRAINT "surveys_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "surveys" ADD CONSTRAINT "surveys_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "surveys" ADD CONSTRAINT "surveys_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "survey_answer_tags_response_id_index" ON "survey_answer_tags" USING btree ("response_id");--> statement-breakpoint
CREATE INDEX "survey_questions_survey_id_page_position_index" ON "survey_questions" USING btree ("survey_id","page","position");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_responses_survey_id_idempotency_key_index" ON "survey_responses" USING btree ("survey_id","idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_responses_survey_id_user_id_index" ON "survey_responses" USING btree ("survey_id","user_id") WHERE "survey_responses"."user_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "survey_responses_survey_id_device_hash_index" ON "survey_responses" USING btree ("survey_id","device_hash") WHERE "survey_responses"."device_hash" is not null;--> statement-breakpoint
CREATE INDEX "survey_responses_survey_id_submitted_at_index" ON "survey_responses" USING btree ("survey_id","submitted_at");--> statement-breakpoint
CREATE INDEX "survey_responses_untallied" ON "survey_responses" USING btree ("survey_id") WHERE not "survey_responses"."tallied";--> statement-breakpoint
CREATE UNIQUE INDEX "survey_themes_question_name_unique" ON "survey_themes" USING btree ("question_id",lower("name"));--> statement-breakpoint
CREATE INDEX "survey_themes_survey_id_index" ON "survey_themes" USING btree ("survey_id");--> statement-breakpoint
CREATE UNIQUE INDEX "surveys_code_index" ON "surveys" USING btree ("code");--> statement-breakpoint
CREATE INDEX "surveys_project_id_index" ON "surveys" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "surveys_organisation_id_status_index" ON "surveys" USING btree ("organisation_id","status");