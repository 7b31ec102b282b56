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
-- ("a" AND ("b"* OR "c")) into the equivalent tsquery.
--
-- Ranking is FTS5's bm25 (ext/fts5/fts5_aux.c), computed the same way so
-- both backends order results alike (the text of ST_SEARCH_CANDIDATES in
-- src/store/pg.c): for each phrase of the expression, in order and with
-- repeats, IDF = ln((N - n + 0.5) / (n + 0.5)) (1e-6 if not positive; N
-- rows in the index, n rows holding the phrase) times
-- f * (k1 + 1) / (f + k1 * (1 - b + b * D / avgdl)), k1 = 1.2, b = 0.75,
-- f the phrase's occurrences in the row weighted per column, D the row's
-- terms, avgdl their mean over the index; the score is minus the sum.
-- N and the term total are kept in search_stats, D in search_doc.nterms.

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
	tsv		TSVECTOR NOT NULL DEFAULT '',
	nterms		BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX search_doc_site ON search_doc(site_id, published_at);
CREATE INDEX search_doc_tsv ON search_doc USING GIN (tsv);

-- A term string as an array, as FTS5's ascii tokenizer splits it.
CREATE FUNCTION cong_terms(terms TEXT) RETURNS TEXT[]
LANGUAGE sql IMMUTABLE STRICT AS $$
	SELECT array_remove(string_to_array(terms, ' '), '')
$$;

-- Terms of one column as a tsvector, positions from first + 1 (capped
-- at 16383, PostgreSQL's largest position), all with weight w.
CREATE FUNCTION cong_terms_tsv(terms TEXT, first INTEGER, w "char")
RETURNS TSVECTOR LANGUAGE sql IMMUTABLE STRICT AS $$
	SELECT coalesce(setweight(string_agg(
	    '''' || replace(t, '''', '''''') || ''':' ||
	    least(first + n, 16383), ' ')::tsvector, w), ''::tsvector)
	FROM unnest(cong_terms(terms)) WITH ORDINALITY AS u(t, n)
$$;

CREATE FUNCTION cong_search_doc_tsv() RETURNS TRIGGER LANGUAGE plpgsql AS $$
DECLARE
	nt INTEGER := cardinality(cong_terms(NEW.title_terms));
	nl INTEGER := cardinality(cong_terms(NEW.lead_terms));
	nb INTEGER := cardinality(cong_terms(NEW.body_terms));
BEGIN
	NEW.tsv := cong_terms_tsv(NEW.title_terms, 0, 'A') ||
	    cong_terms_tsv(NEW.lead_terms, nt + 1, 'B') ||
	    cong_terms_tsv(NEW.body_terms, nt + nl + 2, 'C');
	NEW.nterms := nt + nl + nb;
	RETURN NEW;
END
$$;

CREATE TRIGGER search_doc_tsv BEFORE INSERT OR UPDATE ON search_doc
	FOR EACH ROW EXECUTE FUNCTION cong_search_doc_tsv();

-- The index's size for bm25: rows and terms, like FTS5's totals.
CREATE TABLE search_stats (
	id		BIGINT PRIMARY KEY CHECK (id = 1),
	nrow		BIGINT NOT NULL,
	nterms		BIGINT NOT NULL
);
INSERT INTO search_stats VALUES (1, 0, 0);

CREATE FUNCTION cong_search_stats() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		UPDATE search_stats SET nrow = nrow - 1,
		    nterms = nterms - OLD.nterms WHERE id = 1;
	END IF;
	IF TG_OP IN ('UPDATE', 'INSERT') THEN
		UPDATE search_stats SET nrow = nrow + 1,
		    nterms = nterms + NEW.nterms WHERE id = 1;
	END IF;
	RETURN NULL;
END
$$;

CREATE TRIGGER search_doc_stats AFTER INSERT OR UPDATE OR DELETE
	ON search_doc FOR EACH ROW EXECUTE FUNCTION cong_search_stats();

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
			words := cong_terms(m[1]);
			IF cardinality(words) = 0 THEN
				RAISE EXCEPTION 'empty phrase in %', q;
			END IF;
			item := '';
			FOR i IN 1 .. cardinality(words) LOOP
				item := item || CASE WHEN i > 1 THEN ' <-> '
				    ELSE '' END || '''' ||
				    replace(words[i], '''', '''''') || '''' ||
				    CASE WHEN i = cardinality(words) AND
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

-- The phrases of a MATCH expression in order, repeats kept: n, its
-- terms, and whether the last one is a prefix.
CREATE FUNCTION cong_fts_phrases(q TEXT)
RETURNS TABLE (n INTEGER, words TEXT[], prefix BOOLEAN)
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
	m TEXT[];
BEGIN
	n := 0;
	FOR m IN SELECT r FROM regexp_matches(q, '"([^"]*)"(\*?)', 'g') AS r
	LOOP
		n := n + 1;
		words := cong_terms(m[1]);
		prefix := m[2] = '*';
		RETURN NEXT;
	END LOOP;
END
$$;

-- A phrase as a tsquery: 'a' <-> 'b':*.
CREATE FUNCTION cong_phrase_tsquery(words TEXT[], prefix BOOLEAN)
RETURNS TSQUERY LANGUAGE sql IMMUTABLE STRICT AS $$
	SELECT string_agg('''' || replace(w, '''', '''''') || '''' ||
	    CASE WHEN prefix AND i = cardinality(words) THEN ':*' ELSE '' END,
	    ' <-> ' ORDER BY i)::tsquery
	FROM unnest(words) WITH ORDINALITY AS u(w, i)
$$;

-- Occurrences of a phrase in a term array (a prefix on its last term).
CREATE FUNCTION cong_phrase_count(words TEXT[], prefix BOOLEAN, arr TEXT[])
RETURNS INTEGER LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
	k INTEGER := cardinality(words);
	hits INTEGER := 0;
	i INTEGER;
	j INTEGER;
	ok BOOLEAN;
BEGIN
	IF k = 1 AND NOT prefix THEN
		RETURN cardinality(array_positions(arr, words[1]));
	END IF;
	FOR i IN 1 .. cardinality(arr) - k + 1 LOOP
		ok := true;
		FOR j IN 1 .. k LOOP
			IF j = k AND prefix THEN
				ok := left(arr[i + j - 1], length(words[j])) =
				    words[j];
			ELSE
				ok := arr[i + j - 1] = words[j];
			END IF;
			EXIT WHEN NOT ok;
		END LOOP;
		IF ok THEN
			hits := hits + 1;
		END IF;
	END LOOP;
	RETURN hits;
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
