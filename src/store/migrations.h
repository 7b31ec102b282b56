/* SPDX-License-Identifier: ISC */
/*
 * migrations.h: the schema migrations each backend carries, generated at
 * build time from src/store/migrations/DIALECT/NNN_name.sql. Each array
 * ends with a zeroed entry; versions increase.
 */
#ifndef CONG_STORE_MIGRATIONS_H
#define CONG_STORE_MIGRATIONS_H

struct migration {
	int version;
	const char *name;
	const char *sql;
};

extern const struct migration migrations_sqlite[];
extern const struct migration migrations_pg[];

#endif
