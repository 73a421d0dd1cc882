ALTER TABLE "panel_members" DROP CONSTRAINT "panel_members_user_id_users_id_fk";
--> statement-breakpoint
ALTER TABLE "panel_members" ADD CONSTRAINT "panel_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;