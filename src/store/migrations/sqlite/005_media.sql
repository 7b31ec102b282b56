-- SPDX-License-Identifier: ISC
-- 005: media variants and the library. An image is stored re-encoded: its
-- row's file is the canonical "full" JPEG (hash[0:32].jpg, at most 2400 px
-- a side, no metadata), and "variants" lists, space-separated and
-- ascending, the widths of the responsive copies made beside it, each as
-- hash[0:32]-WIDTH.jpg and hash[0:32]-WIDTH.webp. Documents have none.
-- orig_name holds the sanitised display name of the upload.

ALTER TABLE media ADD COLUMN variants TEXT NOT NULL DEFAULT '';
CREATE INDEX media_site_recent ON media(site_id, created_at DESC, id DESC);
