/* SPDX-License-Identifier: ISC */
/*
 * sanitize.h: the allowlist HTML sanitizer for article bodies, and the
 * plain-text extractor for search, leads and feeds. Input is parsed by
 * gumbo as an HTML5 fragment in a <body> context, so the tree is the one a
 * browser would build; the walk keeps only allowlisted elements and
 * attributes and writes every text and attribute value re-escaped, so the
 * output is well-formed HTML5 that re-parses to the tree that was written
 * (sanitize_html(sanitize_html(x)) == sanitize_html(x)). What
 * sanitize_html() returns is safe to print unescaped ({{{body_html}}}).
 * This file does not normalise Unicode: NFC input gives NFC output, except
 * where entities decode to combining marks.
 *
 * Cost: gumbo 0.10.1 parses about 10-20 MB/s (a 20 KB body: about 1 ms,
 * nearly all of it in gumbo), but its tree builder scans the whole stack
 * of open elements for each block start tag, so deep nesting is quadratic:
 * 20,000 nested <div> take about a second, and LIMIT_BODY of them far
 * longer. Call these from a worker, never from an event loop.
 */
#ifndef CONG_RENDER_SANITIZE_H
#define CONG_RENDER_SANITIZE_H

#include "base/buf.h"

/* opts->flags: also allow <img src="https://...">. */
#define SANITIZE_ALLOW_REMOTE_IMG	0x1u

/*
 * Most allowlisted elements open at once in the output. An element that
 * would open deeper is unwrapped: its children (and so its text) are kept,
 * flattened into the deepest element that fits; void elements (br, img,
 * hr, col) are still written at that depth.
 */
#define SANITIZE_MAX_DEPTH	64

struct sanitize_opts {
	/*
	 * The only prefix allowed for a relative <img src>, e.g. "/media/".
	 * It must start with "/" and not with "//". NULL or "" refuses every
	 * relative image.
	 */
	const char *media_prefix;
	unsigned flags;		/* SANITIZE_* bits */
};

/*
 * Sanitizes the HTML fragment html[0..len) and appends the result to out.
 *
 * Kept elements: p br hr h2-h6 (h1 is written as h2) strong b em i u s
 * sub sup small mark blockquote q cite code pre ul ol li dl dt dd a img
 * figure figcaption table caption thead tbody tfoot tr th td colgroup col
 * span div abbr time. Dropped with their content: script style iframe
 * object embed frame frameset noscript noembed noframes template textarea
 * select option svg math title meta link base form input button head
 * applet, and Word's <xml> islands. Any other element is unwrapped: its
 * children are kept. So is an allowlisted element where the HTML5 parser
 * would not leave it (a <div> inside a <p>, a <td> outside a <tr>, an <a>
 * inside an <a>, ...), a <span> left without attributes, and an element
 * past SANITIZE_MAX_DEPTH. An <img> without an acceptable src is dropped.
 * Comments, CDATA and processing instructions are dropped.
 *
 * Kept attributes: a[href title], img[src alt width height title],
 * th/td[colspan rowspan scope], ol[start type reversed], li[value],
 * time[datetime], abbr[title], q/blockquote[cite], and class on any kept
 * element, reduced to the tokens align-left align-center align-right
 * align-justify image image-style-side image-style-align-left
 * image-style-align-center image-style-align-right table. URLs (href,
 * cite) are decided on the decoded value with surrounding whitespace and
 * C0 controls trimmed and tabs and newlines removed: http:, https:,
 * mailto: (any case) or a path starting with "/" or "#". img src must
 * start with opts->media_prefix, or be https: with
 * SANITIZE_ALLOW_REMOTE_IMG.
 *
 * Text is written with & < > escaped, attributes in double quotes with
 * & < > " ' escaped; NUL and C0 controls other than tab, newline and form
 * feed are dropped, CR becomes LF.
 *
 * opts may be NULL (no relative images, no flags). html may be NULL only
 * if len is 0.
 *
 * Returns CONG_OK; CONG_ETOOBIG if len or the output passes LIMIT_BODY or
 * the output passes out's cap; CONG_EINVAL for a NULL out, NULL html
 * with len > 0, or a media_prefix not starting with a single "/". On
 * error out is left as it was.
 */
enum cong_err sanitize_html(const char *html, size_t len,
	const struct sanitize_opts *opts, struct buf *out);

/*
 * Appends the plain text of the HTML fragment html[0..len) to out (UTF-8,
 * not escaped: escape it for its destination). Tags are dropped, entities
 * decoded; the content of the elements that sanitize_html() drops with
 * their content is dropped too. Runs of whitespace become one space, block
 * elements and <br> one newline, table cells a space; the result has no
 * leading or trailing whitespace. C0 controls are dropped.
 *
 * Returns CONG_OK; CONG_ETOOBIG if len or the text passes LIMIT_BODY or
 * the text passes out's cap; CONG_EINVAL for a NULL out or NULL html with
 * len > 0. On error out is left as it was.
 */
enum cong_err sanitize_text(const char *html, size_t len, struct buf *out);

#endif
