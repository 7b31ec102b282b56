/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for http/multipart.c: Content-Type parameters, the
 * multipart/form-data framing, part headers, and every refusal, each
 * named for the failure it causes.
 */
#include "base/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <cmocka.h>

#include "http/multipart.h"

#define CT "multipart/form-data; boundary=XyZ"
#define D "--XyZ"
#define CRLF "\r\n"
#define CD(x) "Content-Disposition: form-data; " x CRLF

/* ------------------------------------------------------------------ */
/* http_content_type_param                                             */
/* ------------------------------------------------------------------ */

struct ctp_case {
	const char *name;
	const char *header;
	const char *param;
	enum cong_err err;
	const char *value;
};

static const struct ctp_case ctp_cases[] = {
	{ "ctp_charset", "text/html; charset=utf-8", "charset", CONG_OK,
	    "utf-8" },
	{ "ctp_name_case", "text/html;CHARSET=UTF-8", "charset", CONG_OK,
	    "UTF-8" },
	{ "ctp_quoted", "multipart/form-data; boundary=\"a b:c\"",
	    "boundary", CONG_OK, "a b:c" },
	{ "ctp_quoted_escape", "a/b; x=\"q\\\"r\\\\s\"", "x", CONG_OK,
	    "q\"r\\s" },
	{ "ctp_quoted_lone_backslash", "a/b; x=\"C:\\dir\\f\"", "x", CONG_OK,
	    "C:\\dir\\f" },
	{ "ctp_quoted_empty", "a/b; x=\"\"", "x", CONG_OK, "" },
	{ "ctp_quoted_semicolon", "a/b; x=\"1;y=2\"; y=3", "y", CONG_OK,
	    "3" },
	{ "ctp_spaces_around_equals", "a/b ; x = 1 ;; ; y=2 ;", "y", CONG_OK,
	    "2" },
	{ "ctp_first_wins", "a/b; x=1; x=2", "x", CONG_OK, "1" },
	{ "ctp_match_stops_early", "a/b; x=1; @@@", "x", CONG_OK, "1" },
	{ "ctp_absent", "text/plain", "charset", CONG_ENOTFOUND, NULL },
	{ "ctp_absent_others", "text/plain; format=flowed", "charset",
	    CONG_ENOTFOUND, NULL },
	{ "ctp_no_slash", "text; charset=x", "charset", CONG_EPARSE, NULL },
	{ "ctp_no_subtype", "text/; charset=x", "charset", CONG_EPARSE,
	    NULL },
	{ "ctp_empty", "", "charset", CONG_EPARSE, NULL },
	{ "ctp_junk_after_type", "text/plain x", "charset", CONG_EPARSE,
	    NULL },
	{ "ctp_no_equals", "a/b; charset", "charset", CONG_EPARSE, NULL },
	{ "ctp_empty_value", "a/b; charset=", "charset", CONG_EPARSE, NULL },
	{ "ctp_empty_name", "a/b; =x", "charset", CONG_EPARSE, NULL },
	{ "ctp_unterminated_quote", "a/b; x=\"abc", "x", CONG_EPARSE, NULL },
	{ "ctp_escaped_final_quote", "a/b; x=\"abc\\\"", "x", CONG_EPARSE,
	    NULL },
	{ "ctp_control_in_quote", "a/b; x=\"a\rb\"", "x", CONG_EPARSE, NULL },
	{ "ctp_bad_before_match", "a/b; y=@; x=1", "x", CONG_EPARSE, NULL },
};

static void
ctp_table(void **state)
{
	size_t i;
	struct buf b = BUF_INIT;
	const struct ctp_case *c;
	enum cong_err err;

	UNUSED(state);
	for (i = 0; i < ARRAY_SIZE(ctp_cases); i++) {
		c = &ctp_cases[i];
		buf_reset(&b);
		buf_adds(&b, ">");
		err = http_content_type_param(c->header, strlen(c->header),
		    c->param, &b);
		if (err != c->err)
			fail_msg("%s: got %s", c->name, cong_strerror(err));
		if (err) {
			assert_string_equal(b.ptr, ">");
			continue;
		}
		if (strcmp(b.ptr + 1, c->value) != 0)
			fail_msg("%s: got '%s'", c->name, b.ptr + 1);
	}
	buf_release(&b);
}

