/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for vn/legacy.c against $SHARED/testdata/vn-encodings: the
 * sample files, every row of the decode tables, the alphabet, the
 * cp1252-view pairs and the duydev phrases; plus detection and names.
 */
#include "base/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <cmocka.h>

#include "vn/legacy.h"
#include "vn/text.h"

#define L(s) s, sizeof(s) - 1

/* Reads $SHARED/testdata/vn-encodings/<rel> whole into b. */
static void
slurp(const char *rel, struct buf *b)
{
	struct buf path = BUF_INIT;
	const char *sh = getenv("SHARED");
	char chunk[4096];
	size_t n;
	FILE *f;

	buf_addf(&path, "%s/testdata/vn-encodings/%s",
	    sh ? sh : "/work/shared", rel);
	f = fopen(path.ptr, "rb");
	if (!f)
		fail_msg("cannot open '%s'", path.ptr);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(b, chunk, n);
	fclose(f);
	buf_release(&path);
}

/* Next line of text (in place); NULL at the end. */
static char *
next_line(char **cur)
{
	char *s = *cur, *e;

	if (!*s)
		return NULL;
	e = strchr(s, '\n');
	if (e) {
		*e = '\0';
		*cur = e + 1;
	} else {
		*cur = s + strlen(s);
	}
	return s;
}

static size_t
split_tabs(char *line, char **f, size_t max)
{
	size_t n = 0;
	char *t;

	while (n < max) {
		f[n++] = line;
		t = strchr(line, '\t');
		if (!t)
			break;
		*t = '\0';
		line = t + 1;
	}
	return n;
}

/* "41 D9" -> bytes; returns the count. */
static size_t
parse_hex(const char *s, char *out)
{
	size_t n = 0;
	char *end;

	while (*s) {
		out[n++] = (char)strtoul(s, &end, 16);
		s = end;
		while (*s == ' ')
			s++;
	}
	return n;
}

/* "U+1EA6" -> UTF-8 into b. */
static void
put_u(const char *u, struct buf *b)
{
	char s[4];

	buf_add(b, s, vn_utf8_put((uint32_t)strtoul(u + 2, NULL, 16), s));
}

static void
legacy_samples(void **state)
{
	static const struct {
		const char *file, *want;
		enum vn_enc enc;
	} cases[] = {
		{ "samples/sample.tcvn3.txt",
		  "samples/sample.tcvn3.expected-utf8.txt", VN_ENC_TCVN3 },
		{ "samples/sample.vni-win.txt", "samples/sample.utf8.txt",
		  VN_ENC_VNI },
		{ "samples/sample.viscii.txt", "samples/sample.utf8.txt",
		  VN_ENC_VISCII },
		{ "samples/sample.utf8.txt", "samples/sample.utf8.txt",
		  VN_ENC_UTF8 },
	};
	struct buf in = BUF_INIT, want = BUF_INIT, got = BUF_INIT;
	size_t i;

	UNUSED(state);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		buf_reset(&in);
		buf_reset(&want);
		buf_reset(&got);
		slurp(cases[i].file, &in);
		slurp(cases[i].want, &want);
		assert_int_equal(vn_legacy_decode(cases[i].enc, in.ptr, in.len,
		    &got), CONG_OK);
		assert_string_equal(got.ptr, want.ptr);
		assert_int_equal(vn_legacy_detect(in.ptr, in.len),
		    cases[i].enc);
		buf_reset(&got);
		assert_int_equal(vn_legacy_decode(VN_ENC_AUTO, in.ptr, in.len,
		    &got), CONG_OK);
		assert_string_equal(got.ptr, want.ptr);
	}
	buf_release(&in);
	buf_release(&want);
	buf_release(&got);
}

