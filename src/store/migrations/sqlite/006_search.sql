-- SPDX-License-Identifier: ISC
-- 006: the search index and the slug history.
-- search_doc holds, per published article, the plain text a result shows
-- (title, lead, body with captions and author) and the term strings our
-- own tokenizer made of it (src/search/text.c): folded and exact
-- syllables, adjacent syllable pairs and document numbers, separated by
-- spaces. search_fts indexes only those term strings (external content,
-- kept in step by the triggers below); PostgreSQL indexes the same
-- columns with to_tsvector('simple', ...). Rows are written by
-- search_index_article() in the same transaction as the article.
-- Existing articles are indexed by search_backfill() when `cong serve`
-- starts and finds published articles missing from search_doc.

CREATE TABLE search_doc (
	article_id	INTEGER PRIMARY KEY REFERENCES article(id)
			ON DELETE CASCADE,
	site_id		INTEGER NOT NULL REFERENCES site(id),
	category_id	INTEGER NOT NULL,
	published_at	INTEGER NOT NULL,
	title		TEXT NOT NULL,
	lead		TEXT NOT NULL,
	body		TEXT NOT NULL,
	title_terms	TEXT NOT NULL,
	lead_terms	TEXT NOT NULL,
	body_terms	TEXT NOT NULL
);
CREATE INDEX search_doc_site ON search_doc(site_id, published_at);

-- The ascii tokenizer splits on ASCII punctuation and spaces only, keeps
-- every non-ASCII byte (the exact, accented terms) and '_' (pairs and
-- document numbers) inside tokens; terms arrive lower-cased already.
CREATE VIRTUAL TABLE search_fts USING fts5(
	title_terms, lead_terms, body_terms,
	content = 'search_doc', content_rowid = 'article_id',
	tokenize = "ascii tokenchars '_'",
	prefix = '2 3', detail = column
);

CREATE TRIGGER search_doc_ai AFTER INSERT ON search_doc BEGIN
	INSERT INTO search_fts (rowid, title_terms, lead_terms, body_terms)
	VALUES (new.article_id, new.title_terms, new.lead_terms,
	    new.body_terms);
END;
CREATE TRIGGER search_doc_ad AFTER DELETE ON search_doc BEGIN
	INSERT INTO search_fts (search_fts, rowid, title_terms, lead_terms,
	    body_terms) VALUES ('delete', old.article_id, old.title_terms,
	    old.lead_terms, old.body_terms);
END;
CREATE TRIGGER search_doc_au AFTER UPDATE ON search_doc BEGIN
	INSERT INTO search_fts (search_fts, rowid, title_terms, lead_terms,
	    body_terms) VALUES ('delete', old.article_id, old.title_terms,
	    old.lead_terms, old.body_terms);
	INSERT INTO search_fts (rowid, title_terms, lead_terms, body_terms)
	VALUES (new.article_id, new.title_terms, new.lead_terms,
	    new.body_terms);
END;

-- Slugs an article had before a title change, answered with a 301.
CREATE TABLE article_old_slug (
	site_id		INTEGER NOT NULL REFERENCES site(id),
	slug		TEXT NOT NULL,
	article_id	INTEGER NOT NULL REFERENCES article(id)
			ON DELETE CASCADE,
	changed_at	INTEGER NOT NULL,
	PRIMARY KEY (site_id, slug)
);
