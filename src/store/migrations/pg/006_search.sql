-- SPDX-License-Identifier: ISC
-- 006 for PostgreSQL: the search index and the slug history; the same
-- tables and columns as the SQLite file, which the statements share.
-- SQLite's FTS5 table over the term columns becomes one tsvector column,
-- search_doc.tsv, kept by a trigger and indexed with GIN. It is built
-- from the term strings as they are (split on spaces, never re-parsed:
-- no stemming, no stop words, '_' stays inside a term, the way FTS5's
-- ascii tokenizer with tokenchars '_' reads them), with each term's
-- position so phrases match adjacent terms, weights A/B/C for title,
-- lead and body, and a gap between the columns so no phrase spans two.
-- cong_fts_tsquery() turns the FTS5 MATCH expressions of search/query.c
-- ("a" AND ("b"* OR "c d")) into the equivalent tsquery.

CREATE TABLE search_doc (
	article_id	BIGINT PRIMARY KEY REFERENCES article(id)
			ON DELETE CASCADE,
	site_id		BIGINT NOT NULL REFERENCES site(id),
	category_id	BIGINT NOT NULL,
	published_at	BIGINT NOT NULL,
	title		TEXT NOT NULL,
	lead		TEXT NOT NULL,
	body		TEXT NOT NULL,
	title_terms	TEXT NOT NULL,
	lead_terms	TEXT NOT NULL,
	body_terms	TEXT NOT NULL,
	tsv		TSVECTOR NOT NULL DEFAULT ''
);
CREATE INDEX search_doc_site ON search_doc(site_id, published_at);
CREATE INDEX search_doc_tsv ON search_doc USING GIN (tsv);

-- Terms of one column as a tsvector, positions from first + 1 (capped
-- at 16383, PostgreSQL's largest position), all with weight w.
CREATE FUNCTION cong_terms_tsv(terms TEXT, first INTEGER, w "char")
RETURNS TSVECTOR LANGUAGE sql IMMUTABLE STRICT AS $$
	SELECT coalesce(setweight(string_agg(
	    '''' || replace(t, '''', '''''') || ''':' ||
	    least(first + n, 16383), ' ')::tsvector, w), ''::tsvector)
	FROM unnest(string_to_array(terms, ' ')) WITH ORDINALITY AS u(t, n)
	WHERE t <> ''
$$;

CREATE FUNCTION cong_search_doc_tsv() RETURNS TRIGGER LANGUAGE plpgsql AS $$
DECLARE
	nt INTEGER := coalesce(array_length(
	    string_to_array(NEW.title_terms, ' '), 1), 0);
	nl INTEGER := coalesce(array_length(
	    string_to_array(NEW.lead_terms, ' '), 1), 0);
BEGIN
	NEW.tsv := cong_terms_tsv(NEW.title_terms, 0, 'A') ||
	    cong_terms_tsv(NEW.lead_terms, nt + 1, 'B') ||
	    cong_terms_tsv(NEW.body_terms, nt + nl + 2, 'C');
	RETURN NEW;
END
$$;

CREATE TRIGGER search_doc_tsv BEFORE INSERT OR UPDATE ON search_doc
	FOR EACH ROW EXECUTE FUNCTION cong_search_doc_tsv();

-- "x" → 'x', "x"* → 'x':*, "a b" → ('a' <-> 'b'), AND → &, OR → |,
-- NOT → &!, parentheses kept. Anything else is refused.
CREATE FUNCTION cong_fts_tsquery(q TEXT) RETURNS TSQUERY
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
	m TEXT[];
	out TEXT := '';
	rest TEXT := q;
	words TEXT[];
	i INTEGER;
	item TEXT;
BEGIN
	LOOP
		rest := ltrim(rest);
		EXIT WHEN rest = '';
		m := regexp_match(rest, '^"([^"]*)"(\*?)');
		IF m IS NOT NULL THEN
			words := array_remove(string_to_array(m[1], ' '), '');
			IF words IS NULL OR array_length(words, 1) IS NULL THEN
				RAISE EXCEPTION 'empty phrase in %', q;
			END IF;
			item := '';
			FOR i IN 1 .. array_length(words, 1) LOOP
				item := item || CASE WHEN i > 1 THEN ' <-> '
				    ELSE '' END || '''' ||
				    replace(words[i], '''', '''''') || '''' ||
				    CASE WHEN i = array_length(words, 1) AND
				    m[2] = '*' THEN ':*' ELSE '' END;
			END LOOP;
			out := out || '(' || item || ')';
			rest := substr(rest, length(m[1]) + length(m[2]) + 3);
		ELSIF rest ~ '^AND\M' THEN
			out := out || ' & ';
			rest := substr(rest, 4);
		ELSIF rest ~ '^OR\M' THEN
			out := out || ' | ';
			rest := substr(rest, 3);
		ELSIF rest ~ '^NOT\M' THEN
			out := out || ' & !';
			rest := substr(rest, 4);
		ELSIF left(rest, 1) IN ('(', ')') THEN
			out := out || left(rest, 1);
			rest := substr(rest, 2);
		ELSE
			RAISE EXCEPTION 'cannot read match expression %', q;
		END IF;
	END LOOP;
	RETURN out::tsquery;
END
$$;

-- Slugs an article had before a title change, answered with a 301.
CREATE TABLE article_old_slug (
	site_id		BIGINT NOT NULL REFERENCES site(id),
	slug		TEXT NOT NULL,
	article_id	BIGINT NOT NULL REFERENCES article(id)
			ON DELETE CASCADE,
	changed_at	BIGINT NOT NULL,
	PRIMARY KEY (site_id, slug)
);