static void
ctp_cap_refused(void **state)
{
	struct buf b;
	const char *h = "a/b; x=\"abcdef\"; y=abcdef";

	UNUSED(state);
	buf_init(&b, 5);
	assert_int_equal(http_content_type_param(h, strlen(h), "x", &b),
	    CONG_ETOOBIG);
	assert_int_equal(b.len, 0);
	assert_int_equal(http_content_type_param(h, strlen(h), "y", &b),
	    CONG_ETOOBIG);
	assert_int_equal(b.len, 0);
	buf_release(&b);
}

/* ------------------------------------------------------------------ */
/* http_multipart_parse                                                */
/* ------------------------------------------------------------------ */

struct want_part {
	const char *name;
	const char *filename;
	const char *content_type;
	const char *data;
};

struct mp_case {
	const char *name;
	const char *ct;
	const char *body;
	enum cong_err err;
	size_t n;
	struct want_part parts[3];
};

static const struct mp_case mp_cases[] = {
	{ "multipart_one_field", CT,
	    D CRLF CD("name=\"title\"") CRLF "H\xe1\xbb\x99i ngh\xe1\xbb\x8b"
	    CRLF D "--" CRLF, CONG_OK, 1,
	    { { "title", NULL, NULL, "H\xe1\xbb\x99i ngh\xe1\xbb\x8b" } } },
	{ "multipart_field_and_file", CT,
	    D CRLF CD("name=\"caption\"") CRLF "To\xc3\xa0n c\xe1\xba\xa3nh"
	    CRLF D CRLF CD("name=\"photo\"; filename=\"Hoi nghi.jpg\"")
	    "Content-Type: image/jpeg" CRLF CRLF "\xff\xd8\r\n--X\r\n\xff"
	    CRLF D "--", CONG_OK, 2,
	    { { "caption", NULL, NULL, "To\xc3\xa0n c\xe1\xba\xa3nh" },
	    { "photo", "Hoi nghi.jpg", "image/jpeg",
	    "\xff\xd8\r\n--X\r\n\xff" } } },
	{ "multipart_preamble_epilogue", CT,
	    "preamble --XyZ not a line" CRLF D CRLF CD("name=a") CRLF "1" CRLF
	    D "--" CRLF "epilogue " D CRLF "junk", CONG_OK, 1,
	    { { "a", NULL, NULL, "1" } } },
	{ "multipart_empty_data", CT,
	    D CRLF CD("name=a") CRLF CRLF D CRLF CD("name=b") CRLF "x" CRLF
	    D "--", CONG_OK, 2,
	    { { "a", NULL, NULL, "" }, { "b", NULL, NULL, "x" } } },
	{ "multipart_zero_parts", CT, D "--", CONG_OK, 0,
	    { { NULL, NULL, NULL, NULL } } },
	{ "multipart_transport_padding", CT,
	    D " \t" CRLF CD("name=a") CRLF "1" CRLF D "--", CONG_OK, 1,
	    { { "a", NULL, NULL, "1" } } },
	{ "multipart_quoted_boundary",
	    "Multipart/Form-Data; charset=utf-8; BOUNDARY=\"a'()+_,-./:=? b\"",
	    "--a'()+_,-./:=? b" CRLF CD("name=a") CRLF "1" CRLF
	    "--a'()+_,-./:=? b--", CONG_OK, 1,
	    { { "a", NULL, NULL, "1" } } },
	{ "multipart_header_names_any_case", CT,
	    D CRLF "content-disposition:form-data;NAME=\"a\";FileName=f.txt"
	    CRLF "CONTENT-TYPE:  text/plain; charset=utf-8 " CRLF
	    "Content-Transfer-Encoding: binary" CRLF CRLF "1" CRLF D "--",
	    CONG_OK, 1,
	    { { "a", "f.txt", "text/plain; charset=utf-8", "1" } } },
	{ "multipart_filename_star", CT,
	    D CRLF CD("name=\"f\"; filename=\"fallback.jpg\"; "
	    "filename*=UTF-8''H%E1%BB%99i%20ngh%E1%BB%8B.jpg") CRLF "x" CRLF
	    D "--", CONG_OK, 1,
	    { { "f", "H\xe1\xbb\x99i ngh\xe1\xbb\x8b.jpg", NULL, "x" } } },
	{ "multipart_filename_star_lang", CT,
	    D CRLF CD("name=f; filename*=utf-8'vi'%C3%A0.txt") CRLF "x" CRLF
	    D "--", CONG_OK, 1,
	    { { "f", "\xc3\xa0.txt", NULL, "x" } } },
	{ "multipart_filename_empty", CT,
	    D CRLF CD("name=\"photo\"; filename=\"\"")
	    "Content-Type: application/octet-stream" CRLF CRLF CRLF D "--",
	    CONG_OK, 1,
	    { { "photo", "", "application/octet-stream", "" } } },
	{ "multipart_filename_raw_path", CT,
	    D CRLF CD("name=f; filename=\"C:\\Users\\a\\..\\\\x "
	    "\\\"y\\\".jpg\"")
	    CRLF "x" CRLF D "--", CONG_OK, 1,
	    { { "f", "C:\\Users\\a\\..\\x \"y\".jpg", NULL, "x" } } },
	{ "multipart_name_utf8", CT,
	    D CRLF CD("name=\"ti\xc3\xaau \xc4\x91\xe1\xbb\x81\"") CRLF "x"
	    CRLF D "--", CONG_OK, 1,
	    { { "ti\xc3\xaau \xc4\x91\xe1\xbb\x81", NULL, NULL, "x" } } },
	{ "multipart_not_form_data",
	    "multipart/mixed; boundary=XyZ", D "--", CONG_EINVAL, 0,
	    { { NULL, NULL, NULL, NULL } } },
	{ "multipart_not_multipart", "application/x-www-form-urlencoded",
	    "a=1", CONG_EINVAL, 0, { { NULL, NULL, NULL, NULL } } },
	{ "multipart_bad_content_type", "multipart", D "--", CONG_EPARSE, 0,
	    { { NULL, NULL, NULL, NULL } } },
	{ "multipart_no_boundary", "multipart/form-data", D "--",
	    CONG_EPARSE, 0, { { NULL, NULL, NULL, NULL } } },
	{ "multipart_boundary_empty", "multipart/form-data; boundary=\"\"",
	    "----", CONG_EPARSE, 0, { { NULL, NULL, NULL, NULL } } },
	{ "multipart_boundary_too_long", "multipart/form-data; boundary="
	    "12345678901234567890123456789012345678901234567890123456789012"
	    "345678901", "x", CONG_EPARSE, 0,
	    { { NULL, NULL, NULL, NULL } } },
	{ "multipart_boundary_trailing_space",
	    "multipart/form-data; boundary=\"ab \"", "--ab --", CONG_EPARSE,
	    0, { { NULL, NULL, NULL, NULL } } },
	{ "multipart_boundary_bad_char",
	    "multipart/form-data; boundary=\"a@b\"", "--a@b--", CONG_EPARSE,
	    0, { { NULL, NULL, NULL, NULL } } },
	{ "multipart_no_opening_boundary", CT, "nothing here", CONG_EPARSE,
	    0, { { NULL, NULL, NULL, NULL } } },
	{ "multipart_no_closing_boundary", CT,
	    D CRLF CD("name=a") CRLF "1" CRLF D CRLF CD("name=b") CRLF "2",
	    CONG_EPARSE, 0, { { NULL, NULL, NULL, NULL } } },
	{ "multipart_truncated_after_delimiter", CT,
	    D CRLF CD("name=a") CRLF "1" CRLF D, CONG_EPARSE, 0,
	    { { NULL, NULL, NULL, NULL } } },
	{ "multipart_boundary_prefix_in_data", CT,
	    D CRLF CD("name=a") CRLF "1" CRLF D "X" CRLF "--", CONG_EPARSE,
	    0, { { NULL, NULL, NULL, NULL } } },
	{ "multipart_lf_only", CT,
	    D "\n" CD("name=a") "\n1\n" D "--", CONG_EPARSE, 0,
	    { { NULL, NULL, NULL, NULL } } },
	{ "multipart_headers_unterminated", CT,
	    D CRLF "Content-Disposition: form-data; name=a", CONG_EPARSE, 0,
	    { { NULL, NULL, NULL, NULL } } },
	{ "multipart_no_disposition", CT,
	    D CRLF "Content-Type: text/plain" CRLF CRLF "1" CRLF D "--",
	    CONG_EPARSE, 0, { { NULL, NULL, NULL, NULL } } },
	{ "multipart_no_headers", CT, D CRLF CRLF "1" CRLF D "--",
	    CONG_EPARSE, 0, { { NULL, NULL, NULL, NULL } } },
	{ "multipart_missing_name", CT,
	    D CRLF CD("filename=\"a.jpg\"") CRLF "1" CRLF D "--", CONG_EPARSE,
	    0, { { NULL, NULL, NULL, NULL } } },
	{ "multipart_empty_name", CT,
	    D CRLF CD("name=\"\"") CRLF "1" CRLF D "--", CONG_EPARSE, 0,
	    { { NULL, NULL, NULL, NULL } } },
	{ "multipart_disposition_not_form_data", CT,
	    D CRLF "Content-Disposition: attachment; name=a" CRLF CRLF "1"
	    CRLF D "--", CONG_EPARSE, 0, { { NULL, NULL, NULL, NULL } } },
	{ "multipart_disposition_repeated", CT,
	    D CRLF CD("name=a") CD("name=b") CRLF "1" CRLF D "--",
	    CONG_EPARSE, 0, { { NULL, NULL, NULL, NULL } } },
	{ "multipart_name_repeated", CT,
	    D CRLF CD("name=a; name=b") CRLF "1" CRLF D "--", CONG_EPARSE, 0,
	    { { NULL, NULL, NULL, NULL } } },
	{ "multipart_filename_repeated", CT,
	    D CRLF CD("name=a; filename=x; filename=y") CRLF "1" CRLF D "--",
	    CONG_EPARSE, 0, { { NULL, NULL, NULL, NULL } } },
	{ "multipart_filename_star_repeated", CT,
	    D CRLF CD("name=a; filename*=UTF-8''x; filename*=UTF-8''y") CRLF
	    "1" CRLF D "--", CONG_EPARSE, 0, { { NULL, NULL, NULL, NULL } } },
	{ "multipart_content_type_repeated", CT,
	    D CRLF CD("name=a") "Content-Type: a/b" CRLF "Content-Type: c/d"
	    CRLF CRLF "1" CRLF D "--", CONG_EPARSE, 0,
	    { { NULL, NULL, NULL, NULL } } },
	{ "multipart_content_type_empty", CT,
	    D CRLF CD("name=a") "Content-Type: " CRLF CRLF "1" CRLF D "--",
	    CONG_EPARSE, 0, { { NULL, NULL, NULL, NULL } } },
	{ "multipart_header_no_colon", CT,
	    D CRLF CD("name=a") "X-Junk" CRLF CRLF "1" CRLF D "--",
	    CONG_EPARSE, 0, { { NULL, NULL, NULL, NULL } } },
	{ "multipart_header_space_before_colon", CT,
	    D CRLF "Content-Disposition : form-data; name=a" CRLF CRLF "1"
	    CRLF D "--", CONG_EPARSE, 0, { { NULL, NULL, NULL, NULL } } },
	{ "multipart_header_folded", CT,
	    D CRLF "Content-Disposition: form-data;" CRLF " name=a" CRLF CRLF
	    "1" CRLF D "--", CONG_EPARSE, 0, { { NULL, NULL, NULL, NULL } } },
	{ "multipart_header_control_byte", CT,
	    D CRLF CD("name=a") "X-Junk: a\x01" "b" CRLF CRLF "1" CRLF D "--",
	    CONG_EPARSE, 0, { { NULL, NULL, NULL, NULL } } },
	{ "multipart_name_unterminated_quote", CT,
	    D CRLF CD("name=\"a") CRLF "1" CRLF D "--", CONG_EPARSE, 0,
	    { { NULL, NULL, NULL, NULL } } },
	{ "multipart_filename_star_latin1", CT,
	    D CRLF CD("name=a; filename*=ISO-8859-1''%E0.txt") CRLF "1" CRLF
	    D "--", CONG_EPARSE, 0, { { NULL, NULL, NULL, NULL } } },
	{ "multipart_filename_star_no_quotes", CT,
	    D CRLF CD("name=a; filename*=UTF-8%C3%A0") CRLF "1" CRLF D "--",
	    CONG_EPARSE, 0, { { NULL, NULL, NULL, NULL } } },
	{ "multipart_filename_star_one_quote", CT,
	    D CRLF CD("name=a; filename*=UTF-8'%C3%A0") CRLF "1" CRLF D "--",
	    CONG_EPARSE, 0, { { NULL, NULL, NULL, NULL } } },
	{ "multipart_filename_star_quoted", CT,
	    D CRLF CD("name=a; filename*=\"UTF-8''a.txt\"") CRLF "1" CRLF
	    D "--", CONG_EPARSE, 0, { { NULL, NULL, NULL, NULL } } },
	{ "multipart_filename_star_bad_char", CT,
	    D CRLF CD("name=a; filename*=UTF-8''a*b") CRLF "1" CRLF D "--",
	    CONG_EPARSE, 0, { { NULL, NULL, NULL, NULL } } },
	{ "multipart_filename_star_bad_escape", CT,
	    D CRLF CD("name=a; filename*=UTF-8''a%zz") CRLF "1" CRLF D "--",
	    CONG_EPARSE, 0, { { NULL, NULL, NULL, NULL } } },
	{ "multipart_filename_star_nul", CT,
	    D CRLF CD("name=a; filename*=UTF-8''a%00.php") CRLF "1" CRLF
	    D "--", CONG_EINVAL, 0, { { NULL, NULL, NULL, NULL } } },
};

