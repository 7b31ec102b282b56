/* SPDX-License-Identifier: ISC */
/*
 * vn/date.c: formatting adds the fixed +7 h and breaks the time down with
 * gmtime_r; parsing checks every field by hand and builds the time with
 * timegm, which does not depend on TZ. Parsers walk the bytes with an
 * explicit cursor and never read past n.
 */
#include "base/common.h"

#include <time.h>

#include "vn/date.h"

/* 1000-01-01T00:00:00Z and 9999-12-31T23:59:59Z */
#define UTC_MIN	(-30610224000LL)
#define UTC_MAX	(253402300799LL)

static const char *const vi_days[7] = {
	"Chủ nhật", "Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu",
	"Thứ bảy",
};
static const char *const en_days[7] = {
	"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat",
};
static const char *const en_months[12] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
	"Nov", "Dec",
};

static void
add_style(struct buf *out, const struct tm *t, enum vn_date_style style)
{
	int y = t->tm_year + 1900, mo = t->tm_mon + 1;

	switch (style) {
	case VN_DATE_STAMP:
		buf_addf(out, "%02d:%02d | %02d/%02d/%04d", t->tm_hour,
		    t->tm_min, t->tm_mday, mo, y);
		break;
	case VN_DATE_DAY:
		buf_addf(out, "%02d/%02d/%04d", t->tm_mday, mo, y);
		break;
	case VN_DATE_LONG:
		buf_addf(out, "%s, %02d/%02d/%04d", vi_days[t->tm_wday],
		    t->tm_mday, mo, y);
		break;
	case VN_DATE_LONG_TIME:
		buf_addf(out, "%s, %02d/%02d/%04d, %02d:%02d",
		    vi_days[t->tm_wday], t->tm_mday, mo, y, t->tm_hour,
		    t->tm_min);
		break;
	case VN_DATE_RFC3339:
		buf_addf(out, "%04d-%02d-%02dT%02d:%02d:%02d+07:00", y, mo,
		    t->tm_mday, t->tm_hour, t->tm_min, t->tm_sec);
		break;
	case VN_DATE_RFC822:
	case VN_DATE_HTTP:
		buf_addf(out, "%s, %02d %s %04d %02d:%02d:%02d %s",
		    en_days[t->tm_wday], t->tm_mday, en_months[t->tm_mon], y,
		    t->tm_hour, t->tm_min, t->tm_sec,
		    style == VN_DATE_HTTP ? "GMT" : "+0700");
		break;
	case VN_DATE_ISO_DAY:
	default:
		buf_addf(out, "%04d-%02d-%02d", y, mo, t->tm_mday);
		break;
	}
}

enum cong_err
vn_date_format(struct buf *out, int64_t utc, enum vn_date_style style)
{
	size_t start = out->len;
	struct tm t;
	time_t tt;

	if ((unsigned)style >= VN_DATE__MAX || utc < UTC_MIN ||
	    utc > UTC_MAX - VN_UTC_OFFSET)
		return CONG_EINVAL;
	tt = (time_t)(style == VN_DATE_HTTP ? utc : utc + VN_UTC_OFFSET);
	if (!gmtime_r(&tt, &t))
		return CONG_EINVAL;
	add_style(out, &t, style);
	if (!buf_ok(out)) {
		buf_truncate(out, start);
		return CONG_ETOOBIG;
	}
	return CONG_OK;
}

/* ============================================================== parsing */

struct cur {
	const char *p;
	size_t n, i;
};

static void
skip_spaces(struct cur *c)
{
	while (c->i < c->n && c->p[c->i] == ' ')
		c->i++;
}

static bool
eat(struct cur *c, char ch)
{
	if (c->i < c->n && c->p[c->i] == ch) {
		c->i++;
		return true;
	}
	return false;
}

