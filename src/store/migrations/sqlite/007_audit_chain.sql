-- SPDX-License-Identifier: ISC
-- 007: the audit log becomes a hash chain (content/audit.h). Each row
-- keeps the hash of the row before it and its own hash, SHA-256 over
-- the previous hash and the row's fields in a canonical encoding, both
-- as 64 lower-case hex digits; the first row's prev_hash is 64 zeros.
-- Rows are only ever inserted (no statement updates or deletes them);
-- an edit of a past row breaks the chain and `cong check` names it.
ALTER TABLE audit ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN hash TEXT NOT NULL DEFAULT '';
-- rows still to be sealed (written with the plain insert): found by the
-- next append without scanning the table
CREATE INDEX audit_unsealed ON audit(id) WHERE hash = '';
