/* SPDX-License-Identifier: ISC */
/*
 * escape.h: the escaping writers, one per output context. Each appends the
 * escaped form of n bytes at s to b and returns CONG_OK, or CONG_ETOOBIG
 * when b's cap is reached (b then holds a prefix of the output and its
 * sticky overflow flag is set). s need not be NUL-terminated; n may be 0.
 * None of them allocates except through b. The template engine uses
 * escape_html for {{x}}; the others serve code that builds attributes,
 * query strings, feeds and embedded JSON by hand.
 */
#ifndef CONG_RENDER_ESCAPE_H
#define CONG_RENDER_ESCAPE_H

#include "base/buf.h"

/*
 * HTML text: & < > " ' become &amp; &lt; &gt; &quot; &#39;. Every other
 * byte is copied unchanged.
 */
enum cong_err escape_html(struct buf *b, const char *s, size_t n);

/*
 * A double- or single-quoted HTML attribute value: the same set as
 * escape_html, so the value can never close its quotes or open a tag.
 */
enum cong_err escape_attr(struct buf *b, const char *s, size_t n);

/*
 * One URL component (a query name or value, a path segment): every byte
 * except the unreserved A-Z a-z 0-9 - . _ ~ becomes %XX (upper-case hex),
 * so UTF-8 text is percent-encoded byte by byte.
 */
enum cong_err escape_url_component(struct buf *b, const char *s, size_t n);

/*
 * XML 1.0 text and attribute values (feeds, sitemaps): & < > " ' become
 * &amp; &lt; &gt; &quot; &apos;. Characters XML 1.0 does not allow are
 * dropped: C0 controls other than tab, LF and CR, U+FFFE, U+FFFF, UTF-16
 * surrogates, and bytes that are not well-formed UTF-8.
 */
enum cong_err escape_xml(struct buf *b, const char *s, size_t n);

/*
 * JSON text that is already serialized (by jansson) and goes inside a
 * <script type="application/ld+json"> element: < > & / become \u003c
 * \u003e \u0026 \u002f and U+2028, U+2029 become \u2028 \u2029, so the
 * text can neither close the script element nor break a JavaScript
 * parser. These characters only occur inside JSON strings, where the
 * escapes mean the same thing, so the JSON value is unchanged.
 */
enum cong_err escape_json_in_html(struct buf *b, const char *s, size_t n);

#endif
