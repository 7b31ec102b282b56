/* SPDX-License-Identifier: ISC */
/*
 * init.c: `cong init [--site FILE]`: creates the data and media folders
 * and the database, applies the migrations, and creates (or updates) the
 * site described by FILE as the default site. Without FILE and with no
 * site yet, a site named "Cổng thông tin điện tử" answering to the
 * listen address is created, so that `cong serve` shows something.
 */
#include "base/common.h"
#include "base/log.h"
#include "cmd/cmd.h"
#include "content/changes.h"
#include "content/site.h"
#include "store/store.h"

#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>

static int
make_dir(const char *path)
{
	if (mkdir(path, 0755) != 0 && errno != EEXIST) {
		log_error("cannot create '%s': %s", path, strerror(errno));
		return 1;
	}
	return 0;
}

int
cmd_init(struct cong_config *cfg, int argc, char **argv)
{
	struct site_settings s = { 0 };
	struct store *st = NULL;
	struct store_conn *db = NULL;
	json_t *site = NULL;
	const char *file = NULL;
	int64_t id = 0;
	bool has_default;
	int i, rc = 1;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--site") && i + 1 < argc) {
			file = argv[++i];
		} else {
			fprintf(stderr, "usage: cong init [--site FILE]\n");
			return 2;
		}
	}
	if (make_dir(cfg->data_dir) || make_dir(cfg->media_dir))
		return 1;
	if (cmd_open_store(cfg, true, &st) || store_conn_new(st, &db))
		goto out;
	content_seq_open(cfg->data_dir);
	has_default = store_query_one(db, ST_SITE_DEFAULT, NULL, 0, &site) ==
	    CONG_OK;
	if (file) {
		/* the first site created is the default one */
		if (site_settings_load(file, &s) ||
		    site_save(db, &s, !has_default, time(NULL), &id))
			goto out;
		printf("site %lld: %s (%s)\n", (long long)id, s.name, s.host);
	} else if (!has_default) {
		s.host = xstrdup(cfg->listen);
		s.name = xstrdup("Cổng thông tin điện tử");
		s.menu = json_pack("[{s:s, s:s}]", "label", "Trang chủ", "url",
		    "/");
		s.categories = json_array();
		if (site_save(db, &s, true, time(NULL), &id))
			goto out;
		printf("site %lld: %s (%s)\n", (long long)id, s.name, s.host);
	}
	printf("database ready: %s\n", cfg->db);
	rc = 0;
out:
	json_decref(site);
	site_settings_release(&s);
	store_conn_free(db);
	store_free(st);
	content_seq_close();
	return rc;
}
