-- SPDX-License-Identifier: ISC
-- 002: the change log. Every content write adds a row naming the cache
-- tags of what it changed ("a12 c3 s1"), in the same transaction; every
-- server node reads new rows and drops those pages from its cache, so
-- writes by another process (cong import) or another node are seen too.

CREATE TABLE change_log (
	id		INTEGER PRIMARY KEY,
	site_id		INTEGER NOT NULL REFERENCES site(id),
	at		INTEGER NOT NULL,
	tags		TEXT NOT NULL
);