/* Reads min..max digits into *v. */
static bool
digits(struct cur *c, size_t min, size_t max, int *v)
{
	size_t k = 0;

	*v = 0;
	while (k < max && c->i < c->n && c->p[c->i] >= '0' &&
	    c->p[c->i] <= '9') {
		*v = *v * 10 + (c->p[c->i] - '0');
		c->i++;
		k++;
	}
	return k >= min;
}

static bool
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Checks the fields and stores the UTC time of that Vietnam time. */
static enum cong_err
make_time(int y, int mo, int d, int h, int mi, int s, int64_t *utc)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30,
	    31, 30, 31 };
	struct tm t = { 0 };

	if (y < 1000 || y > 9999 || mo < 1 || mo > 12 || d < 1 ||
	    d > mdays[mo - 1] + (mo == 2 && leap(y)) || h > 23 || mi > 59 ||
	    s > 59)
		return CONG_EINVAL;
	t.tm_year = y - 1900;
	t.tm_mon = mo - 1;
	t.tm_mday = d;
	t.tm_hour = h;
	t.tm_min = mi;
	t.tm_sec = s;
	*utc = (int64_t)timegm(&t) - VN_UTC_OFFSET;
	return CONG_OK;
}

/* "D/M/YYYY" with one- or two-digit day and month. */
static bool
slash_day(struct cur *c, int *y, int *mo, int *d)
{
	return digits(c, 1, 2, d) && eat(c, '/') && digits(c, 1, 2, mo) &&
	    eat(c, '/') && digits(c, 4, 4, y);
}

/* "YYYY-MM-DD" */
static bool
iso_day(struct cur *c, int *y, int *mo, int *d)
{
	return digits(c, 4, 4, y) && eat(c, '-') && digits(c, 2, 2, mo) &&
	    eat(c, '-') && digits(c, 2, 2, d);
}

static bool
hh_mm(struct cur *c, int *h, int *mi)
{
	return digits(c, 2, 2, h) && eat(c, ':') && digits(c, 2, 2, mi);
}

enum cong_err
vn_date_parse_stamp(const char *p, size_t n, int64_t *utc)
{
	struct cur c = { p, n, 0 };
	int y, mo, d, h, mi;
	bool paren;

	skip_spaces(&c);
	paren = eat(&c, '(');
	skip_spaces(&c);
	if (!hh_mm(&c, &h, &mi))
		return CONG_EINVAL;
	skip_spaces(&c);
	if (!eat(&c, '|'))
		return CONG_EINVAL;
	skip_spaces(&c);
	if (!slash_day(&c, &y, &mo, &d))
		return CONG_EINVAL;
	skip_spaces(&c);
	if (paren && !eat(&c, ')'))
		return CONG_EINVAL;
	skip_spaces(&c);
	if (c.i != n)
		return CONG_EINVAL;
	return make_time(y, mo, d, h, mi, 0, utc);
}

enum cong_err
vn_date_parse_day(const char *p, size_t n, int64_t *utc)
{
	struct cur c = { p, n, 0 };
	size_t at;
	int y, mo, d;

	skip_spaces(&c);
	at = c.i;
	if (!iso_day(&c, &y, &mo, &d)) {
		c.i = at;
		if (!slash_day(&c, &y, &mo, &d))
			return CONG_EINVAL;
	}
	skip_spaces(&c);
	if (c.i != n)
		return CONG_EINVAL;
	return make_time(y, mo, d, 0, 0, 0, utc);
}

enum cong_err
vn_date_parse_local(const char *p, size_t n, int64_t *utc)
{
	struct cur c = { p, n, 0 };
	int y, mo, d, h, mi, s = 0;

	if (!iso_day(&c, &y, &mo, &d))
		return CONG_EINVAL;
	if (!eat(&c, 'T') && !eat(&c, ' '))
		return CONG_EINVAL;
	if (!hh_mm(&c, &h, &mi))
		return CONG_EINVAL;
	if (eat(&c, ':') && !digits(&c, 2, 2, &s))
		return CONG_EINVAL;
	if (c.i != n)
		return CONG_EINVAL;
	return make_time(y, mo, d, h, mi, s, utc);
}
