/* SPDX-License-Identifier: ISC */
/*
 * multipart.h: multipart/form-data request bodies (RFC 7578), the way
 * file uploads and rich forms arrive, and the parameter reader for
 * Content-Type style header values (charset, boundary). Pure functions
 * over bytes: no libh2o, no files. Part data is not copied: it points
 * into the body the caller keeps alive. Filenames come back as sent;
 * making them safe to store is the media layer's job.
 *
 * This file calls http_url_decode() from http/params.c (for filename*),
 * so a standalone build of it needs params.c as well.
 */
#ifndef CONG_HTTP_MULTIPART_H
#define CONG_HTTP_MULTIPART_H

#include "base/buf.h"

/* Most parts in one body. */
#define HTTP_MULTIPART_MAX_PARTS 64
/* Most bytes of one part's header block, its CRLFs included. */
#define HTTP_MULTIPART_MAX_HEADERS 8192
/* Boundary length bounds, RFC 2046 §5.1.1. */
#define HTTP_MULTIPART_BOUNDARY_MAX 70

struct http_part {
	/* Content-Disposition name, unquoted; never NULL or empty. Owned. */
	char *name;
	/*
	 * The filename, unquoted (or decoded from filename*, which wins
	 * when both are sent, RFC 6266 §4.3); NULL if the part carries
	 * none; "" when a browser sent a file field with no file chosen.
	 * Raw: may hold '/', '\\', "..", any UTF-8 or none. Owned.
	 */
	char *filename;
	/* The part's Content-Type value as sent, spaces trimmed; NULL if
	 * absent, which RFC 7578 §4.4 says means text/plain. Owned. */
	char *content_type;
	/* The part's bytes, pointing into the body; not NUL-terminated. */
	const char *data;
	size_t len;
};

struct http_multipart {
	struct http_part *parts;
	size_t n;
};

#define HTTP_MULTIPART_INIT { NULL, 0 }

/*
 * Parses body[0..n), sent with the Content-Type header value
 * content_type_header[0..ct_len), into *out, which it overwrites (it
 * need not be initialised). On success the caller owns out's strings and
 * must call http_multipart_release(); the data pointers stay valid as
 * long as body does. On error *out is empty and holds nothing to free.
 *
 * The media type must be multipart/form-data and carry a boundary of
 * 1 to 70 RFC 2046 bchars (quoted or not). A preamble before the first
 * delimiter and an epilogue after the closing one are ignored. Lines end
 * in CRLF. Each part needs a Content-Disposition of type form-data with
 * a non-empty name; filename, filename* (only the UTF-8''%xx form of
 * RFC 5987) and Content-Type are read, other headers ignored. In quoted
 * strings a backslash escapes only '"' and '\\'; any other backslash is
 * kept, since old browsers send Windows paths unescaped.
 *
 * Returns CONG_OK; CONG_EINVAL if the media type is not
 * multipart/form-data or filename* decodes to a NUL byte; CONG_EPARSE
 * for a missing or malformed boundary, no opening or no closing
 * delimiter, a header line without ':' or with control bytes, a folded
 * header line, a part without Content-Disposition or name, a repeated
 * Content-Disposition, Content-Type, name, filename or filename*, a
 * filename* in another charset, or a malformed quoted-string or %-escape;
 * CONG_ETOOBIG for more than HTTP_MULTIPART_MAX_PARTS parts, a header
 * block over HTTP_MULTIPART_MAX_HEADERS bytes, or n over
 * LIMIT_UPLOAD_BODY.
 */
enum cong_err http_multipart_parse(const char *content_type_header,
    size_t ct_len, const char *body, size_t n, struct http_multipart *out);

/* Frees the parts' strings and resets m to empty. NULL is fine. */
void http_multipart_release(struct http_multipart *m);

/*
 * Finds the parameter named param (NUL-terminated, matched without
 * regard to case) in a header value of the form
 * type/subtype *( OWS ";" OWS name "=" ( token / quoted-string ) ),
 * as in Content-Type (RFC 7231 §3.1.1.1), and appends its value to out,
 * unquoted. Spaces around '=' and empty parameters (";;") are tolerated.
 * The first match wins and the header is not read past it.
 *
 * Returns CONG_OK; CONG_ENOTFOUND if there is no such parameter;
 * CONG_EPARSE if the media type or a parameter before the match is
 * malformed (no '/', no '=', an empty or non-token name or value, an
 * unterminated quoted-string or one holding a control byte); CONG_ETOOBIG
 * when out's cap is reached. On error out is left as it was.
 */
enum cong_err http_content_type_param(const char *header, size_t n,
    const char *param, struct buf *out);

#endif
