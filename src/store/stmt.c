/* SPDX-License-Identifier: ISC */
/*
 * stmt.c: the statement table. SQL text is constant and lives only here;
 * values are always bound. Written in the SQL that SQLite and PostgreSQL
 * share; placeholders are numbered (?1) so a value may be used twice.
 */
#include "base/common.h"
#include "store/stmt.h"

#define SITE_COLS "s.id, s.host, s.name, s.short_name, s.agency, " \
	"s.address, s.phone, s.fax, s.email, s.editor, s.licence, s.kind, " \
	"s.parent_id, s.is_default, s.menu_json"

/* The columns of an article in lists and pages. */
#define ART_COLS "a.id, a.site_id, a.category_id, a.slug, a.title, " \
	"a.lead, a.author, a.source, a.status, a.featured, " \
	"a.published_at, a.updated_at, a.cover_caption, a.cover_alt, " \
	"a.views, c.slug AS category_slug, c.name AS category_name, " \
	"m.file AS cover_file, m.width AS cover_width, " \
	"m.height AS cover_height"
#define ART_FROM " FROM article a JOIN category c ON c.id = a.category_id" \
	" LEFT JOIN media m ON m.id = a.cover_media_id"
#define ART_LIVE " a.status = 'published' AND a.published_at <= ?2"

struct stmt_def {
	const char *name;
	const char *sql;
};

#define S(id, text) [id] = { #id, text }

