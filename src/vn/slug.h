/* SPDX-License-Identifier: ISC */
/*
 * vn/slug.h: URL slugs made from Vietnamese titles, as in
 * /tin-tuc/kien-luong-so-ket-giao-uoc-thi-dua-6-thang-dau-nam-2019. A slug
 * is the title folded (vn/fold.h), its runs of a-z and 0-9 joined by single
 * hyphens. It is pure ASCII and matches ^[a-z0-9]+(-[a-z0-9]+)*$.
 * Uniqueness (adding "-2") is the caller's business. Thread-safe.
 */
#ifndef CONG_VN_SLUG_H
#define CONG_VN_SLUG_H

#include "base/buf.h"

/*
 * Appends the slug of the UTF-8 text p[0..n) to out. maxlen is the most
 * bytes the slug may have; 0 or anything above LIMIT_SLUG means
 * LIMIT_SLUG. A longer slug is cut at the last hyphen that fits, or, when
 * its first word alone is too long, at maxlen bytes. Characters other than
 * letters and digits after folding (punctuation, other scripts) separate
 * words. Returns CONG_EINVAL for malformed UTF-8 or when no letter or
 * digit is left (empty input, "!!!"), CONG_ETOOBIG if out's cap is
 * reached; on error out is left as it was.
 */
enum cong_err vn_slug(const char *p, size_t n, struct buf *out,
    size_t maxlen);

/*
 * True if p[0..n) is a well-formed slug: 1..LIMIT_SLUG bytes matching
 * ^[a-z0-9]+(-[a-z0-9]+)*$. For slugs that arrive in URLs.
 */
bool vn_slug_valid(const char *p, size_t n);

#endif
