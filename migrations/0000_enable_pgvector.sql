-- pgvector must exist before the schema migration creates vector columns. It is not a trusted extension:
-- on managed or locked-down servers a superuser creates it once, and IF NOT EXISTS makes this a no-op then.
CREATE EXTENSION IF NOT EXISTS vector;