static void
mp_check_part(const char *cname, size_t j, const struct http_part *got,
    const struct want_part *w)
{
	if (strcmp(got->name, w->name) != 0)
		fail_msg("%s: part %zu name '%s'", cname, j, got->name);
	if (!w->filename != !got->filename || (w->filename &&
	    strcmp(got->filename, w->filename) != 0))
		fail_msg("%s: part %zu filename '%s'", cname, j,
		    got->filename ? got->filename : "(null)");
	if (!w->content_type != !got->content_type || (w->content_type &&
	    strcmp(got->content_type, w->content_type) != 0))
		fail_msg("%s: part %zu content type", cname, j);
	if (got->len != strlen(w->data) ||
	    memcmp(got->data, w->data, got->len) != 0)
		fail_msg("%s: part %zu data '%.*s'", cname, j, (int)got->len,
		    got->data);
}

static void
mp_table(void **state)
{
	size_t i, j, blen;
	const struct mp_case *c;
	struct http_multipart m;
	enum cong_err err;
	char *body;

	UNUSED(state);
	for (i = 0; i < ARRAY_SIZE(mp_cases); i++) {
		c = &mp_cases[i];
		/* an exact-size copy, so ASan sees a read past n */
		blen = strlen(c->body);
		body = xmemdup(c->body, blen ? blen : 1);
		memset(&m, 0xa5, sizeof(m));
		err = http_multipart_parse(c->ct, strlen(c->ct), body, blen,
		    &m);
		if (err != c->err)
			fail_msg("%s: got %s", c->name, cong_strerror(err));
		if (m.n != c->n)
			fail_msg("%s: %zu parts, want %zu", c->name, m.n, c->n);
		if (err)
			assert_null(m.parts);
		for (j = 0; j < m.n; j++) {
			mp_check_part(c->name, j, &m.parts[j], &c->parts[j]);
			assert_true(m.parts[j].data >= body &&
			    m.parts[j].data + m.parts[j].len <= body + blen);
		}
		http_multipart_release(&m);
		free(body);
	}
}

