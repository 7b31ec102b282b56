/* SPDX-License-Identifier: ISC */
/*
 * cmd.h: the commands main.c dispatches to. Each takes the arguments
 * after the command name (argv[0] is the command) with the common flags
 * already consumed into cfg, and returns the process exit code.
 */
#ifndef CONG_CMD_CMD_H
#define CONG_CMD_CMD_H

#include "cmd/config.h"

struct store;

int cmd_serve(struct cong_config *cfg, int argc, char **argv);
int cmd_init(struct cong_config *cfg, int argc, char **argv);
int cmd_import(struct cong_config *cfg, int argc, char **argv);
int cmd_check(struct cong_config *cfg, int argc, char **argv);
/*
 * `cong backup DIR`: a consistent copy of the database (SQLite backup
 * API) and the media, with a checksummed MANIFEST (backup.c).
 * `cong restore DIR [--force]`: checks it and brings it back into an
 * empty data folder (--force: over the current one).
 */
int cmd_backup(struct cong_config *cfg, int argc, char **argv);
int cmd_restore(struct cong_config *cfg, int argc, char **argv);
/* `cong migrate --from sqlite:PATH --to postgresql://…` (migrate.c). */
int cmd_migrate(struct cong_config *cfg, int argc, char **argv);
/* `cong user add|passwd|disable|enable|list` (user.c). */
int cmd_user(struct cong_config *cfg, int argc, char **argv);

int cmd_export(struct cong_config *cfg, int argc, char **argv);

struct http_route;
struct tmpl_set;
/* The route table of the portal (serve.c). */
const struct http_route *cmd_routes(size_t *n);
/*
 * Loads templates and static files and hands them to the pages, as
 * `serve` and `export` both need. *out is freed by the caller.
 */
int cmd_pages_setup(struct cong_config *cfg, struct tmpl_set **out);

/* Opens cfg->db (creating it when create) and migrates it. */
int cmd_open_store(struct cong_config *cfg, bool create, struct store **st);

#endif
