CREATE INDEX "reports_category_lat_lon_idx" ON "reports" USING btree ("category_id","lat","lon");--> statement-breakpoint
CREATE INDEX "reports_created_id_idx" ON "reports" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "reports_search_text_trgm_idx" ON "reports" USING gin ("search_text" gin_trgm_ops);