/* A file part whose data holds NUL bytes keeps its exact length. */
static void
multipart_binary_data(void **state)
{
	static const char body[] = D CRLF CD("name=f; filename=a.bin")
	    CRLF "\0\r\n\0" CRLF D "--";
	struct http_multipart m = HTTP_MULTIPART_INIT;

	UNUSED(state);
	assert_int_equal(http_multipart_parse(CT, strlen(CT), body,
	    sizeof(body) - 1, &m), CONG_OK);
	assert_int_equal(m.n, 1);
	assert_int_equal(m.parts[0].len, 4);
	assert_memory_equal(m.parts[0].data, "\0\r\n\0", 4);
	http_multipart_release(&m);
	http_multipart_release(&m);
	http_multipart_release(NULL);
}

static void
multipart_too_many_parts(void **state)
{
	struct buf b = BUF_INIT;
	struct http_multipart m;
	int i;

	UNUSED(state);
	for (i = 0; i < HTTP_MULTIPART_MAX_PARTS; i++)
		buf_addf(&b, D CRLF CD("name=p%d") CRLF "%d" CRLF, i, i);
	buf_adds(&b, D "--");
	assert_int_equal(http_multipart_parse(CT, strlen(CT), b.ptr, b.len,
	    &m), CONG_OK);
	assert_int_equal(m.n, HTTP_MULTIPART_MAX_PARTS);
	assert_string_equal(m.parts[63].name, "p63");
	assert_memory_equal(m.parts[63].data, "63", 2);
	http_multipart_release(&m);
	buf_truncate(&b, b.len - strlen(D "--"));
	buf_adds(&b, D CRLF CD("name=one-more") CRLF "x" CRLF D "--");
	assert_int_equal(http_multipart_parse(CT, strlen(CT), b.ptr, b.len,
	    &m), CONG_ETOOBIG);
	assert_int_equal(m.n, 0);
	assert_null(m.parts);
	buf_release(&b);
}

