/* SPDX-License-Identifier: ISC */
/*
 * config.h: the settings every command reads. Defaults, then an INI file
 * (--config FILE or CONG_CONFIG), then CONG_* environment variables,
 * then command-line flags; later wins.
 *
 *   [server] listen, loops, workers, access_log, behind_tls, cache_mb,
 *            max_conns, conns_per_addr, user, allow_root, sandbox,
 *            emc_host
 *   [paths]  db, db_read, data, templates, static, media
 */
#ifndef CONG_CMD_CONFIG_H
#define CONG_CMD_CONFIG_H

#include "base/common.h"

struct cong_config {
	char *listen;		/* 127.0.0.1:8080 */
	char *db;		/* sqlite:data/cong.db */
	char *db_read;		/* a read replica's URL, or NULL */
	char *data_dir;		/* data */
	char *templates;	/* templates */
	char *static_dir;	/* static */
	char *media_dir;	/* data/media */
	int loops;		/* 0 = one per core */
	int workers;		/* 0 = two per core */
	bool access_log;
	bool behind_tls;
	int cache_mb;		/* page cache budget, MiB; 0 = off */
	int max_conns;		/* 0 = built-in limit */
	int conns_per_addr;	/* 0 = built-in limit */
	char *user;		/* serve: drop root for this user; NULL */
	bool allow_root;	/* serve: may keep running as root */
	bool sandbox;		/* serve: Landlock + seccomp; on */
	char *emc_host;		/* EMC monitoring script host, for CSP */
};

/*
 * Fills cfg from defaults, file and environment, then consumes the
 * common flags (--config, --db, --listen, --data, --templates, --static,
 * --media, --loops, --workers, --user) from argv, moving the rest to the
 * front: *argc becomes the count of what is left. CONG_EINVAL with a message on
 * stderr for a bad value or a flag missing its value.
 */
enum cong_err config_load(struct cong_config *cfg, int *argc, char **argv);
void config_release(struct cong_config *cfg);

#endif
