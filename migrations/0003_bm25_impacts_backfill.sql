-- Postings written before impacts existed: freeze each collection's reference average chunk length, then compute
-- every such posting's impact bound with it (the same formula as src/db/bm25-stats.ts). Until this runs, the
-- column default (+Infinity) keeps those postings always-read, so early termination stays exact meanwhile.
UPDATE "collections" SET "bm25_avgdl_ref" = "total_term_count"::double precision / "chunk_count"
WHERE "chunk_count" > 0 AND "bm25_avgdl_ref" = 0;
--> statement-breakpoint
UPDATE "bm25_postings" p SET "impact" = p."tf" * (c."bm25_k1" + 1)
  / (p."tf" + c."bm25_k1" * (1 - c."bm25_b" + c."bm25_b" * p."dl" / c."bm25_avgdl_ref"))
FROM "collections" c
WHERE c."id" = p."collection_id" AND c."bm25_avgdl_ref" > 0 AND p."impact" = 'Infinity'::double precision;