/* Detection line by line: short inputs, so allow a few misses. */
static void
legacy_detect_lines(void **state)
{
	static const struct {
		const char *file;
		enum vn_enc enc;
	} cases[] = {
		{ "samples/sample.tcvn3.txt", VN_ENC_TCVN3 },
		{ "samples/sample.vni-win.txt", VN_ENC_VNI },
		{ "samples/sample.viscii.txt", VN_ENC_VISCII },
		{ "samples/sample.utf8.txt", VN_ENC_UTF8 },
	};
	struct buf in = BUF_INIT;
	size_t i, lines, hits;
	char *cur, *line;

	UNUSED(state);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		buf_reset(&in);
		slurp(cases[i].file, &in);
		cur = in.ptr;
		lines = hits = 0;
		while ((line = next_line(&cur)) != NULL) {
			lines++;
			if (vn_legacy_detect(line, strlen(line)) ==
			    cases[i].enc)
				hits++;
		}
		print_message("# %s: %zu/%zu lines detected\n",
		    cases[i].file, hits, lines);
		assert_int_equal(lines, 418);
		assert_true(hits * 100 >= lines * 97);
	}
	buf_release(&in);
}

/*
 * One decode table: column bcol holds hex bytes, ucol "U+XXXX" (rows
 * with no code point are checked to decode to something, not to fail).
 */
static void
check_table(const char *file, enum vn_enc enc, size_t bcol, size_t ucol,
    size_t want_rows)
{
	struct buf t = BUF_INIT, got = BUF_INIT, want = BUF_INIT;
	char *cur, *line, *col[8], bytes[8];
	size_t rows = 0, nb, nc;

	slurp(file, &t);
	cur = t.ptr;
	next_line(&cur);		/* header */
	while ((line = next_line(&cur)) != NULL) {
		nc = split_tabs(line, col, 8);
		assert_true(nc > ucol);
		nb = parse_hex(col[bcol], bytes);
		buf_reset(&got);
		buf_reset(&want);
		assert_int_equal(vn_legacy_decode(enc, bytes, nb, &got),
		    CONG_OK);
		rows++;
		if (col[ucol][0] != 'U') {
			assert_true(got.len > 0);
			continue;
		}
		put_u(col[ucol], &want);
		if (got.len != want.len ||
		    memcmp(got.ptr, want.ptr, got.len) != 0)
			fail_msg("%s: %s -> '%s' want '%s'", file,
			    col[bcol], got.ptr, want.ptr);
	}
	assert_int_equal(rows, want_rows);
	buf_release(&t);
	buf_release(&got);
	buf_release(&want);
}

static void
legacy_tables(void **state)
{
	UNUSED(state);
	check_table("tcvn3-decode.tsv", VN_ENC_TCVN3, 0, 2, 128);
	check_table("vni-win-decode.tsv", VN_ENC_VNI, 0, 2, 134);
	check_table("viscii-decode.tsv", VN_ENC_VISCII, 0, 1, 256);
	check_table("cp1258-decode.tsv", VN_ENC_CP1258, 0, 1, 256);
}

/* tcvn3-decode.tsv's uppercase_variant: the small letter comes out. */
static void
legacy_tcvn3_capitals_small(void **state)
{
	struct buf got = BUF_INIT;

	UNUSED(state);
	assert_int_equal(vn_legacy_decode(VN_ENC_TCVN3, L("\xa7\xb8"), &got),
	    CONG_OK);
	assert_string_equal(got.ptr, "Đá");
	buf_reset(&got);
	/* 0x80..0x9F: Windows-1252 symbols, not VN1 capitals */
	assert_int_equal(vn_legacy_decode(VN_ENC_TCVN3, L("\x93x\x94\x01"),
	    &got), CONG_OK);
	assert_string_equal(got.ptr, "“x”\x01");
	buf_release(&got);
}

static void
legacy_alphabet(void **state)
{
	struct buf t = BUF_INIT, got = BUF_INIT;
	char *cur, *line, *col[8], bytes[8];
	size_t rows = 0, nb;

	UNUSED(state);
	slurp("samples/alphabet.tsv", &t);
	cur = t.ptr;
	next_line(&cur);
	while ((line = next_line(&cur)) != NULL) {
		assert_int_equal(split_tabs(line, col, 8), 7);
		nb = parse_hex(col[1], bytes);
		buf_reset(&got);
		assert_int_equal(vn_legacy_decode(VN_ENC_TCVN3, bytes, nb,
		    &got), CONG_OK);
		assert_string_equal(got.ptr, col[3]);
		nb = parse_hex(col[4], bytes);
		buf_reset(&got);
		assert_int_equal(vn_legacy_decode(VN_ENC_VNI, bytes, nb, &got),
		    CONG_OK);
		assert_string_equal(got.ptr, col[0]);
		nb = parse_hex(col[6], bytes);
		buf_reset(&got);
		assert_int_equal(vn_legacy_decode(VN_ENC_VISCII, bytes, nb,
		    &got), CONG_OK);
		assert_string_equal(got.ptr, col[0]);
		rows++;
	}
	assert_int_equal(rows, 134);
	buf_release(&t);
	buf_release(&got);
}

