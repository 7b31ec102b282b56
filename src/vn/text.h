/* SPDX-License-Identifier: ISC */
/*
 * vn/text.h: the gate every piece of user text passes before it is stored.
 * It checks UTF-8 strictly, refuses control characters, normalises line
 * ends and puts the text in Unicode NFC (through utf8proc), so that two
 * spellings of "Việt" that look the same are the same bytes. It also
 * offers the small UTF-8 decoder the rest of src/vn walks text with.
 * It does not fold, slug or sanitise HTML; see vn/fold.h, vn/slug.h and
 * render/. Output is always appended to a caller-owned struct buf, and
 * the buf's cap is respected (CONG_ETOOBIG, with nothing half-written
 * left behind: on error out->len is restored).
 */
#ifndef CONG_VN_TEXT_H
#define CONG_VN_TEXT_H

#include "base/buf.h"

/* Flags for vn_text_clean(). */
enum vn_text_flags {
	/* Accept \n and \t (and turn \r\n and a lone \r into \n). */
	VN_TEXT_MULTILINE = 1u << 0
};

/*
 * Decodes one code point from p[0..n) (n >= 1) into *cp and returns its
 * length in bytes (1..4), or 0 if the bytes there are not well-formed
 * UTF-8: a stray continuation byte, a truncated sequence, an overlong
 * form, a surrogate (U+D800..U+DFFF) or a value above U+10FFFF.
 */
size_t vn_utf8_next(const char *p, size_t n, uint32_t *cp);

/*
 * Writes the UTF-8 form of cp (which must be <= U+10FFFF and not a
 * surrogate) to dst, which must hold 4 bytes; returns the length 1..4,
 * or 0 for a value that has no UTF-8 form.
 */
size_t vn_utf8_put(uint32_t cp, char dst[4]);

/* True if p[0..n) is well-formed UTF-8 (see vn_utf8_next()). */
bool vn_utf8_valid(const char *p, size_t n);

/*
 * Appends the NFC form of the UTF-8 text p[0..n) to out.
 * Returns CONG_EINVAL if p is not well-formed UTF-8, CONG_ETOOBIG if out's
 * cap is reached (out is then left as it was).
 */
enum cong_err vn_nfc(const char *p, size_t n, struct buf *out);

/*
 * Checks and cleans one user-supplied text and appends it to out in NFC.
 * Refused with CONG_EINVAL: malformed UTF-8 (see vn_utf8_next()), C0
 * controls (U+0000..U+001F), DEL (U+007F) and C1 controls (U+0080..U+009F).
 * With VN_TEXT_MULTILINE in flags, \t and \n are allowed and \r\n or a lone
 * \r become \n; without it they are refused too.
 * Returns CONG_ETOOBIG if out's cap is reached; on any error out is left as
 * it was.
 */
enum cong_err vn_text_clean(const char *p, size_t n, struct buf *out,
    unsigned flags);

/*
 * For single-line fields (titles, names, captions): cleans p like
 * vn_text_clean() but accepts \t, \r and \n as white space, then turns
 * every run of white space (ASCII space, tab, line ends, U+00A0 NBSP and
 * the other Unicode space separators, category Zs) into one ASCII space
 * and drops white space at both ends. Appends the result (possibly empty)
 * to out. Errors as vn_text_clean(); on error out is left as it was.
 */
enum cong_err vn_text_line(const char *p, size_t n, struct buf *out);

#endif
