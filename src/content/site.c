/* SPDX-License-Identifier: ISC */
/*
 * site.c: sites, their settings files, and categories.
 */
#include "base/common.h"
#include "base/buf.h"
#include "base/log.h"
#include "content/changes.h"
#include "content/site.h"
#include "content/stats.h"
#include "store/store.h"
#include "vn/slug.h"
#include "vn/text.h"

#include <ini.h>
#include <pthread.h>
#include <stdio.h>

static enum cong_err
parse_menu(json_t *site)
{
	const char *m = json_string_value(json_object_get(site, "menu_json"));
	json_t *menu = m ? json_loads(m, 0, NULL) : NULL;

	if (!json_is_array(menu)) {
		json_decref(menu);
		menu = json_array();
	}
	json_object_set_new(site, "menu", menu);
	json_object_del(site, "menu_json");
	return CONG_OK;
}

/*
 * Resolved sites by store and Host, good while this process has applied
 * no change and none is pending (content/changes.h): every uncached page
 * asks for its site, and the row with its parsed menu cost ~20 µs of a
 * 150 µs article render. site_save() empties it for its own process;
 * other processes' writes reach it through the change log. Callers get
 * copies (pages mark their menu item).
 */
#define SITE_CACHE 8
#define SITE_CACHE_HOST 256

static struct {
	uint64_t serial, gen;
	char host[SITE_CACHE_HOST];
	size_t len;
	json_t *site;
} cache[SITE_CACHE];
static unsigned cache_next;
static pthread_mutex_t cache_mu = PTHREAD_MUTEX_INITIALIZER;

static int
cache_find(uint64_t serial, uint64_t gen, const char *host, size_t len)
{
	int i;

	for (i = 0; i < SITE_CACHE; i++)
		if (cache[i].site && cache[i].serial == serial &&
		    cache[i].gen == gen && cache[i].len == len &&
		    memcmp(cache[i].host, host, len) == 0)
			return i;
	return -1;
}

static json_t *
cache_get(uint64_t serial, uint64_t gen, const char *host, size_t len)
{
	json_t *copy = NULL;
	int i;

	pthread_mutex_lock(&cache_mu);
	if ((i = cache_find(serial, gen, host, len)) >= 0)
		copy = json_deep_copy(cache[i].site);
	pthread_mutex_unlock(&cache_mu);
	return copy;
}

static void
cache_put(uint64_t serial, uint64_t gen, const char *host, size_t len,
    const json_t *site)
{
	json_t *copy = json_deep_copy(site);
	int i;

	if (!copy)
		return;
	pthread_mutex_lock(&cache_mu);
	if ((i = cache_find(serial, gen, host, len)) < 0)
		i = (int)(cache_next++ % SITE_CACHE);
	json_decref(cache[i].site);
	cache[i].serial = serial;
	cache[i].gen = gen;
	memcpy(cache[i].host, host, len);
	cache[i].len = len;
	cache[i].site = copy;
	pthread_mutex_unlock(&cache_mu);
}

void
site_cache_clear(void)
{
	int i;

	pthread_mutex_lock(&cache_mu);
	for (i = 0; i < SITE_CACHE; i++) {
		json_decref(cache[i].site);
		cache[i].site = NULL;
	}
	pthread_mutex_unlock(&cache_mu);
}

enum cong_err
site_resolve(struct store_conn *db, const char *host, size_t len,
    json_t **out)
{
	struct store_val v[1] = { SV_STRN(host, len) };
	uint64_t serial = store_conn_serial(db);
	uint64_t gen = content_changes_generation();
	bool cacheable = len < SITE_CACHE_HOST && !content_changes_pending();
	enum cong_err err;

	if (cacheable && (*out = cache_get(serial, gen, host, len)))
		return CONG_OK;
	err = store_query_one(db, ST_SITE_BY_HOST, v, 1, out);
	if (err == CONG_ENOTFOUND)
		err = store_query_one(db, ST_SITE_DEFAULT, NULL, 0, out);
	if (!err)
		parse_menu(*out);
	if (!err && cacheable)
		cache_put(serial, gen, host, len, *out);
	return err;
}

enum cong_err
site_get(struct store_conn *db, int64_t id, json_t **out)
{
	struct store_val v[1] = { SV_INT(id) };
	enum cong_err err;

	if (!(err = store_query_one(db, ST_SITE_BY_ID, v, 1, out)))
		parse_menu(*out);
	return err;
}