/*
 * Returns 1 if view was repaired to want, 0 if it was left alone (CONG_EINVAL),
 * -1 if it was repaired wrongly.
 */
static int
fix_try(const char *view, const char *want, enum vn_enc enc)
{
	struct buf got = BUF_INIT;
	enum vn_enc found = VN_ENC__MAX;
	enum cong_err err;
	int ok;

	err = vn_legacy_fix_cp1252_view(view, strlen(view), &got, &found);
	ok = !err && strcmp(got.ptr, want) == 0 && found == enc ? 1 :
	    err == CONG_EINVAL ? 0 : -1;
	if (ok < 1)
		print_message("# fix '%s': err %d found %d got '%s' want "
		    "'%s'\n", view, err, found, got.ptr, want);
	buf_release(&got);
	return ok;
}

static void
fix_expect(const char *view, const char *want, enum vn_enc enc)
{
	if (fix_try(view, want, enc) != 1)
		fail_msg("fix failed");
}

static void
legacy_cp1252_pairs(void **state)
{
	struct buf t = BUF_INIT;
	char *cur, *line, *col[8];
	size_t rows = 0, hits = 0, same = 0, left = 0, wrong = 0, i;
	int r;

	UNUSED(state);
	slurp("samples/pairs-cp1252-view.tsv", &t);
	cur = t.ptr;
	next_line(&cur);
	while ((line = next_line(&cur)) != NULL) {
		assert_int_equal(split_tabs(line, col, 8), 4);
		for (i = 0; i < 2; i++) {
			r = fix_try(col[i ? 3 : 1], col[i ? 0 : 2],
			    i ? VN_ENC_VNI : VN_ENC_TCVN3);
			if (r < 0)
				wrong++;
			else if (r == 0 && strcmp(col[i ? 3 : 1],
			    col[i ? 0 : 2]) == 0)
				same++;	/* ASCII: nothing to repair */
			else if (r == 0)
				left++;	/* view is Vietnamese too: hái/hỏi */
			else
				hits++;
		}
		rows++;
	}
	assert_int_equal(rows, 418);
	print_message("# cp1252 view: %zu repaired, %zu unchanged, %zu left "
	    "ambiguous, %zu wrong\n", hits, same, left, wrong);
	assert_int_equal(wrong, 0);
	assert_true(left <= 2);
	assert_int_equal(hits + same + left, 2 * rows);
	buf_release(&t);
}

static void
legacy_duydev(void **state)
{
	struct buf t = BUF_INIT;
	char *cur, *line, *col[8];
	size_t rows = 0, used = 0;

	UNUSED(state);
	slurp("samples/duydev-test-phrases.tsv", &t);
	cur = t.ptr;
	next_line(&cur);
	while ((line = next_line(&cur)) != NULL) {
		assert_int_equal(split_tabs(line, col, 8), 5);
		rows++;
		if (col[2][0]) {
			fix_expect(col[2], col[1], VN_ENC_VNI);
			used++;
		}
		if (col[3][0]) {
			fix_expect(col[3], col[1], VN_ENC_TCVN3);
			used++;
		}
	}
	assert_int_equal(rows, 7);
	assert_int_equal(used, 4);
	buf_release(&t);
}

