CREATE TABLE "awards" (
	"tender_id" text PRIMARY KEY NOT NULL,
	"winning_bid_id" text NOT NULL,
	"value_pence" bigint NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"decided_on" date NOT NULL,
	"approved_by" text NOT NULL,
	"rationale" text NOT NULL,
	"decided_by" text,
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "awards_dates_in_order" CHECK ("awards"."starts_on" < "awards"."ends_on"),
	CONSTRAINT "awards_value_positive" CHECK ("awards"."value_pence" > 0)
);
--> statement-breakpoint
CREATE TABLE "bid_answers" (
	"id" text PRIMARY KEY NOT NULL,
	"bid_id" text NOT NULL,
	"criterion_id" text NOT NULL,
	"answer_text" text NOT NULL,
	"anonymised_text" text,
	"explanation" text
);
--> statement-breakpoint
CREATE TABLE "bid_identities" (
	"bid_id" text PRIMARY KEY NOT NULL,
	"bidder_name" text NOT NULL,
	"contact_name" text DEFAULT '' NOT NULL,
	"contact_email" text DEFAULT '' NOT NULL,
	"contact_phone" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bids" (
	"id" text PRIMARY KEY NOT NULL,
	"tender_id" text NOT NULL,
	"label" text NOT NULL,
	"price_pence" bigint,
	"released_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bids_price_positive" CHECK ("bids"."price_pence" is null or "bids"."price_pence" > 0)
);
--> statement-breakpoint
CREATE TABLE "moderations" (
	"id" text PRIMARY KEY NOT NULL,
	"bid_id" text NOT NULL,
	"criterion_id" text NOT NULL,
	"score" integer NOT NULL,
	"rationale" text NOT NULL,
	"moderated_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "panel_members" (
	"id" text PRIMARY KEY NOT NULL,
	"panel_id" text NOT NULL,
	"user_id" text NOT NULL,
	"status" text DEFAULT 'invited' NOT NULL,
	"confidentiality_accepted_at" timestamp with time zone,
	"declared_at" timestamp with time zone,
	"interest" text,
	"decision" text,
	"decision_note" text,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "panel_members_status_known" CHECK ("panel_members"."status" in ('invited','active','interest_declared','removed'))
);
--> statement-breakpoint
CREATE TABLE "panel_questions" (
	"id" text PRIMARY KEY NOT NULL,
	"panel_id" text NOT NULL,
	"position" integer NOT NULL,
	"question" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "panel_scores" (
	"id" text PRIMARY KEY NOT NULL,
	"panel_member_id" text NOT NULL,
	"bid_id" text NOT NULL,
	"criterion_id" text NOT NULL,
	"score" integer NOT NULL,
	"comment" text,
	"submitted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "panels" (
	"id" text PRIMARY KEY NOT NULL,
	"tender_id" text NOT NULL,
	"section_id" text NOT NULL,
	"quorum" integer NOT NULL,
	"opens_at" timestamp with time zone,
	"closes_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "panels_quorum_positive" CHECK ("panels"."quorum" >= 1)
);
--> statement-breakpoint
CREATE TABLE "presentations" (
	"id" text PRIMARY KEY NOT NULL,
	"bid_id" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"place" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "questions_asked" (
	"question_id" text NOT NULL,
	"presentation_id" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tender_criteria" (
	"id" text PRIMARY KEY NOT NULL,
	"tender_id" text NOT NULL,
	"section_id" text NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"guidance" text DEFAULT '' NOT NULL,
	"weight_hundredths" integer NOT NULL,
	"price" boolean DEFAULT false NOT NULL,
	"presentation" boolean DEFAULT false NOT NULL,
	CONSTRAINT "tender_criteria_weight_positive" CHECK ("tender_criteria"."weight_hundredths" > 0 and "tender_criteria"."weight_hundredths" <= 10000)
);
--> statement-breakpoint
CREATE TABLE "tender_sections" (
	"id" text PRIMARY KEY NOT NULL,
	"tender_id" text NOT NULL,
	"name" text NOT NULL,
	"about" text DEFAULT '' NOT NULL,
	"position" integer NOT NULL,
	"audience" text DEFAULT 'staff' NOT NULL,
	CONSTRAINT "tender_sections_audience_known" CHECK ("tender_sections"."audience" in ('young_people','parents','staff'))
);
--> statement-breakpoint
CREATE TABLE "tenders" (
	"id" text PRIMARY KEY NOT NULL,
	"organisation_id" text NOT NULL,
	"project_id" text NOT NULL,
	"title" text NOT NULL,
	"reference" text NOT NULL,
	"published_on" date,
	"closes_on" date,
	"contract_value_pence" bigint NOT NULL,
	"contract_months" integer NOT NULL,
	"scale_min" integer DEFAULT 0 NOT NULL,
	"scale_max" integer DEFAULT 5 NOT NULL,
	"scale_descriptors" jsonb NOT NULL,
	"status" text DEFAULT 'setup' NOT NULL,
	"scoring_published_at" timestamp with time zone,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tenders_status_known" CHECK ("tenders"."status" in ('setup','evaluating','moderating','finalised','awarded')),
	CONSTRAINT "tenders_scale_sane" CHECK ("tenders"."scale_min" >= 0 and "tenders"."scale_max" > "tenders"."scale_min" and "tenders"."scale_max" <= 10),
	CONSTRAINT "tenders_money_positive" CHECK ("tenders"."contract_value_pence" >= 0 and "tenders"."contract_months" > 0)
);
--> statement-breakpoint
ALTER TABLE "awards" ADD CONSTRAINT "awards_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "awards" ADD CONSTRAINT "awards_winning_bid_id_bids_id_fk" FOREIGN KEY ("winning_bid_id") REFERENCES "public"."bids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "awards" ADD CONSTRAINT "awards_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bid_answers" ADD CONSTRAINT "bid_answers_bid_id_bids_id_fk" FOREIGN KEY ("bid_id") REFERENCES "public"."bids"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bid_answers" ADD CONSTRAINT "bid_answers_criterion_id_tender_criteria_id_fk" FOREIGN KEY ("criterion_id") REFERENCES "public"."tender_criteria"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bid_identities" ADD CONSTRAINT "bid_identities_bid_id_bids_id_fk" FOREIGN KEY ("bid_id") REFERENCES "public"."bids"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bids" ADD CONSTRAINT "bids_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "moderations" ADD CONSTRAINT "moderations_bid_id_bids_id_fk" FOREIGN KEY ("bid_id") REFERENCES "public"."bids"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "moderations" ADD CONSTRAINT "moderations_criterion_id_tender_criteria_id_fk" FOREIGN KEY ("criterion_id") REFERENCES "public"."tender_criteria"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "moderations" ADD CONSTRAINT "moderations_moderated_by_users_id_fk" FOREIGN KEY ("moderated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_members" ADD CONSTRAINT "panel_members_panel_id_panels_id_fk" FOREIGN KEY ("panel_id") REFERENCES "public"."panels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_members" ADD CONSTRAINT "panel_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_members" ADD CONSTRAINT "panel_members_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_questions" ADD CONSTRAINT "panel_questions_panel_id_panels_id_fk" FOREIGN KEY ("panel_id") REFERENCES "public"."panels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_questions" ADD CONSTRAINT "panel_questions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_scores" ADD CONSTRAINT "panel_scores_panel_member_id_panel_members_id_fk" FOREIGN KEY ("panel_member_id") REFERENCES "public"."panel_members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_scores" ADD CONSTRAINT "panel_scores_bid_id_bids_id_fk" FOREIGN KEY ("bid_id") REFERENCES "public"."bids"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_scores" ADD CONSTRAINT "panel_scores_criterion_id_tender_criteria_id_fk" FOREIGN KEY ("criterion_id") REFERENCES "public"."tender_criteria"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panels" ADD CONSTRAINT "panels_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panels" ADD CONSTRAINT "panels_section_id_tender_sections_id_fk" FOREIGN KEY ("section_id") REFERENCES "public"."tender_sections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "presentations" ADD CONSTRAINT "presentations_bid_id_bids_id_fk" FOREIGN KEY ("bid_id") REFERENCES "public"."bids"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questions_asked" ADD CONSTRAINT "questions_asked_question_id_panel_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."panel_questions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questions_asked" ADD CONSTRAINT "questions_asked_presentation_id_presentations_id_fk" FOREIGN KEY ("presentation_id") REFERENCES "public"."presentations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_criteria" ADD CONSTRAINT "tender_criteria_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_criteria" ADD CONSTRAINT "tender_criteria_section_id_tender_sections_id_fk" FOREIGN KEY ("section_id") REFERENCES "public"."tender_sections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_sections" ADD CONSTRAINT "tender_sections_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenders" ADD CONSTRAINT "tenders_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenders" ADD CONSTRAINT "tenders_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenders" ADD CONSTRAINT "tenders_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bid_answers_bid_id_criterion_id_index" ON "bid_answers" USING btree ("bid_id","criterion_id");--> statement-breakpoint
CREATE UNIQUE INDEX "bids_tender_id_label_index" ON "bids" USING btree ("tender_id","label");--> statement-breakpoint
CREATE UNIQUE INDEX "moderations_bid_id_criterion_id_index" ON "moderations" USING btree ("bid_id","criterion_id");--> statement-breakpoint
CREATE UNIQUE INDEX "panel_members_panel_id_user_id_index" ON "panel_members" USING btree ("panel_id","user_id");--> statement-breakpoint
CREATE INDEX "panel_members_user_id_index" ON "panel_members" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "panel_questions_panel_id_position_index" ON "panel_questions" USING btree ("panel_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "panel_scores_panel_member_id_bid_id_criterion_id_index" ON "panel_scores" USING btree ("panel_member_id","bid_id","criterion_id");--> statement-breakpoint
CREATE INDEX "panel_scores_bid_id_criterion_id_index" ON "panel_scores" USING btree ("bid_id","criterion_id");--> statement-breakpoint
CREATE UNIQUE INDEX "panels_section_id_index" ON "panels" USING btree ("section_id");--> statement-breakpoint
CREATE INDEX "panels_tender_id_index" ON "panels" USING btree ("tender_id");--> statement-breakpoint
CREATE UNIQUE INDEX "presentations_bid_id_index" ON "presentations" USING btree ("bid_id");--> statement-breakpoint
CREATE UNIQUE INDEX "questions_asked_question_id_presentation_id_index" ON "questions_asked" USING btree ("question_id","presentation_id");--> statement-breakpoint
CREATE INDEX "tender_criteria_tender_id_section_id_position_index" ON "tender_criteria" USING btree ("tender_id","section_id","position");--> statement-breakpoint
CREATE INDEX "tender_sections_tender_id_position_index" ON "tender_sections" USING btree ("tender_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "tenders_organisation_id_reference_index" ON "tenders" USING btree ("organisation_id","reference");--> statement-breakpoint
CREATE INDEX "tenders_project_id_index" ON "tenders" USING btree ("project_id");