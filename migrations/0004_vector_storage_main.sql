-- Vectors inline with their row. pgvector's type defaults to EXTERNAL storage, and a chunk row (text, tsvector and a
-- 384-d vector of 1.5 kB) is over the 2 kB toast threshold, so every chunk vector lived in the TOAST table and each
-- exact distance paid a TOAST index lookup and fetch. MAIN makes the toaster move the text columns out first and keep
-- the vector in the heap tuple (still moved out as a last resort when a very large vector cannot fit, so no dimension
-- is refused). Exact rankings are what the vector leg runs for selective filters, small collections and its
-- fallback. Measured on the 1M bench database, 200k chunks copied into two tables that differ only in this setting
-- (scripts/bench/vector-storage-experiment.sql, warm): exact ranking of a 1 % filter 2.9 ms against 10.2 ms, exact
-- scan of all 200k 72 ms against 428–437 ms; inserting the 200k rows 8.5 s both, HNSW build of 50k 52.0 s against
-- 52.8 s (the HNSW graph keeps its own copy of every vector).
-- Applies to rows written from now on; rows already stored keep their layout until rewritten (VACUUM FULL chunks).
ALTER TABLE "chunks" ALTER COLUMN "embedding" SET STORAGE MAIN;
--> statement-breakpoint
ALTER TABLE "questions" ALTER COLUMN "embedding" SET STORAGE MAIN;
--> statement-breakpoint
ALTER TABLE "answer_cache" ALTER COLUMN "embedding" SET STORAGE MAIN;