static void
legacy_fix_known(void **state)
{
	struct buf got = BUF_INIT;
	enum vn_enc found;

	UNUSED(state);
	fix_expect("Céng hßa x· héi chñ nghÜa ViÖt Nam",
	    "Cộng hòa xã hội chủ nghĩa Việt Nam", VN_ENC_TCVN3);
	fix_expect("§éc lËp - Tù do - H¹nh phóc",
	    "Độc lập - Tự do - Hạnh phúc", VN_ENC_TCVN3);
	fix_expect("Xin chaøo caùc baïn", "Xin chào các bạn", VN_ENC_VNI);
	/* fix_not_a_view: real Unicode or plain ASCII is left alone */
	assert_int_equal(vn_legacy_fix_cp1252_view(L("Xin chào các bạn"),
	    &got, &found), CONG_EINVAL);
	assert_int_equal(found, VN_ENC_UTF8);
	assert_int_equal(vn_legacy_fix_cp1252_view(L("Hello world"), &got,
	    &found), CONG_EINVAL);
	assert_int_equal(vn_legacy_fix_cp1252_view(L("Việt"), &got, NULL),
	    CONG_EINVAL);
	assert_int_equal(vn_legacy_fix_cp1252_view(L("\xff"), &got, NULL),
	    CONG_EINVAL);
	assert_int_equal(got.len, 0);
	buf_release(&got);
}

static void
legacy_errors(void **state)
{
	struct buf got;

	UNUSED(state);
	buf_init(&got, 4);
	assert_int_equal(vn_legacy_decode(VN_ENC_UTF8, L("\xc3("), &got),
	    CONG_EINVAL);
	assert_int_equal(vn_legacy_decode((enum vn_enc)99, L("a"), &got),
	    CONG_EINVAL);
	assert_int_equal(vn_legacy_decode(VN_ENC_TCVN3, L("\xb8\xb8"), &got),
	    CONG_OK);
	assert_int_equal(vn_legacy_decode(VN_ENC_TCVN3, L("\xb8"), &got),
	    CONG_ETOOBIG);
	assert_string_equal(got.ptr, "áá");
	assert_int_equal(vn_legacy_fix_cp1252_view(L("·"), &got, NULL),
	    CONG_ETOOBIG);
	assert_string_equal(got.ptr, "áá");
	buf_release(&got);
	/* vni_not_a_pair: a letter byte after a base is not a mark */
	buf_init(&got, 100);
	assert_int_equal(vn_legacy_decode(VN_ENC_VNI, L("a\xf2o\xf3"), &got),
	    CONG_OK);
	assert_string_equal(got.ptr, "aịoĩ");
	buf_release(&got);
}

static void
legacy_names(void **state)
{
	static const struct {
		const char *name;
		enum cong_err err;
		enum vn_enc enc;
	} cases[] = {
		{ "auto", CONG_OK, VN_ENC_AUTO },
		{ "utf8", CONG_OK, VN_ENC_UTF8 },
		{ "UTF-8", CONG_OK, VN_ENC_UTF8 },
		{ "tcvn3", CONG_OK, VN_ENC_TCVN3 },
		{ "ABC", CONG_OK, VN_ENC_TCVN3 },
		{ "vni", CONG_OK, VN_ENC_VNI },
		{ "VNI-Win", CONG_OK, VN_ENC_VNI },
		{ "viscii", CONG_OK, VN_ENC_VISCII },
		{ "cp1258", CONG_OK, VN_ENC_CP1258 },
		{ "windows-1258", CONG_OK, VN_ENC_CP1258 },
		{ "latin1", CONG_EINVAL, VN_ENC_UTF8 },
		{ "", CONG_EINVAL, VN_ENC_UTF8 },
	};
	enum vn_enc e;
	size_t i;

	UNUSED(state);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		e = VN_ENC_UTF8;
		assert_int_equal(vn_enc_parse(cases[i].name, &e), cases[i].err);
		assert_int_equal(e, cases[i].enc);
	}
	for (i = 0; i <= VN_ENC__MAX; i++) {
		assert_int_equal(vn_enc_parse(vn_enc_name((enum vn_enc)i), &e),
		    CONG_OK);
		assert_int_equal(e, i);
	}
	assert_string_equal(vn_enc_name((enum vn_enc)42), "?");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(legacy_samples),
		cmocka_unit_test(legacy_detect_lines),
		cmocka_unit_test(legacy_tables),
		cmocka_unit_test(legacy_tcvn3_capitals_small),
		cmocka_unit_test(legacy_alphabet),
		cmocka_unit_test(legacy_cp1252_pairs),
		cmocka_unit_test(legacy_duydev),
		cmocka_unit_test(legacy_fix_known),
		cmocka_unit_test(legacy_errors),
		cmocka_unit_test(legacy_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
