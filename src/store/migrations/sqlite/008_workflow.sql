-- SPDX-License-Identifier: ISC
-- 008: the editorial workflow (content/workflow.h). The article row stays
-- what the public site reads; these columns carry the workflow around it:
-- owner, the login of the account that wrote it ("my drafts"); a draft
-- with a review_note is one returned by an editor with that comment;
-- change_note/change_note_at, the public correction note of the last
-- approved edition ("Cập nhật lúc …"); gone_reason and replaced_by, why an
-- unpublished article is gone (410 page) or where it went (301).
ALTER TABLE article ADD COLUMN owner TEXT NOT NULL DEFAULT '';
ALTER TABLE article ADD COLUMN review_note TEXT NOT NULL DEFAULT '';
ALTER TABLE article ADD COLUMN change_note TEXT NOT NULL DEFAULT '';
ALTER TABLE article ADD COLUMN change_note_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE article ADD COLUMN gone_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE article ADD COLUMN replaced_by TEXT NOT NULL DEFAULT '';
CREATE INDEX article_owner ON article(site_id, owner, status);

-- A published (or scheduled) article being corrected: the new edition
-- waits here, as the article's content in revision JSON, until an
-- approver publishes it; the live row is untouched until then. At most
-- one pending edition per article. status is the edition's own: draft
-- (review_note set when returned) or submitted.
CREATE TABLE article_edition (
	article_id	INTEGER NOT NULL PRIMARY KEY REFERENCES article(id),
	site_id		INTEGER NOT NULL REFERENCES site(id),
	status		TEXT NOT NULL CHECK (status IN ('draft', 'submitted')),
	content_json	TEXT NOT NULL,
	actor		TEXT NOT NULL,
	review_note	TEXT NOT NULL DEFAULT '',
	updated_at	INTEGER NOT NULL
);
CREATE INDEX article_edition_site ON article_edition(site_id, status);