static void
multipart_headers_too_big(void **state)
{
	struct buf b = BUF_INIT;
	struct http_multipart m;
	size_t fill;

	UNUSED(state);
	/* a header block of exactly HTTP_MULTIPART_MAX_HEADERS bytes */
	buf_adds(&b, D CRLF CD("name=a") "X-Fill: ");
	fill = HTTP_MULTIPART_MAX_HEADERS - (b.len - strlen(D CRLF)) - 4;
	while (fill--)
		buf_addc(&b, 'x');
	buf_adds(&b, CRLF CRLF "1" CRLF D "--");
	assert_int_equal(http_multipart_parse(CT, strlen(CT), b.ptr, b.len,
	    &m), CONG_OK);
	assert_int_equal(m.n, 1);
	http_multipart_release(&m);
	/* one byte more */
	buf_reset(&b);
	buf_adds(&b, D CRLF CD("name=a") "X-Fill: ");
	fill = HTTP_MULTIPART_MAX_HEADERS - (b.len - strlen(D CRLF)) - 4;
	fill++;
	while (fill--)
		buf_addc(&b, 'x');
	buf_adds(&b, CRLF CRLF "1" CRLF D "--");
	assert_int_equal(http_multipart_parse(CT, strlen(CT), b.ptr, b.len,
	    &m), CONG_ETOOBIG);
	buf_release(&b);
}

static void
multipart_body_too_big(void **state)
{
	struct http_multipart m;
	char *body = xcalloc(1, (size_t)LIMIT_UPLOAD_BODY + 1);

	UNUSED(state);
	assert_int_equal(http_multipart_parse(CT, strlen(CT), body,
	    (size_t)LIMIT_UPLOAD_BODY + 1, &m), CONG_ETOOBIG);
	assert_int_equal(m.n, 0);
	free(body);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ctp_table),
		cmocka_unit_test(ctp_cap_refused),
		cmocka_unit_test(mp_table),
		cmocka_unit_test(multipart_binary_data),
		cmocka_unit_test(multipart_too_many_parts),
		cmocka_unit_test(multipart_headers_too_big),
		cmocka_unit_test(multipart_body_too_big),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
