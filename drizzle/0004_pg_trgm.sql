-- Trigram matching for text search that ignores diacritics (search_text is folded already).
-- In the public schema so every schema on the search path (tests use one each) finds it.
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
