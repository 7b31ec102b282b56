/* SPDX-License-Identifier: ISC */
/*
 * limits.h: every cap on user-sized data, in one place. A buffer or parser
 * that holds data a client or an imported file controls takes its cap from
 * here, so that xmalloc's abort-on-OOM can never be reached by input size.
 * docs/security.md lists these values; keep the two in step.
 */
#ifndef CONG_BASE_LIMITS_H
#define CONG_BASE_LIMITS_H

/* HTTP */
#define LIMIT_REQ_BODY		(1u << 20)	/* form posts: 1 MiB */
#define LIMIT_UPLOAD_BODY	(32u << 20)	/* multipart uploads: 32 MiB */
#define LIMIT_URL		4096		/* path + query, bytes */
#define LIMIT_QUERY_PARAMS	64		/* name=value pairs per request */
#define LIMIT_PARAM		65536		/* one decoded value */
#define LIMIT_HEADER_VALUE	8192
#define LIMIT_CONN_TOTAL	4096		/* open connections per process */
#define LIMIT_CONN_PER_ADDR	256		/* per client address (not loopback) */
#define LIMIT_IO_TIMEOUT_MS	10000		/* idle/slow socket I/O */
#define LIMIT_SHUTDOWN_MS	10000		/* graceful shutdown grace */
#define LIMIT_WORKER_QUEUE	4096		/* jobs waiting for a worker */

/* Content */
#define LIMIT_TITLE		1024		/* bytes, after NFC */
#define LIMIT_LEAD		8192
#define LIMIT_BODY		(2u << 20)	/* sanitized article HTML */
#define LIMIT_BODY_TAGS		10000		/* start tags in one body */
#define LIMIT_SLUG		200
#define LIMIT_IMPORT_FILE	(8u << 20)	/* one imported file */

/* Media (content/media.c): header checks run before any pixel is decoded */
#define LIMIT_IMAGE_PIXELS	(40u * 1000 * 1000)	/* width * height */
#define LIMIT_IMAGE_SIDE	12000		/* px, either side */
#define LIMIT_VIPS_MEMORY	(128u << 20)	/* libvips operation cache */
#define LIMIT_ZIP_ENTRIES	4096		/* central directory records */
#define LIMIT_ZIP_UNPACKED	(256u << 20)	/* sum of declared sizes */
#define LIMIT_MEDIA_NAME	120		/* display name, code points */
#define LIMIT_ALT		1000		/* alt text, bytes */
#define LIMIT_CAPTION		2000		/* caption, bytes */

/* Rendering */
#define LIMIT_PAGE		(8u << 20)	/* one rendered page */
#define LIMIT_TMPL_DEPTH	64		/* section/partial nesting */
#define LIMIT_TMPL_SOURCE	(1u << 20)	/* one template file */

/* Search */
#define LIMIT_QUERY		256		/* bytes of a search query */
#define LIMIT_QUERY_TERMS	16

#endif
