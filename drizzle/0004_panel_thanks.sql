ALTER TABLE "panels" ADD COLUMN "thanks_message" text;--> statement-breakpoint
ALTER TABLE "panels" ADD COLUMN "thanked_at" timestamp with time zone;