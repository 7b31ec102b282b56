-- SPDX-License-Identifier: ISC
-- 001: sites, categories, media, articles, revisions, audit.
-- Every content row carries its site. Times are unix seconds, UTC.
-- Text is NFC UTF-8; columns ending in _html hold sanitized HTML.

CREATE TABLE site (
	id		INTEGER PRIMARY KEY,
	host		TEXT NOT NULL UNIQUE,	-- lower-case Host header
	name		TEXT NOT NULL,
	short_name	TEXT NOT NULL DEFAULT '',
	agency		TEXT NOT NULL DEFAULT '',
	address		TEXT NOT NULL DEFAULT '',
	phone		TEXT NOT NULL DEFAULT '',
	fax		TEXT NOT NULL DEFAULT '',
	email		TEXT NOT NULL DEFAULT '',
	editor		TEXT NOT NULL DEFAULT '',
	licence		TEXT NOT NULL DEFAULT '',
	kind		TEXT NOT NULL DEFAULT 'portal'
			CHECK (kind IN ('portal', 'component', 'archive')),
	parent_id	INTEGER REFERENCES site(id),
	is_default	INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
	menu_json	TEXT NOT NULL DEFAULT '[]',
	created_at	INTEGER NOT NULL
);
CREATE UNIQUE INDEX site_one_default ON site(is_default) WHERE is_default = 1;

CREATE TABLE site_alias (
	host		TEXT PRIMARY KEY,
	site_id		INTEGER NOT NULL REFERENCES site(id) ON DELETE CASCADE
);

CREATE TABLE category (
	id		INTEGER PRIMARY KEY,
	site_id		INTEGER NOT NULL REFERENCES site(id),
	parent_id	INTEGER REFERENCES category(id),
	slug		TEXT NOT NULL,
	name		TEXT NOT NULL,
	sort		INTEGER NOT NULL DEFAULT 0,
	UNIQUE (site_id, slug),
	UNIQUE (site_id, id)
);

CREATE TABLE media (
	id		INTEGER PRIMARY KEY,
	site_id		INTEGER NOT NULL REFERENCES site(id),
	hash		TEXT NOT NULL,		-- sha256 of the bytes, hex
	file		TEXT NOT NULL,		-- stored name: hash[0:32].ext
	orig_name	TEXT NOT NULL DEFAULT '',
	mime		TEXT NOT NULL,
	bytes		INTEGER NOT NULL,
	width		INTEGER NOT NULL DEFAULT 0,
	height		INTEGER NOT NULL DEFAULT 0,
	caption		TEXT NOT NULL DEFAULT '',
	alt		TEXT NOT NULL DEFAULT '',
	created_at	INTEGER NOT NULL,
	UNIQUE (site_id, hash)
);

CREATE TABLE article (
	id		INTEGER PRIMARY KEY,
	site_id		INTEGER NOT NULL REFERENCES site(id),
	category_id	INTEGER NOT NULL,
	slug		TEXT NOT NULL,
	title		TEXT NOT NULL,
	lead		TEXT NOT NULL DEFAULT '',
	body_html	TEXT NOT NULL DEFAULT '',
	author		TEXT NOT NULL DEFAULT '',
	source		TEXT NOT NULL DEFAULT '',
	status		TEXT NOT NULL DEFAULT 'draft'
			CHECK (status IN ('draft', 'submitted', 'approved',
			    'published', 'unpublished')),
	featured	INTEGER NOT NULL DEFAULT 0 CHECK (featured IN (0, 1)),
	published_at	INTEGER,
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL,
	cover_media_id	INTEGER REFERENCES media(id),
	cover_caption	TEXT NOT NULL DEFAULT '',
	cover_alt	TEXT NOT NULL DEFAULT '',
	views		INTEGER NOT NULL DEFAULT 0,
	import_key	TEXT,
	FOREIGN KEY (site_id, category_id) REFERENCES category(site_id, id),
	UNIQUE (site_id, slug),
	UNIQUE (site_id, import_key)
);
CREATE INDEX article_site_pub ON article(site_id, status, published_at DESC);
CREATE INDEX article_cat_pub ON article(site_id, category_id, status,
    published_at DESC);

-- Every change to an article keeps its full content.
CREATE TABLE revision (
	id		INTEGER PRIMARY KEY,
	site_id		INTEGER NOT NULL REFERENCES site(id),
	article_id	INTEGER NOT NULL REFERENCES article(id),
	actor		TEXT NOT NULL,
	at		INTEGER NOT NULL,
	content_json	TEXT NOT NULL
);
CREATE INDEX revision_article ON revision(article_id, id);

-- Every state change, written in the same transaction as the change.
CREATE TABLE audit (
	id		INTEGER PRIMARY KEY,
	site_id		INTEGER NOT NULL REFERENCES site(id),
	at		INTEGER NOT NULL,
	actor		TEXT NOT NULL,
	action		TEXT NOT NULL,
	object		TEXT NOT NULL,
	detail		TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_site ON audit(site_id, id);
