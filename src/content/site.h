/* SPDX-License-Identifier: ISC */
/*
 * site.h: sites and their categories. A request finds its site by its
 * Host header, through site.host or a site_alias row, and falls back to
 * the default site. Returned JSON objects are new references owned by
 * the caller; "menu" is the parsed menu_json array.
 */
#ifndef CONG_CONTENT_SITE_H
#define CONG_CONTENT_SITE_H

#include <jansson.h>

#include "base/common.h"

struct store_conn;

/* Site settings as read from a site INI file (cong init --site FILE). */
struct site_settings {
	char *host, *name, *short_name, *agency, *address, *phone, *fax;
	char *email, *editor, *licence, *kind;
	char *emc_script;	/* the EMC monitoring script's https URL */
	json_t *menu;		/* [{label, url}] */
	json_t *categories;	/* [{name, sort}] in file order */
};

/*
 * The site for a Host header value (lower case, port included), or the
 * default site. CONG_ENOTFOUND if neither exists. Answered from a cache
 * of copies while no write has come (site.c).
 */
enum cong_err site_resolve(struct store_conn *db, const char *host,
    size_t len, json_t **out);
/* Empties that cache (site_save() does; and at exit, for tidiness). */
void site_cache_clear(void);
enum cong_err site_get(struct store_conn *db, int64_t id, json_t **out);

/*
 * Reads a site INI file ([site], [menu], [category] sections). Errors
 * name the file and line. Release with site_settings_release().
 */
enum cong_err site_settings_load(const char *path, struct site_settings *s);
void site_settings_release(struct site_settings *s);

/*
 * Creates the site (or updates the one with the same host) and its
 * categories, in one transaction. *id gets the site id.
 */
enum cong_err site_save(struct store_conn *db, const struct site_settings *s,
    bool is_default, int64_t now, int64_t *id);

/* Categories of a site, in menu order (array of objects). */
enum cong_err category_list(struct store_conn *db, int64_t site_id,
    json_t **out);
enum cong_err category_by_slug(struct store_conn *db, int64_t site_id,
    const char *slug, size_t len, json_t **out);
/*
 * The id of the category called name in the site, created (slug from the
 * name, sort given) when missing. Runs inside the caller's transaction.
 */
enum cong_err category_ensure(struct store_conn *db, int64_t site_id,
    const char *name, int sort, int64_t *id);

#endif