/* ------------------------------------------------------------------ */
/* Settings files                                                      */

struct ini_state {
	struct site_settings *s;
	const char *path;
	enum cong_err err;
	struct buf why;
};

static char **
site_field(struct site_settings *s, const char *name)
{
	static const struct {
		const char *name;
		size_t off;
	} fields[] = {
		{ "host", offsetof(struct site_settings, host) },
		{ "name", offsetof(struct site_settings, name) },
		{ "short_name", offsetof(struct site_settings, short_name) },
		{ "agency", offsetof(struct site_settings, agency) },
		{ "address", offsetof(struct site_settings, address) },
		{ "phone", offsetof(struct site_settings, phone) },
		{ "fax", offsetof(struct site_settings, fax) },
		{ "email", offsetof(struct site_settings, email) },
		{ "editor_in_chief", offsetof(struct site_settings, editor) },
		{ "licence", offsetof(struct site_settings, licence) },
		{ "kind", offsetof(struct site_settings, kind) },
		{ "emc_script", offsetof(struct site_settings, emc_script) },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(fields); i++)
		if (strcmp(fields[i].name, name) == 0)
			return (char **)((char *)s + fields[i].off);
	return NULL;
}

static int
on_ini(void *ud, const char *section, const char *name, const char *value)
{
	struct ini_state *st = ud;
	struct buf clean = BUF_INIT;
	char **field;

	buf_init(&clean, 4096);
	if (vn_text_line(value, strlen(value), &clean)) {
		buf_addf(&st->why, "value of '%s' is not clean UTF-8 text",
		    name);
		goto bad;
	}
	if (strcmp(section, "site") == 0) {
		if (!(field = site_field(st->s, name))) {
			buf_addf(&st->why, "unknown setting '%s'", name);
			goto bad;
		}
		free(*field);
		*field = buf_detach(&clean, NULL);
	} else if (strcmp(section, "menu") == 0) {
		json_array_append_new(st->s->menu, json_pack("{s:s, s:s}",
		    "label", name, "url", clean.ptr));
	} else if (strcmp(section, "category") == 0) {
		char *end;
		long sort = strtol(clean.ptr, &end, 10);

		if (*end || end == clean.ptr) {
			buf_addf(&st->why, "category '%s': sort order must be "
			    "a number", name);
			goto bad;
		}
		json_array_append_new(st->s->categories, json_pack(
		    "{s:s, s:I}", "name", name, "sort", (json_int_t)sort));
	} else {
		buf_addf(&st->why, "unknown section '%s'", section);
		goto bad;
	}
	buf_release(&clean);
	return 1;
bad:
	buf_release(&clean);
	st->err = CONG_EPARSE;
	return 0;
}

enum cong_err
site_settings_load(const char *path, struct site_settings *s)
{
	struct ini_state st = { s, path, CONG_OK, BUF_INIT };
	int line;

	memset(s, 0, sizeof(*s));
	s->menu = json_array();
	s->categories = json_array();
	line = ini_parse(path, on_ini, &st);
	if (line < 0) {
		log_error("cannot open '%s'", path);
		st.err = CONG_EIO;
	} else if (line > 0) {
		log_error("%s:%d: %s", path, line,
		    st.why.len ? st.why.ptr : "expected 'name = value'");
		st.err = CONG_EPARSE;
	} else if (!s->host || !s->name) {
		log_error("%s: [site] needs 'host' and 'name'", path);
		st.err = CONG_EPARSE;
	}
	buf_release(&st.why);
	if (st.err)
		site_settings_release(s);
	return st.err;
}

void
site_settings_release(struct site_settings *s)
{
	if (!s)
		return;
	free(s->host);
	free(s->name);
	free(s->short_name);
	free(s->agency);
	free(s->address);
	free(s->phone);
	free(s->fax);
	free(s->email);
	free(s->editor);
	free(s->licence);
	free(s->kind);
	free(s->emc_script);
	json_decref(s->menu);
	json_decref(s->categories);
	memset(s, 0, sizeof(*s));
}

#define OR_EMPTY(x) SV_STR((x) ? (x) : "")

