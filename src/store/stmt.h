/* SPDX-License-Identifier: ISC */
/*
 * stmt.h: the names of every statement cong runs. The SQL text lives in
 * stmt.c, one constant per name, with numbered placeholders (?1, ?2 …)
 * that every backend binds (PostgreSQL's spelling $1 is derived from it).
 */
#ifndef CONG_STORE_STMT_H
#define CONG_STORE_STMT_H

enum store_stmt {
	/* schema */
	ST_SCHEMA_VERSION,
	ST_SCHEMA_VERSION_SET,
	/* sites */
	ST_SITE_BY_HOST,
	ST_SITE_DEFAULT,
	ST_SITE_BY_ID,
	ST_SITE_LIST,
	ST_SITE_INSERT,
	ST_SITE_UPDATE,
	ST_SITE_ALIAS_INSERT,
	/* categories */
	ST_CATEGORY_LIST,
	ST_CATEGORY_BY_SLUG,
	ST_CATEGORY_BY_NAME,
	ST_CATEGORY_INSERT,
	/* articles: public reads take "now" so scheduled items stay hidden */
	ST_ARTICLE_PUBLIC_BY_SLUG,
	ST_ARTICLE_LATEST,
	ST_ARTICLE_LATEST_IN_CATEGORY,
	ST_ARTICLE_COUNT_IN_CATEGORY,
	ST_ARTICLE_FEATURED,
	ST_ARTICLE_RELATED,
	ST_ARTICLE_ID_BY_IMPORT_KEY,
	ST_ARTICLE_GET,
	ST_ARTICLE_SLUG_OWNER,
	ST_ARTICLE_INSERT,
	ST_ARTICLE_UPDATE,
	ST_ARTICLE_COUNT,
	/* media */
	ST_MEDIA_BY_HASH,
	ST_MEDIA_INSERT,
	ST_MEDIA_LIST_FILES,
	/* history */
	ST_REVISION_INSERT,
	ST_AUDIT_INSERT,
	ST_AUDIT_LIST,
	ST__MAX
};

/* The SQL text of a statement; never NULL for id < ST__MAX. */
const char *store_stmt_sql(enum store_stmt id);
/* Its name for logs, e.g. "ST_SITE_BY_HOST". */
const char *store_stmt_name(enum store_stmt id);

#endif