static const struct stmt_def stmts[ST__MAX] = {
	S(ST_SCHEMA_VERSION, "SELECT coalesce(max(version), 0)"
	    " FROM schema_version"),
	S(ST_SCHEMA_VERSION_SET, "INSERT INTO schema_version (version,"
	    " applied_at) VALUES (?1, ?2)"),

	S(ST_SITE_BY_HOST, "SELECT " SITE_COLS " FROM site s WHERE s.host = ?1"
	    " UNION ALL SELECT " SITE_COLS " FROM site s JOIN site_alias al"
	    " ON al.site_id = s.id WHERE al.host = ?1 LIMIT 1"),
	S(ST_SITE_DEFAULT, "SELECT " SITE_COLS " FROM site s"
	    " WHERE s.is_default = 1"),
	S(ST_SITE_BY_ID, "SELECT " SITE_COLS " FROM site s WHERE s.id = ?1"),
	S(ST_SITE_LIST, "SELECT " SITE_COLS " FROM site s ORDER BY s.id"),
	S(ST_SITE_INSERT, "INSERT INTO site (host, name, short_name, agency,"
	    " address, phone, fax, email, editor, licence, kind, is_default,"
	    " menu_json, created_at) VALUES"
	    " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"),
	S(ST_SITE_UPDATE, "UPDATE site SET name = ?2, short_name = ?3,"
	    " agency = ?4, address = ?5, phone = ?6, fax = ?7, email = ?8,"
	    " editor = ?9, licence = ?10, kind = ?11, menu_json = ?12"
	    " WHERE id = ?1"),
	S(ST_SITE_ALIAS_INSERT, "INSERT INTO site_alias (host, site_id)"
	    " VALUES (?1, ?2)"),

	S(ST_CATEGORY_LIST, "SELECT id, parent_id, slug, name, sort"
	    " FROM category WHERE site_id = ?1 ORDER BY sort, id"),
	S(ST_CATEGORY_BY_SLUG, "SELECT id, parent_id, slug, name, sort"
	    " FROM category WHERE site_id = ?1 AND slug = ?2"),
	S(ST_CATEGORY_BY_NAME, "SELECT id, parent_id, slug, name, sort"
	    " FROM category WHERE site_id = ?1 AND name = ?2"),
	S(ST_CATEGORY_INSERT, "INSERT INTO category (site_id, parent_id,"
	    " slug, name, sort) VALUES (?1, ?2, ?3, ?4, ?5)"),

	S(ST_ARTICLE_PUBLIC_BY_SLUG, "SELECT " ART_COLS ", a.body_html"
	    ART_FROM " WHERE a.site_id = ?1 AND a.slug = ?3 AND" ART_LIVE),
	S(ST_ARTICLE_LATEST, "SELECT " ART_COLS ART_FROM
	    " WHERE a.site_id = ?1 AND" ART_LIVE
	    " ORDER BY a.published_at DESC, a.id DESC LIMIT ?3 OFFSET ?4"),
	S(ST_ARTICLE_LATEST_IN_CATEGORY, "SELECT " ART_COLS ART_FROM
	    " WHERE a.site_id = ?1 AND a.category_id = ?3 AND" ART_LIVE
	    " ORDER BY a.published_at DESC, a.id DESC LIMIT ?4 OFFSET ?5"),
	S(ST_ARTICLE_COUNT_IN_CATEGORY, "SELECT count(*) FROM article a"
	    " WHERE a.site_id = ?1 AND a.category_id = ?3 AND" ART_LIVE),
	S(ST_ARTICLE_FEATURED, "SELECT " ART_COLS ART_FROM
	    " WHERE a.site_id = ?1 AND a.featured = 1 AND" ART_LIVE
	    " ORDER BY a.published_at DESC, a.id DESC LIMIT ?3"),
	S(ST_ARTICLE_RELATED, "SELECT " ART_COLS ART_FROM
	    " WHERE a.site_id = ?1 AND a.category_id = ?3 AND a.id <> ?4"
	    " AND" ART_LIVE
	    " ORDER BY a.published_at DESC, a.id DESC LIMIT ?5"),
	S(ST_ARTICLE_ID_BY_IMPORT_KEY, "SELECT id FROM article"
	    " WHERE site_id = ?1 AND import_key = ?2"),
	S(ST_ARTICLE_GET, "SELECT a.id, a.site_id, a.category_id, a.slug,"
	    " a.title, a.lead, a.body_html, a.author, a.source, a.status,"
	    " a.featured, a.published_at, a.created_at, a.updated_at,"
	    " a.cover_media_id, a.cover_caption, a.cover_alt, a.views,"
	    " a.import_key FROM article a WHERE a.site_id = ?1 AND a.id = ?2"),
	S(ST_ARTICLE_SLUG_OWNER, "SELECT id FROM article"
	    " WHERE site_id = ?1 AND slug = ?2"),
	S(ST_ARTICLE_INSERT, "INSERT INTO article (site_id, category_id, slug,"
	    " title, lead, body_html, author, source, status, featured,"
	    " published_at, created_at, updated_at, cover_media_id,"
	    " cover_caption, cover_alt, import_key) VALUES (?1, ?2, ?3, ?4,"
	    " ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?13, ?14, ?15, ?16)"),
	S(ST_ARTICLE_UPDATE, "UPDATE article SET category_id = ?3, slug = ?4,"
	    " title = ?5, lead = ?6, body_html = ?7, author = ?8, source = ?9,"
	    " status = ?10, featured = ?11, published_at = ?12,"
	    " updated_at = ?13, cover_media_id = ?14, cover_caption = ?15,"
	    " cover_alt = ?16 WHERE site_id = ?1 AND id = ?2"),
	S(ST_ARTICLE_COUNT, "SELECT count(*) FROM article WHERE site_id = ?1"),

	S(ST_MEDIA_BY_HASH, "SELECT id, file, mime, width, height, caption,"
	    " alt FROM media WHERE site_id = ?1 AND hash = ?2"),
	S(ST_MEDIA_INSERT, "INSERT INTO media (site_id, hash, file, orig_name,"
	    " mime, bytes, width, height, caption, alt, created_at) VALUES"
	    " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"),
	S(ST_MEDIA_LIST_FILES, "SELECT DISTINCT file FROM media ORDER BY file"),

	S(ST_REVISION_INSERT, "INSERT INTO revision (site_id, article_id,"
	    " actor, at, content_json) VALUES (?1, ?2, ?3, ?4, ?5)"),
	S(ST_AUDIT_INSERT, "INSERT INTO audit (site_id, at, actor, action,"
	    " object, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"),
	S(ST_AUDIT_LIST, "SELECT id, at, actor, action, object, detail"
	    " FROM audit WHERE site_id = ?1 ORDER BY id DESC LIMIT ?2"),
};

const char *
store_stmt_sql(enum store_stmt id)
{
	return (unsigned)id < ST__MAX ? stmts[id].sql : "";
}

const char *
store_stmt_name(enum store_stmt id)
{
	return (unsigned)id < ST__MAX ? stmts[id].name : "?";
}
