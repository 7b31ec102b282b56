-- SPDX-License-Identifier: ISC
-- 003: the newsroom's accounts, their per-category rights, sessions and
-- login attempts. A user belongs to exactly one site (one newsroom per
-- site): an admin of a provincial portal who also runs a commune's site
-- has one account on each, so no session ever reaches across sites.
-- Users are never deleted, only disabled (disabled_at), so that revisions
-- and audit entries keep naming a real account.

CREATE TABLE users (
	id		INTEGER PRIMARY KEY,
	site_id		INTEGER NOT NULL REFERENCES site(id),
	login		TEXT NOT NULL,		-- lower-case [a-z0-9._-]
	display_name	TEXT NOT NULL DEFAULT '',
	role		TEXT NOT NULL CHECK (role IN ('contributor', 'editor',
			    'approver', 'admin')),
	pass_hash	TEXT NOT NULL,		-- libsodium argon2id string
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL,
	disabled_at	INTEGER,
	UNIQUE (site_id, login),
	UNIQUE (site_id, id)
);

-- If a user has any row here, their content rights hold only in these
-- categories; no row means every category of the site.
CREATE TABLE user_categories (
	site_id		INTEGER NOT NULL,
	user_id		INTEGER NOT NULL,
	category_id	INTEGER NOT NULL,
	PRIMARY KEY (user_id, category_id),
	FOREIGN KEY (site_id, user_id) REFERENCES users(site_id, id),
	FOREIGN KEY (site_id, category_id) REFERENCES category(site_id, id)
);

-- The cookie carries a random 256-bit token; only its SHA-256 is kept,
-- so a copy of the database opens no session.
CREATE TABLE sessions (
	id		INTEGER PRIMARY KEY,
	site_id		INTEGER NOT NULL,
	user_id		INTEGER NOT NULL,
	token_hash	TEXT NOT NULL UNIQUE,	-- sha256 hex of the token
	csrf		TEXT NOT NULL,		-- random, hex, per session
	created_at	INTEGER NOT NULL,
	last_seen	INTEGER NOT NULL,	-- idle expiry counts from here
	expires_at	INTEGER NOT NULL,	-- absolute expiry
	remote		TEXT NOT NULL DEFAULT '',
	flash		TEXT NOT NULL DEFAULT '',	-- one message for the next page
	FOREIGN KEY (site_id, user_id) REFERENCES users(site_id, id)
);
CREATE INDEX sessions_user ON sessions(user_id);

-- Throttling reads this table, so it holds across nodes sharing a store.
CREATE TABLE login_attempts (
	id		INTEGER PRIMARY KEY,
	site_id		INTEGER NOT NULL,
	login		TEXT NOT NULL,
	remote		TEXT NOT NULL,
	at		INTEGER NOT NULL,
	ok		INTEGER NOT NULL CHECK (ok IN (0, 1))
);
CREATE INDEX login_attempts_login ON login_attempts(site_id, login, at);
CREATE INDEX login_attempts_remote ON login_attempts(remote, at);
