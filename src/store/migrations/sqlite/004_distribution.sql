-- SPDX-License-Identifier: ISC
-- 004: distribution. The monitoring snippet each state portal must carry
-- (the EMC script URL), and the view counters: page views per site and
-- day, per article and day, and the visitors of the last two days as
-- salted hashes (never an IP address) for "online now" and "today".
-- Days are Vietnam days written 'YYYY-MM-DD'.

ALTER TABLE site ADD COLUMN emc_script_url TEXT NOT NULL DEFAULT '';

CREATE TABLE stat_day (
	site_id		INTEGER NOT NULL REFERENCES site(id),
	day		TEXT NOT NULL,
	views		INTEGER NOT NULL DEFAULT 0,
	visitors	INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (site_id, day)
);

CREATE TABLE stat_article_day (
	site_id		INTEGER NOT NULL REFERENCES site(id),
	article_id	INTEGER NOT NULL REFERENCES article(id),
	day		TEXT NOT NULL,
	views		INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (site_id, article_id, day)
);
CREATE INDEX stat_article_day_day ON stat_article_day(site_id, day);

-- hash: keyed BLAKE2b of address and user agent under a salt that lives
-- only in the server's memory and changes every day.
CREATE TABLE stat_visitor (
	site_id		INTEGER NOT NULL REFERENCES site(id),
	day		TEXT NOT NULL,
	hash		TEXT NOT NULL,
	last_seen	INTEGER NOT NULL,
	PRIMARY KEY (site_id, day, hash)
);
CREATE INDEX stat_visitor_seen ON stat_visitor(site_id, last_seen);
