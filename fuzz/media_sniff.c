/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target for the media type sniffer: content/media.c's
 * media_sniff() and the container parsers of content/zipsniff.c (ZIP
 * central directory, OLE2 directory), plus media_display_name() on the
 * same bytes as a file name. Promises checked: a failed sniff leaves
 * its output as it was, a successful one names a kind in range and
 * agrees with the container parser for ZIP and OLE2 inputs, the parsers
 * answer OFFICE_NONE on every error; a display name is valid UTF-8 of
 * at most LIMIT_MEDIA_NAME code points, never empty, with no path
 * separator, no control character and no leading dot. Violations abort
 * with "invariant broken: ...".
 *
 * Build with the fuzz library (`make fuzz-build`, fuzz/README.md):
 * media.c needs libvips, libsodium and the store at link time, though
 * this target calls none of their code.
 */
#include "base/common.h"
#include "base/buf.h"
#include "content/media.h"
#include "content/zipsniff.h"
#include "vn/text.h"

#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
broken(const char *what)
{
	fprintf(stderr, "invariant broken: %s\n", what);
	abort();
}

static void
check_sniff(const uint8_t *p, size_t n)
{
	enum media_kind k = MEDIA__MAX;
	enum office_kind zk = OFFICE__MAX, ok = OFFICE__MAX;
	enum cong_err err, zerr, oerr;

	err = media_sniff(p, n, &k);
	if (err && k != MEDIA__MAX)
		broken("failed media_sniff changed its output");
	if (!err && (unsigned)k >= MEDIA__MAX)
		broken("media_sniff named a kind out of range");
	if (err && err != CONG_EINVAL && err != CONG_ETOOBIG)
		broken("media_sniff returned an undocumented error");
	zerr = zipsniff_zip(p, n, &zk);
	oerr = zipsniff_ole2(p, n, &ok);
	if ((zerr && zk != OFFICE_NONE) || (oerr && ok != OFFICE_NONE))
		broken("failed zipsniff left a kind");
	if (!zerr && zk != OFFICE_DOCX && zk != OFFICE_XLSX &&
	    zk != OFFICE_ODT)
		broken("zipsniff_zip named a non-ZIP kind");
	if (!oerr && ok != OFFICE_DOC && ok != OFFICE_XLS)
		broken("zipsniff_ole2 named a non-OLE2 kind");
	if (n >= 4 && memcmp(p, "PK\3\4", 4) == 0) {
		if (!zerr != !err)
			broken("media_sniff and zipsniff_zip disagree");
		if (!err && k != (zk == OFFICE_DOCX ? MEDIA_DOCX :
		    zk == OFFICE_XLSX ? MEDIA_XLSX : MEDIA_ODT))
			broken("media_sniff named another ZIP kind");
	}
	if (n >= 4 && memcmp(p, "\xd0\xcf\x11\xe0", 4) == 0 &&
	    !oerr != !err)
		broken("media_sniff and zipsniff_ole2 disagree");
}

static void
check_name(const uint8_t *p, size_t n)
{
	char *s = xmalloc(n + 1);
	struct buf b = BUF_INIT;
	size_t i, l, cps = 0;
	uint32_t cp;

	memcpy(s, p, n);
	s[n] = '\0';
	if (media_display_name(s, &b))
		broken("media_display_name failed");
	if (!b.len || !vn_utf8_valid(b.ptr, b.len))
		broken("display name empty or not UTF-8");
	if (b.ptr[0] == '.' || memchr(b.ptr, '/', b.len) ||
	    memchr(b.ptr, '\\', b.len))
		broken("display name keeps a path");
	for (i = 0; i < b.len; i += l, cps++) {
		l = vn_utf8_next(b.ptr + i, b.len - i, &cp);
		if (!l || cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) ||
		    (cp >= 0x202a && cp <= 0x202e))
			broken("display name keeps a control character");
	}
	if (cps > LIMIT_MEDIA_NAME)
		broken("display name too long");
	buf_release(&b);
	free(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_sniff(data, size);
	if (size <= 4096)
		check_name(data, size);
	return 0;
}
