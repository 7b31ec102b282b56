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
	"s.parent_id, s.is_default, s.menu_json, s.emc_script_url"

/* The columns of an article in lists and pages. */
#define ART_COLS "a.id, a.site_id, a.category_id, a.slug, a.title, " \
	"a.lead, a.author, a.source, a.status, a.featured, " \
	"a.published_at, a.updated_at, a.cover_caption, a.cover_alt, " \
	"a.views, c.slug AS category_slug, c.name AS category_name, " \
	"m.file AS cover_file, m.width AS cover_width, " \
	"m.height AS cover_height, m.variants AS cover_variants"
#define ART_FROM " FROM article a JOIN category c ON c.id = a.category_id" \
	" LEFT JOIN media m ON m.id = a.cover_media_id"
#define ART_LIVE " a.status = 'published' AND a.published_at <= ?2"
#define ART_PAGE_FROM(where, limit) " FROM (SELECT id FROM article WHERE " \
	where " AND status = 'published' AND published_at <= ?2" \
	" ORDER BY published_at DESC, id DESC " limit ") p" \
	" JOIN article a ON a.id = p.id" \
	" JOIN category c ON c.id = a.category_id" \
	" LEFT JOIN media m ON m.id = a.cover_media_id" \
	" ORDER BY a.published_at DESC, a.id DESC"

/* The columns of a user account, for auth/user.c. */
#define USER_COLS "id, site_id, login, display_name, role, pass_hash," \
	" disabled_at"

/* The columns of a media row, and the library's search. */
#define MEDIA_COLS "id, file, orig_name, mime, bytes, width, height," \
	" caption, alt, variants, created_at"
#define MEDIA_MATCH " site_id = ?1 AND (?2 = '' OR caption LIKE ?3" \
	" ESCAPE '\\' OR alt LIKE ?3 ESCAPE '\\' OR orig_name LIKE ?3" \
	" ESCAPE '\\')"

