ALTER TABLE "bm25_postings" ADD COLUMN "impact" double precision DEFAULT 'Infinity'::double precision NOT NULL;--> statement-breakpoint
ALTER TABLE "collections" ADD COLUMN "bm25_avgdl_ref" double precision DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "bm25_postings_impact_idx" ON "bm25_postings" USING btree ("collection_id","term","impact" DESC NULLS LAST,"chunk_id","tf","dl");