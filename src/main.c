/* SPDX-License-Identifier: ISC */
/*
 * main.c: command dispatch only.
 */
#include "base/common.h"
#include "cmd/cmd.h"

#include <stdio.h>

static const struct {
	const char *name;
	int (*fn)(struct cong_config *cfg, int argc, char **argv);
	const char *help;
} commands[] = {
	{ "serve", cmd_serve, "serve the portal over HTTP" },
	{ "init", cmd_init, "create the database [--site FILE]" },
	{ "import", cmd_import,
	    "import articles [--site HOST] [--media DIR] [--encoding E] FILE..." },
	{ "check", cmd_check, "check the database, media and audit chain" },
	{ "backup", cmd_backup,
	    "consistent copy of the database and media, while serving: DIR" },
	{ "restore", cmd_restore,
	    "bring a backup back into an empty data dir: DIR [--force]" },
	{ "migrate", cmd_migrate,
	    "copy everything to PostgreSQL: --from sqlite:PATH --to URL" },
	{ "user", cmd_user,
	    "accounts: add LOGIN --role R [--name N] [--password-stdin] | passwd | disable | enable | list" },
	{ "export", cmd_export,
	    "write the public site as static files: DIR [--site HOST] [--jobs N]" },
};

static int
usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: cong COMMAND [--config FILE] [--db URL] "
	    "[--data DIR] [options]\n\ncommands:\n");
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].help);
	return f == stderr ? 2 : 0;
}

int
main(int argc, char **argv)
{
	struct cong_config cfg;
	size_t i;
	int rc = 2;

	if (argc < 2)
		return usage(stderr);
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help"))
		return usage(stdout);
	for (i = 0; i < ARRAY_SIZE(commands); i++) {
		if (strcmp(argv[1], commands[i].name))
			continue;
		argc--;
		argv++;
		if (config_load(&cfg, &argc, argv) == CONG_OK)
			rc = commands[i].fn(&cfg, argc, argv);
		config_release(&cfg);
		return rc;
	}
	fprintf(stderr, "cong: unknown command '%s'\n", argv[1]);
	return usage(stderr);
}