/* The workflow's list views (content/workflow.h) and their filters. */
#define WF_VIEW_MATCH " ((?2 = 1 AND a.status = 'draft'" \
	" AND a.review_note = '') OR (?2 = 2 AND (a.status = 'draft'" \
	" AND a.review_note <> '' OR e.status = 'draft'" \
	" AND e.review_note <> '')) OR (?2 = 3 AND (a.status = 'submitted'" \
	" OR e.status = 'submitted')) OR (?2 = 4 AND a.status = 'published'" \
	" AND a.published_at > ?3) OR (?2 = 5 AND a.status = 'published'" \
	" AND a.published_at <= ?3) OR (?2 = 6 AND a.status = 'unpublished')" \
	" OR (?2 = 7 AND e.status = 'draft'))" \
	" AND (?4 = 0 OR a.category_id = ?4) AND (?5 = '' OR a.owner = ?5)" \
	" AND (?6 = 0 OR coalesce(a.published_at, a.updated_at) >= ?6)" \
	" AND (?7 = 0 OR coalesce(a.published_at, a.updated_at) < ?7)"

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

	S(ST_ARTICLE_PUBLIC_BY_SLUG, "SELECT " ART_COLS ", a.body_html,"
	    " a.change_note, a.change_note_at" ART_FROM " WHERE a.site_id = ?1 AND a.slug = ?3 AND" ART_LIVE),
	/* pages of a list: the ids first, from the index alone (migration
	 * 009), then the rows of that page only */
	S(ST_ARTICLE_LATEST, "SELECT " ART_COLS ART_PAGE_FROM(
	    "site_id = ?1", "LIMIT ?3 OFFSET ?4")),
	S(ST_ARTICLE_LATEST_IN_CATEGORY, "SELECT " ART_COLS ART_PAGE_FROM(
	    "site_id = ?1 AND category_id = ?3", "LIMIT ?4 OFFSET ?5")),
	S(ST_ARTICLE_COUNT_IN_CATEGORY, "SELECT count(*) FROM article a"
	    " WHERE a.site_id = ?1 AND a.category_id = ?3 AND" ART_LIVE),
	S(ST_ARTICLE_FEATURED, "SELECT " ART_COLS ART_FROM
	    " WHERE a.site_id = ?1 AND a.featured = 1 AND" ART_LIVE
	    " ORDER BY a.published_at DESC, a.id DESC LIMIT ?3"),
	/* links only: the page shows their titles and dates */
	S(ST_ARTICLE_RELATED, "SELECT a.id, a.slug, a.title, a.published_at"
	    " FROM article a"
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
	    " alt, variants FROM media WHERE site_id = ?1 AND hash = ?2"),
	S(ST_MEDIA_INSERT, "INSERT INTO media (site_id, hash, file, orig_name,"
	    " mime, bytes, width, height, caption, alt, created_at, variants)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"),
	S(ST_MEDIA_LIST_FILES, "SELECT DISTINCT file FROM media ORDER BY file"),
	S(ST_MEDIA_GET, "SELECT " MEDIA_COLS " FROM media"
	    " WHERE site_id = ?1 AND id = ?2"),
	/* the library: ?2 the query ('' for all), ?3 its LIKE pattern */
	S(ST_MEDIA_LIST, "SELECT " MEDIA_COLS " FROM media WHERE"
	    MEDIA_MATCH " ORDER BY created_at DESC, id DESC"
	    " LIMIT ?4 OFFSET ?5"),
	S(ST_MEDIA_COUNT, "SELECT count(*) FROM media WHERE" MEDIA_MATCH),
	S(ST_MEDIA_USES, "SELECT m.id AS media_id, a.id, a.title, a.slug,"
	    " a.status FROM media m JOIN article a ON a.site_id = m.site_id"
	    " AND (a.cover_media_id = m.id OR a.body_html LIKE"
	    " '%/media/' || substr(m.file, 1, 32) || '%')"
	    " WHERE m.id IN (SELECT id FROM media WHERE" MEDIA_MATCH
	    " ORDER BY created_at DESC, id DESC LIMIT ?4 OFFSET ?5)"
	    " ORDER BY m.id, a.id DESC LIMIT 2000"),

	S(ST_REVISION_INSERT, "INSERT INTO revision (site_id, article_id,"
	    " actor, at, content_json) VALUES (?1, ?2, ?3, ?4, ?5)"),
	S(ST_AUDIT_INSERT, "INSERT INTO audit (site_id, at, actor, action,"
	    " object, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"),
	S(ST_AUDIT_LIST, "SELECT id, at, actor, action, object, detail"
	    " FROM audit WHERE site_id = ?1 ORDER BY id DESC LIMIT ?2"),
	S(ST_AUDIT_BEFORE, "SELECT id, hash FROM audit WHERE id < ?1"
	    " ORDER BY id DESC LIMIT 1"),
	S(ST_AUDIT_APPEND, "INSERT INTO audit (site_id, at, actor, action,"
	    " object, detail, prev_hash, hash)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"),
	S(ST_AUDIT_UNSEALED, "SELECT id, site_id, at, actor, action, object,"
	    " detail FROM audit WHERE hash = '' ORDER BY id"),
	S(ST_AUDIT_SEAL, "UPDATE audit SET prev_hash = ?2, hash = ?3"
	    " WHERE id = ?1 AND hash = ''"),
	S(ST_AUDIT_CHAIN, "SELECT id, site_id, at, actor, action, object,"
	    " detail, prev_hash, hash FROM audit ORDER BY id"),

	S(ST_USER_INSERT, "INSERT INTO users (site_id, login, display_name,"
	    " role, pass_hash, created_at, updated_at) VALUES (?1, ?2, ?3, ?4,"
	    " ?5, ?6, ?6)"),
	S(ST_USER_BY_LOGIN, "SELECT " USER_COLS " FROM users"
	    " WHERE site_id = ?1 AND login = ?2"),
	S(ST_USER_BY_ID, "SELECT " USER_COLS " FROM users"
	    " WHERE site_id = ?1 AND id = ?2"),
	S(ST_USER_LIST, "SELECT id, login, display_name, role, created_at,"
	    " disabled_at FROM users WHERE site_id = ?1 ORDER BY id"),
	S(ST_USER_SET_PASSWORD, "UPDATE users SET pass_hash = ?3,"
	    " updated_at = ?4 WHERE site_id = ?1 AND id = ?2"),
	S(ST_USER_SET_DISABLED, "UPDATE users SET disabled_at = ?3,"
	    " updated_at = ?4 WHERE site_id = ?1 AND id = ?2"),
	S(ST_USER_CATEGORIES, "SELECT category_id FROM user_categories"
	    " WHERE site_id = ?1 AND user_id = ?2 ORDER BY category_id"),
	S(ST_USER_CATEGORY_INSERT, "INSERT INTO user_categories (site_id,"
	    " user_id, category_id) VALUES (?1, ?2, ?3)"),
	S(ST_USER_CATEGORY_CLEAR, "DELETE FROM user_categories"
	    " WHERE site_id = ?1 AND user_id = ?2"),
	S(ST_SESSION_INSERT, "INSERT INTO sessions (site_id, user_id,"
	    " token_hash, csrf, created_at, last_seen, expires_at, remote)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7)"),
	S(ST_SESSION_GET, "SELECT s.id, s.user_id, s.csrf, s.last_seen,"
	    " s.expires_at, s.flash, u.login, u.display_name, u.role,"
	    " u.disabled_at FROM sessions s JOIN users u ON u.id = s.user_id"
	    " AND u.site_id = s.site_id WHERE s.token_hash = ?1"
	    " AND s.site_id = ?2"),
	S(ST_SESSION_TOUCH, "UPDATE sessions SET last_seen = ?2"
	    " WHERE id = ?1"),
	S(ST_SESSION_FLASH_SET, "UPDATE sessions SET flash = ?2"
	    " WHERE id = ?1"),
	S(ST_SESSION_DELETE, "DELETE FROM sessions WHERE id = ?1"),
	S(ST_SESSION_DELETE_USER, "DELETE FROM sessions"
	    " WHERE site_id = ?1 AND user_id = ?2"),
	S(ST_SESSION_PURGE, "DELETE FROM sessions"
	    " WHERE expires_at <= ?1 OR last_seen <= ?2"),
	S(ST_LOGIN_ATTEMPT_INSERT, "INSERT INTO login_attempts (site_id,"
	    " login, remote, at, ok) VALUES (?1, ?2, ?3, ?4, ?5)"),
	/* failures in the window since the last success of that login */
	S(ST_LOGIN_FAILS_BY_LOGIN, "SELECT count(*) FROM login_attempts"
	    " WHERE site_id = ?1 AND login = ?2 AND ok = 0 AND at > ?3"
	    " AND id > coalesce((SELECT max(id) FROM login_attempts"
	    " WHERE site_id = ?1 AND login = ?2 AND ok = 1), 0)"),
	S(ST_LOGIN_FAILS_BY_REMOTE, "SELECT count(*) FROM login_attempts"
	    " WHERE remote = ?1 AND ok = 0 AND at > ?2"),
	S(ST_LOGIN_ATTEMPT_PURGE, "DELETE FROM login_attempts WHERE at < ?1"),

	S(ST_CHANGE_INSERT, "INSERT INTO change_log (site_id, at, tags)"
	    " VALUES (?1, ?2, ?3)"),
	S(ST_CHANGE_SINCE, "SELECT id, site_id, tags FROM change_log"
	    " WHERE id > ?1 ORDER BY id LIMIT 1000"),
	S(ST_CHANGE_MAX, "SELECT coalesce(max(id), 0) FROM change_log"),
	S(ST_CHANGE_PRUNE, "DELETE FROM change_log WHERE at < ?1"),
	S(ST_ARTICLE_PUBLIC_SLUGS, "SELECT slug FROM article WHERE site_id = ?1"
	    " AND status = 'published' AND published_at <= ?2 ORDER BY id"),
	S(ST_ARTICLE_BECAME_VISIBLE, "SELECT id, site_id, category_id"
	    " FROM article WHERE status = 'published'"
	    " AND published_at > ?1 AND published_at <= ?2"),
	S(ST_SITE_EMC_SET, "UPDATE site SET emc_script_url = ?2"
	    " WHERE id = ?1"),
	S(ST_FEED_LATEST, "SELECT " ART_COLS ", a.body_html,"
	    " m.mime AS cover_mime, m.bytes AS cover_bytes" ART_FROM
	    " WHERE a.site_id = ?1 AND" ART_LIVE
	    " ORDER BY a.published_at DESC, a.id DESC LIMIT ?3"),
	S(ST_FEED_LATEST_IN_CATEGORY, "SELECT " ART_COLS ", a.body_html,"
	    " m.mime AS cover_mime, m.bytes AS cover_bytes" ART_FROM
	    " WHERE a.site_id = ?1 AND a.category_id = ?3 AND"
	    ART_LIVE " ORDER BY a.published_at DESC, a.id DESC LIMIT ?4"),
	S(ST_SITEMAP_COUNT, "SELECT count(*) FROM article a"
	    " WHERE a.site_id = ?1 AND" ART_LIVE),
	S(ST_SITEMAP_FIRST, "SELECT coalesce(min(a.published_at), 0)"
	    " FROM article a WHERE a.site_id = ?1 AND" ART_LIVE),
	/* one month of articles: published in [?3, ?4) */
	S(ST_SITEMAP_RANGE, "SELECT a.slug, a.published_at, a.updated_at"
	    " FROM article a WHERE a.site_id = ?1 AND" ART_LIVE
	    " AND a.published_at >= ?3 AND a.published_at < ?4"
	    " ORDER BY a.published_at DESC, a.id DESC LIMIT ?5"),
	S(ST_SITEMAP_RANGE_INFO, "SELECT count(*) AS n,"
	    " coalesce(max(a.updated_at), 0) AS updated,"
	    " coalesce(max(a.published_at), 0) AS published"
	    " FROM article a WHERE a.site_id = ?1 AND" ART_LIVE
	    " AND a.published_at >= ?3 AND a.published_at < ?4"),
	S(ST_SITEMAP_CATEGORIES, "SELECT c.id, c.slug,"
	    " coalesce(max(a.updated_at), 0) AS updated,"
	    " coalesce(max(a.published_at), 0) AS published"
	    " FROM category c LEFT JOIN article a ON a.category_id = c.id"
	    " AND a.site_id = c.site_id AND" ART_LIVE
	    " WHERE c.site_id = ?1 GROUP BY c.id, c.slug, c.sort"
	    " ORDER BY c.sort, c.id"),
	/* ?3 updated since (0: all), ?4 category slug or NULL */
	S(ST_API_ARTICLES, "SELECT " ART_COLS ART_FROM
	    " WHERE a.site_id = ?1 AND" ART_LIVE " AND a.updated_at >= ?3"
	    " AND c.slug = coalesce(?4, c.slug)"
	    " ORDER BY a.updated_at DESC, a.id DESC LIMIT ?5 OFFSET ?6"),
	S(ST_API_ARTICLES_COUNT, "SELECT count(*)" ART_FROM
	    " WHERE a.site_id = ?1 AND" ART_LIVE " AND a.updated_at >= ?3"
	    " AND c.slug = coalesce(?4, c.slug)"),
	S(ST_STAT_ARTICLE_VIEWS_ADD, "UPDATE article SET views = views + ?3"
	    " WHERE site_id = ?1 AND slug = ?2"),
	S(ST_STAT_ARTICLE_DAY_ADD, "INSERT INTO stat_article_day (site_id,"
	    " article_id, day, views) SELECT ?1, id, ?3, ?4 FROM article"
	    " WHERE site_id = ?1 AND slug = ?2"
	    " ON CONFLICT (site_id, article_id, day) DO UPDATE"
	    " SET views = stat_article_day.views + excluded.views"),
	S(ST_STAT_DAY_ADD, "INSERT INTO stat_day (site_id, day, views,"
	    " visitors) VALUES (?1, ?2, ?3, ?4)"
	    " ON CONFLICT (site_id, day) DO UPDATE"
	    " SET views = stat_day.views + excluded.views,"
	    " visitors = stat_day.visitors + excluded.visitors"),
	S(ST_STAT_VISITOR_TOUCH, "UPDATE stat_visitor SET last_seen = ?4"
	    " WHERE site_id = ?1 AND day = ?2 AND hash = ?3"),
	S(ST_STAT_VISITOR_INSERT, "INSERT INTO stat_visitor (site_id, day,"
	    " hash, last_seen) VALUES (?1, ?2, ?3, ?4)"),
	S(ST_STAT_VISITOR_PRUNE, "DELETE FROM stat_visitor"
	    " WHERE last_seen < ?1"),
	S(ST_STAT_ONLINE, "SELECT count(*) FROM stat_visitor"
	    " WHERE site_id = ?1 AND last_seen >= ?2"),
	/* ?2 today, ?3 the first day of this month */
	S(ST_STAT_COUNTERS, "SELECT"
	    " CAST(coalesce(sum(CASE WHEN day = ?2 THEN views ELSE 0 END),"
	    " 0) AS BIGINT) AS today,"
	    " CAST(coalesce(sum(CASE WHEN day >= ?3 THEN views ELSE 0 END),"
	    " 0) AS BIGINT) AS month,"
	    " CAST(coalesce(sum(views), 0) AS BIGINT) AS total"
	    " FROM stat_day WHERE site_id = ?1"),
	S(ST_STAT_DAYS, "SELECT day, views, visitors FROM stat_day"
	    " WHERE site_id = ?1 AND day >= ?2 ORDER BY day"),
	S(ST_STAT_TOP_ARTICLES, "SELECT a.id, a.slug, a.title, a.author,"
	    " c.name AS category_name, CAST(sum(s.views) AS BIGINT) AS views"
	    " FROM stat_article_day s JOIN article a ON a.id = s.article_id"
	    " JOIN category c ON c.id = a.category_id"
	    " WHERE s.site_id = ?1 AND s.day >= ?2"
	    " GROUP BY a.id, a.slug, a.title, a.author, c.name"
	    " ORDER BY views DESC, a.id LIMIT ?3"),
	S(ST_STAT_BY_CATEGORY, "SELECT c.name, c.slug,"
	    " CAST(sum(s.views) AS BIGINT) AS views,"
	    " count(DISTINCT a.id) AS articles"
	    " FROM stat_article_day s JOIN article a ON a.id = s.article_id"
	    " JOIN category c ON c.id = a.category_id"
	    " WHERE s.site_id = ?1 AND s.day >= ?2"
	    " GROUP BY c.id, c.name, c.slug ORDER BY views DESC, c.name"),
	S(ST_STAT_BY_AUTHOR, "SELECT a.author,"
	    " CAST(sum(s.views) AS BIGINT) AS views,"
	    " count(DISTINCT a.id) AS articles"
	    " FROM stat_article_day s JOIN article a ON a.id = s.article_id"
	    " WHERE s.site_id = ?1 AND s.day >= ?2"
	    " GROUP BY a.author ORDER BY views DESC, a.author LIMIT ?3"),

	S(ST_SEARCH_DOC_DELETE, "DELETE FROM search_doc WHERE article_id = ?1"),
	S(ST_SEARCH_DOC_INSERT, "INSERT INTO search_doc (article_id, site_id,"
	    " category_id, published_at, title, lead, body, title_terms,"
	    " lead_terms, body_terms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
	    " ?9, ?10)"),
	/* SQLite FTS5; newest first (rowid = article id), bm25 per match */
	S(ST_SEARCH_CANDIDATES, "SELECT d.article_id, d.published_at,"
	    " bm25(search_fts, 8.0, 3.0, 1.0) AS score"
	    " FROM search_fts CROSS JOIN search_doc d"
	    " ON d.article_id = search_fts.rowid"
	    " WHERE search_fts MATCH ?1 AND d.site_id = ?2"
	    " AND d.published_at <= ?3 AND (?4 = 0 OR d.category_id = ?4)"
	    " AND d.published_at >= ?5 AND d.published_at < ?6"
	    " ORDER BY search_fts.rowid DESC LIMIT ?7"),
	S(ST_SEARCH_RESULT, "SELECT a.id, a.slug, a.published_at,"
	    " a.category_id, c.slug AS category_slug, c.name AS category_name,"
	    " d.title, d.lead, d.body FROM search_doc d"
	    " JOIN article a ON a.id = d.article_id"
	    " JOIN category c ON c.id = a.category_id"
	    " WHERE d.article_id = ?1"),
	S(ST_SEARCH_BACKFILL_IDS, "SELECT a.id FROM article a"
	    " WHERE a.status = 'published' AND a.published_at IS NOT NULL"
	    " AND NOT EXISTS (SELECT 1 FROM search_doc d"
	    " WHERE d.article_id = a.id) ORDER BY a.id"),
	S(ST_SEARCH_ARTICLE_SOURCE, "SELECT id, site_id, category_id,"
	    " published_at, title, lead, body_html, author, cover_caption"
	    " FROM article WHERE id = ?1"),
	S(ST_OLD_SLUG_PUT, "INSERT INTO article_old_slug (site_id, slug,"
	    " article_id, changed_at) VALUES (?1, ?2, ?3, ?4)"
	    " ON CONFLICT (site_id, slug) DO UPDATE SET"
	    " article_id = excluded.article_id,"
	    " changed_at = excluded.changed_at"),
	S(ST_OLD_SLUG_DROP, "DELETE FROM article_old_slug"
	    " WHERE site_id = ?1 AND slug = ?2"),
	S(ST_OLD_SLUG_FIND, "SELECT a.slug FROM article_old_slug o"
	    " JOIN article a ON a.id = o.article_id"
	    " WHERE o.site_id = ?1 AND o.slug = ?3"
	    " AND a.status = 'published' AND a.published_at <= ?2"),
	S(ST_WF_ARTICLE, "SELECT a.id, a.site_id, a.category_id, a.slug,"
	    " a.title, a.lead, a.body_html, a.author, a.source, a.status,"
	    " a.featured, a.published_at, a.created_at, a.updated_at,"
	    " a.cover_media_id, a.cover_caption, a.cover_alt, a.owner,"
	    " a.review_note, a.change_note, a.change_note_at, a.gone_reason,"
	    " a.replaced_by, e.status AS edition_status,"
	    " e.content_json AS edition_json, e.actor AS edition_actor,"
	    " e.review_note AS edition_note, e.updated_at AS edition_at"
	    " FROM article a LEFT JOIN article_edition e"
	    " ON e.article_id = a.id WHERE a.site_id = ?1 AND a.id = ?2"),
	S(ST_WF_META_SET, "UPDATE article SET owner = ?3, review_note = ?4,"
	    " change_note = ?5, change_note_at = ?6, gone_reason = ?7,"
	    " replaced_by = ?8 WHERE site_id = ?1 AND id = ?2"),
	S(ST_WF_EDITION_DELETE, "DELETE FROM article_edition"
	    " WHERE site_id = ?1 AND article_id = ?2"),
	S(ST_WF_EDITION_INSERT, "INSERT INTO article_edition (article_id,"
	    " site_id, status, content_json, actor, review_note, updated_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"),
	/* ?2 the view (workflow.h WF_VIEW_*), ?3 now, ?4 category (0 all),
	 * ?5 owner ('' all), ?6 ?7 the day range (0 open) */
	S(ST_WF_LIST, "SELECT a.id, a.category_id, a.slug, a.title, a.status,"
	    " a.owner, a.author, a.published_at, a.updated_at, a.review_note,"
	    " c.name AS category_name, e.status AS edition_status"
	    " FROM article a JOIN category c ON c.id = a.category_id"
	    " LEFT JOIN article_edition e ON e.article_id = a.id"
	    " WHERE a.site_id = ?1 AND" WF_VIEW_MATCH
	    " ORDER BY a.updated_at DESC, a.id DESC LIMIT ?8 OFFSET ?9"),
	S(ST_WF_COUNT, "SELECT count(*) FROM article a"
	    " LEFT JOIN article_edition e ON e.article_id = a.id"
	    " WHERE a.site_id = ?1 AND" WF_VIEW_MATCH),
	S(ST_WF_REVISIONS, "SELECT id, actor, at FROM revision"
	    " WHERE site_id = ?1 AND article_id = ?2 ORDER BY id DESC"
	    " LIMIT ?3"),
	S(ST_WF_REVISION_GET, "SELECT id, actor, at, content_json"
	    " FROM revision WHERE site_id = ?1 AND article_id = ?2"
	    " AND id = ?3"),
	S(ST_WF_GONE_BY_SLUG, "SELECT id, title, gone_reason, replaced_by"
	    " FROM article WHERE site_id = ?1 AND slug = ?2"
	    " AND status = 'unpublished'"),
	S(ST_WF_AUDIT_PAGE, "SELECT id, at, actor, action, object, detail"
	    " FROM audit WHERE site_id = ?1 AND (?2 = '' OR object = ?2)"
	    " ORDER BY id DESC LIMIT ?3 OFFSET ?4"),
	S(ST_WF_AUDIT_COUNT, "SELECT count(*) FROM audit"
	    " WHERE site_id = ?1 AND (?2 = '' OR object = ?2)"),
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
