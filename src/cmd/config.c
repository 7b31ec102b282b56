/* SPDX-License-Identifier: ISC */
/*
 * config.c: defaults < INI file < environment < flags.
 */
#include "base/common.h"
#include "base/buf.h"
#include "cmd/config.h"

#include <ini.h>
#include <stdio.h>
#include <strings.h>

enum setting_type { SET_STR, SET_INT, SET_BOOL };

struct setting {
	const char *section, *name, *env, *flag;
	enum setting_type type;
	size_t off;
};

#define OFF(f) offsetof(struct cong_config, f)

static const struct setting settings[] = {
	{ "server", "listen", "CONG_LISTEN", "--listen", SET_STR, OFF(listen) },
	{ "server", "loops", "CONG_LOOPS", "--loops", SET_INT, OFF(loops) },
	{ "server", "workers", "CONG_WORKERS", "--workers", SET_INT,
	    OFF(workers) },
	{ "server", "access_log", "CONG_ACCESS_LOG", NULL, SET_BOOL,
	    OFF(access_log) },
	{ "server", "behind_tls", "CONG_BEHIND_TLS", NULL, SET_BOOL,
	    OFF(behind_tls) },
	{ "server", "cache_mb", "CONG_CACHE_MB", "--cache-mb", SET_INT,
	    OFF(cache_mb) },
	{ "server", "max_conns", "CONG_MAX_CONNS", NULL, SET_INT,
	    OFF(max_conns) },
	{ "server", "conns_per_addr", "CONG_CONNS_PER_ADDR", NULL, SET_INT,
	    OFF(conns_per_addr) },
	{ "server", "user", "CONG_USER", "--user", SET_STR, OFF(user) },
	{ "server", "sandbox", "CONG_SANDBOX", NULL, SET_BOOL, OFF(sandbox) },
	{ "server", "allow_root", "CONG_ALLOW_ROOT", NULL, SET_BOOL,
	    OFF(allow_root) },
	{ "server", "emc_host", "CONG_EMC_HOST", NULL, SET_STR,
	    OFF(emc_host) },
	{ "paths", "db", "CONG_DB", "--db", SET_STR, OFF(db) },
	{ "paths", "db_read", "CONG_DB_READ", "--db-read", SET_STR,
	    OFF(db_read) },
	{ "paths", "data", "CONG_DATA", "--data", SET_STR, OFF(data_dir) },
	{ "paths", "templates", "CONG_TEMPLATES", "--templates", SET_STR,
	    OFF(templates) },
	{ "paths", "static", "CONG_STATIC", "--static", SET_STR,
	    OFF(static_dir) },
	{ "paths", "media", "CONG_MEDIA", "--media-dir", SET_STR,
	    OFF(media_dir) },
};

static enum cong_err
set_value(struct cong_config *cfg, const struct setting *s, const char *v)
{
	void *field = (char *)cfg + s->off;
	char *end;
	long n;

	switch (s->type) {
	case SET_STR:
		if (!*v)
			return CONG_EINVAL;
		free(*(char **)field);
		*(char **)field = xstrdup(v);
		return CONG_OK;
	case SET_INT:
		n = strtol(v, &end, 10);
		if (*end || end == v || n < 0 || n > 1000000)
			return CONG_EINVAL;
		*(int *)field = (int)n;
		return CONG_OK;
	case SET_BOOL:
		if (!strcasecmp(v, "on") || !strcasecmp(v, "true") ||
		    !strcmp(v, "1") || !strcasecmp(v, "yes"))
			*(bool *)field = true;
		else if (!strcasecmp(v, "off") || !strcasecmp(v, "false") ||
		    !strcmp(v, "0") || !strcasecmp(v, "no"))
			*(bool *)field = false;
		else
			return CONG_EINVAL;
		return CONG_OK;
	}
	return CONG_EINVAL;
}

static int
on_ini(void *ud, const char *section, const char *name, const char *value)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(settings); i++)
		if (!strcmp(settings[i].section, section) &&
		    !strcmp(settings[i].name, name))
			return set_value(ud, &settings[i], value) == CONG_OK;
	return 0;
}

static void
defaults(struct cong_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->listen = xstrdup("127.0.0.1:8080");
	cfg->data_dir = xstrdup("data");
	cfg->templates = xstrdup("templates");
	cfg->static_dir = xstrdup("static");
	cfg->access_log = true;
	cfg->cache_mb = 32;
	cfg->sandbox = true;
}

static const char *
config_file(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc - 1; i++)
		if (!strcmp(argv[i], "--config"))
			return argv[i + 1];
	return getenv("CONG_CONFIG");
}

enum cong_err
config_load(struct cong_config *cfg, int *argc, char **argv)
{
	const char *file = config_file(*argc, argv);
	struct buf b = BUF_INIT;
	int i, out = 1, line;
	size_t k;

	defaults(cfg);
	if (file && (line = ini_parse(file, on_ini, cfg)) != 0) {
		if (line < 0)
			fprintf(stderr, "cong: cannot open '%s'\n", file);
		else
			fprintf(stderr, "cong: %s:%d: unknown setting or bad "
			    "value\n", file, line);
		return CONG_EINVAL;
	}
	for (k = 0; k < ARRAY_SIZE(settings); k++) {
		const char *v = getenv(settings[k].env);

		if (v && set_value(cfg, &settings[k], v)) {
			fprintf(stderr, "cong: bad value in %s\n",
			    settings[k].env);
			return CONG_EINVAL;
		}
	}
	for (i = 1; i < *argc; i++) {
		bool used = false;

		if (!strcmp(argv[i], "--config") && i + 1 < *argc) {
			i++;
			continue;
		}
		for (k = 0; k < ARRAY_SIZE(settings); k++) {
			if (!settings[k].flag || strcmp(argv[i],
			    settings[k].flag))
				continue;
			if (i + 1 >= *argc || set_value(cfg, &settings[k],
			    argv[i + 1])) {
				fprintf(stderr, "cong: %s needs a valid value\n",
				    argv[i]);
				return CONG_EINVAL;
			}
			i++;
			used = true;
			break;
		}
		if (!used)
			argv[out++] = argv[i];
	}
	*argc = out;
	argv[out] = NULL;
	if (!cfg->db) {
		buf_addf(&b, "sqlite:%s/cong.db", cfg->data_dir);
		cfg->db = buf_detach(&b, NULL);
	}
	if (!cfg->media_dir) {
		buf_addf(&b, "%s/media", cfg->data_dir);
		cfg->media_dir = buf_detach(&b, NULL);
	}
	buf_release(&b);
	return CONG_OK;
}

void
config_release(struct cong_config *cfg)
{
	if (!cfg)
		return;
	free(cfg->listen);
	free(cfg->db);
	free(cfg->db_read);
	free(cfg->data_dir);
	free(cfg->templates);
	free(cfg->static_dir);
	free(cfg->media_dir);
	free(cfg->user);
	free(cfg->emc_host);
	memset(cfg, 0, sizeof(*cfg));
}
