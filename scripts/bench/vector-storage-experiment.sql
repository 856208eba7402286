-- Where a chunk's vector is stored, and what it costs (migration 0004). Run against a kept bench database:
--   npm run bench -- --size 1m --keep   (or 100k), then
--   psql -d ragway_bench_1m -f scripts/bench/vector-storage-experiment.sql
-- Copies 200k chunks into two scratch tables that differ only in the vector column's storage, EXTERNAL (pgvector's
-- type default, what chunks had before 0004: the vector always in the TOAST table) and MAIN (inline unless it cannot
-- fit), then times the same statements on each, alternating, and drops the tables.
\timing on
SET maintenance_work_mem = '1GB';
SET max_parallel_maintenance_workers = 0;
DROP TABLE IF EXISTS storage_external, storage_main, storage_external_50k, storage_main_50k;
CREATE TABLE storage_external (id uuid, content text, metadata jsonb, tsv tsvector, embedding vector);
ALTER TABLE storage_external ALTER COLUMN embedding SET STORAGE EXTERNAL;
CREATE TABLE storage_main (LIKE storage_external);
ALTER TABLE storage_main ALTER COLUMN embedding SET STORAGE MAIN;
CREATE TEMP TABLE source AS SELECT id, content, metadata, tsv, embedding FROM chunks LIMIT 200000;
INSERT INTO storage_external SELECT * FROM source;
INSERT INTO storage_main SELECT * FROM source;
CREATE INDEX ON storage_external USING gin (metadata jsonb_path_ops);
CREATE INDEX ON storage_main USING gin (metadata jsonb_path_ops);
VACUUM ANALYZE storage_external;
VACUUM ANALYZE storage_main;
SELECT relname, pg_size_pretty(pg_relation_size(oid)) AS heap, pg_size_pretty(pg_relation_size(reltoastrelid)) AS toast
FROM pg_class WHERE relname IN ('storage_external', 'storage_main');

SELECT embedding::text AS q FROM source WHERE metadata @> '{"bucket": 7}' LIMIT 1 \gset
\echo 'exact ranking of a 1 % filter (external, main, twice)'
SELECT id FROM storage_external WHERE metadata @> '{"bucket": 8}' ORDER BY embedding <=> :'q'::vector LIMIT 40 \g /dev/null
SELECT id FROM storage_main WHERE metadata @> '{"bucket": 8}' ORDER BY embedding <=> :'q'::vector LIMIT 40 \g /dev/null
SELECT id FROM storage_external WHERE metadata @> '{"bucket": 8}' ORDER BY embedding <=> :'q'::vector LIMIT 40 \g /dev/null
SELECT id FROM storage_main WHERE metadata @> '{"bucket": 8}' ORDER BY embedding <=> :'q'::vector LIMIT 40 \g /dev/null
\echo 'exact scan of all rows (external, main, twice)'
SELECT id FROM storage_external ORDER BY embedding <=> :'q'::vector LIMIT 40 \g /dev/null
SELECT id FROM storage_main ORDER BY embedding <=> :'q'::vector LIMIT 40 \g /dev/null
SELECT id FROM storage_external ORDER BY embedding <=> :'q'::vector LIMIT 40 \g /dev/null
SELECT id FROM storage_main ORDER BY embedding <=> :'q'::vector LIMIT 40 \g /dev/null
\echo 'HNSW build over 50k rows, the chunk index parameters (external, main)'
CREATE TABLE storage_external_50k AS SELECT * FROM storage_external LIMIT 50000;
CREATE TABLE storage_main_50k (LIKE storage_main INCLUDING STORAGE);
INSERT INTO storage_main_50k SELECT * FROM storage_main LIMIT 50000;
CREATE INDEX ON storage_external_50k USING hnsw ((embedding::vector(384)) vector_cosine_ops) WITH (m = 32, ef_construction = 128);
CREATE INDEX ON storage_main_50k USING hnsw ((embedding::vector(384)) vector_cosine_ops) WITH (m = 32, ef_construction = 128);
DROP TABLE storage_external, storage_main, storage_external_50k, storage_main_50k;
