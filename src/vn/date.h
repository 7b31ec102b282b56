/* SPDX-License-Identifier: ISC */
/*
 * vn/date.h: dates as Vietnamese readers and web standards write them.
 * Times are stored as int64 Unix seconds (UTC). They are shown in
 * Asia/Ho_Chi_Minh, which has been UTC+7 with no daylight saving since
 * 13 June 1975; this module applies that fixed offset to every date, so
 * earlier dates (when the South used UTC+8) are shown in today's offset.
 * Nothing reads the TZ environment variable or the system zone database.
 * Formatting supports years 1000..9999. All functions are thread-safe.
 */
#ifndef CONG_VN_DATE_H
#define CONG_VN_DATE_H

#include "base/buf.h"

/* Asia/Ho_Chi_Minh: UTC+7, seconds. */
#define VN_UTC_OFFSET (7 * 3600)

enum vn_date_style {
	VN_DATE_STAMP,		/* 15:54 | 18/07/2019  (article stamp) */
	VN_DATE_DAY,		/* 18/07/2019 */
	VN_DATE_LONG,		/* Thứ năm, 18/07/2019 */
	VN_DATE_LONG_TIME,	/* Thứ năm, 18/07/2019, 15:54 */
	VN_DATE_RFC3339,	/* 2019-07-18T15:54:00+07:00  (Atom, <time>) */
	VN_DATE_RFC822,		/* Thu, 18 Jul 2019 15:54:00 +0700  (RSS) */
	VN_DATE_HTTP,		/* Thu, 18 Jul 2019 08:54:00 GMT  (RFC 9110) */
	VN_DATE_ISO_DAY,	/* 2019-07-18  (local day) */
	VN_DATE__MAX
};

/*
 * Appends utc in the given style to out. All styles but VN_DATE_HTTP are
 * in Vietnam time. Returns CONG_EINVAL for an unknown style or a time
 * outside years 1000..9999, CONG_ETOOBIG when out's cap is reached (out
 * is then left as it was).
 */
enum cong_err vn_date_format(struct buf *out, int64_t utc,
    enum vn_date_style style);

/*
 * Parses an article stamp, Vietnam time, "HH:MM | DD/MM/YYYY", with or
 * without the surrounding parentheses (both or neither) and with any
 * spaces around the parts: "(15:54 | 18/07/2019)", "15:54|18/07/2019".
 * Hours and minutes have two digits, day and month one or two, the year
 * four. Stores the time in *utc. CONG_EINVAL for anything else or an
 * impossible date or time (31/02, 24:00, 12:60); *utc is then untouched.
 */
enum cong_err vn_date_parse_stamp(const char *p, size_t n, int64_t *utc);

/*
 * Parses a day, "DD/MM/YYYY" (day and month of one or two digits) or
 * "YYYY-MM-DD" (HTML date input), and stores 00:00 of that day in Vietnam
 * as *utc. Surrounding spaces are allowed. CONG_EINVAL as above.
 */
enum cong_err vn_date_parse_day(const char *p, size_t n, int64_t *utc);

/*
 * Parses an HTML datetime-local value, Vietnam time, "YYYY-MM-DDTHH:MM"
 * with optional ":SS" (a space may replace the T). Stores *utc.
 * CONG_EINVAL as above.
 */
enum cong_err vn_date_parse_local(const char *p, size_t n, int64_t *utc);

#endif
