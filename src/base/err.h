/* SPDX-License-Identifier: ISC */
/*
 * err.h: the one error type. A function that acts returns enum cong_err;
 * CONG_OK is zero so "if (err)" reads naturally. cong_strerror() gives a
 * short lower-case English name for logs, never for end users.
 */
#ifndef CONG_BASE_ERR_H
#define CONG_BASE_ERR_H

enum cong_err {
	CONG_OK = 0,
	CONG_ENOMEM,	/* allocation failed */
	CONG_ETOOBIG,	/* a cap from base/limits.h was reached */
	CONG_EINVAL,	/* bad input: caller's or user's */
	CONG_EPARSE,	/* malformed text in a parser */
	CONG_ENOTFOUND,	/* no such row, file or route */
	CONG_EEXIST,	/* already exists, unique key taken */
	CONG_EPERM,	/* not allowed */
	CONG_EIO,	/* file system or socket */
	CONG_EDB,	/* the store failed */
	CONG_EUNAVAIL,	/* a dependency is down: retry later */
	CONG_ECONFLICT,	/* concurrent change; reload and retry */
	CONG_E__MAX
};

/* Returns a static string naming err; never NULL. */
const char *cong_strerror(enum cong_err err);

#endif