enum cong_err
site_save(struct store_conn *db, const struct site_settings *s,
    bool is_default, int64_t now, int64_t *id)
{
	char *menu = json_dumps(s->menu, JSON_COMPACT);
	const char *kind = s->kind ? s->kind : "portal";
	json_t *row = NULL, *cat;
	struct store_val k[1] = { SV_STR(s->host) };
	enum cong_err err;
	size_t i;

	if ((err = store_begin(db, true)))
		goto out;
	err = store_query_one(db, ST_SITE_BY_HOST, k, 1, &row);
	if (err == CONG_ENOTFOUND) {
		struct store_val v[14] = { SV_STR(s->host), SV_STR(s->name),
			OR_EMPTY(s->short_name), OR_EMPTY(s->agency),
			OR_EMPTY(s->address), OR_EMPTY(s->phone),
			OR_EMPTY(s->fax), OR_EMPTY(s->email),
			OR_EMPTY(s->editor), OR_EMPTY(s->licence),
			SV_STR(kind), SV_INT(is_default), SV_STR(menu),
			SV_INT(now) };

		err = store_exec(db, ST_SITE_INSERT, v, 14, id, NULL);
	} else if (!err) {
		struct store_val v[12] = {
			SV_INT(json_integer_value(json_object_get(row, "id"))),
			SV_STR(s->name), OR_EMPTY(s->short_name),
			OR_EMPTY(s->agency), OR_EMPTY(s->address),
			OR_EMPTY(s->phone), OR_EMPTY(s->fax),
			OR_EMPTY(s->email), OR_EMPTY(s->editor),
			OR_EMPTY(s->licence), SV_STR(kind), SV_STR(menu) };

		*id = v[0].i;
		err = store_exec(db, ST_SITE_UPDATE, v, 12, NULL, NULL);
	}
	if (err)
		goto out;
	/* the monitoring script state portals carry (stats.h) */
	if (s->emc_script && *s->emc_script &&
	    (err = stats_emc_set(db, *id, s->emc_script))) {
		log_error("site '%s': emc_script must be an https URL",
		    s->host);
		goto out;
	}
	/* names, menus and footers are on every page of the site */
	if ((err = content_change_record(db, *id, now, "*")))
		goto out;
	json_array_foreach(s->categories, i, cat) {
		int64_t cid;

		err = category_ensure(db, *id, json_string_value(
		    json_object_get(cat, "name")), (int)json_integer_value(
		    json_object_get(cat, "sort")), &cid);
		if (err)
			goto out;
	}
	if (!(err = store_commit(db))) {
		site_cache_clear();
		content_seq_bump();
	}
out:
	if (err)
		store_rollback(db);
	json_decref(row);
	free(menu);
	return err;
}

/* ------------------------------------------------------------------ */
/* Categories                                                          */

enum cong_err
category_list(struct store_conn *db, int64_t site_id, json_t **out)
{
	struct store_val v[1] = { SV_INT(site_id) };

	return store_query_json(db, ST_CATEGORY_LIST, v, 1, out);
}

enum cong_err
category_by_slug(struct store_conn *db, int64_t site_id, const char *slug,
    size_t len, json_t **out)
{
	struct store_val v[2] = { SV_INT(site_id), SV_STRN(slug, len) };

	return store_query_one(db, ST_CATEGORY_BY_SLUG, v, 2, out);
}

enum cong_err
category_ensure(struct store_conn *db, int64_t site_id, const char *name,
    int sort, int64_t *id)
{
	struct store_val k[2] = { SV_INT(site_id), SV_STR(name) };
	struct buf slug = BUF_INIT;
	enum cong_err err;

	err = store_query_int(db, ST_CATEGORY_BY_NAME, k, 2, id);
	if (err != CONG_ENOTFOUND)
		return err;
	if ((err = vn_slug(name, strlen(name), &slug, LIMIT_SLUG))) {
		log_error("category '%s': no letters to make a slug of", name);
		goto out;
	}
	{
		struct store_val v[5] = { SV_INT(site_id), SV_NUL,
			SV_STR(slug.ptr), SV_STR(name), SV_INT(sort) };

		err = store_exec(db, ST_CATEGORY_INSERT, v, 5, id, NULL);
		if (err == CONG_EEXIST)
			log_error("category '%s': slug '%s' is taken", name,
			    slug.ptr);
	}
out:
	buf_release(&slug);
	return err;
}
