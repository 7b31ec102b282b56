/* SPDX-License-Identifier: ISC */
/*
 * media.h: uploaded and imported files. A file is stored once per site
 * under a content-addressed name (the first 32 hex digits of its SHA-256
 * and an extension chosen by its content, never by its name) in the
 * media directory, and served at /media/NAME.
 */
#ifndef CONG_CONTENT_MEDIA_H
#define CONG_CONTENT_MEDIA_H

#include <jansson.h>

#include "base/common.h"

struct store_conn;

enum media_kind { MEDIA_JPEG, MEDIA_PNG, MEDIA_GIF, MEDIA_WEBP, MEDIA__MAX };

/* The kind of an image by its first bytes; CONG_EINVAL if none of ours. */
enum cong_err media_sniff(const unsigned char *p, size_t n,
    enum media_kind *kind);

/*
 * Stores the bytes (if new) and its media row, in the caller's
 * transaction if one is open. orig_name is kept for display only.
 * *out gets {id, file, width, height, mime}; caller owns it.
 */
enum cong_err media_add(struct store_conn *db, const char *media_dir,
    int64_t site_id, const unsigned char *data, size_t len,
    const char *orig_name, const char *caption, const char *alt,
    int64_t now, json_t **out);

/* Reads a file (at most LIMIT_UPLOAD_BODY bytes) and calls media_add. */
enum cong_err media_add_file(struct store_conn *db, const char *media_dir,
    int64_t site_id, const char *path, const char *caption,
    const char *alt, int64_t now, json_t **out);

#endif
