/* SPDX-License-Identifier: ISC */
/*
 * log.c: logfmt lines on stderr. The message is quoted with " and \
 * escaped so a line can always be split by a logfmt reader.
 */
#include "base/common.h"
#include "base/buf.h"
#include "base/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static enum log_level min_level = LOG_INFO;
static const char *const level_names[LOG__MAX] = {
	"debug", "info", "warn", "error"
};

void
log_set_level(enum log_level lvl)
{
	min_level = lvl;
}

void
log_set_quiet(bool quiet)
{
	min_level = quiet ? LOG_ERROR : LOG_INFO;
}

static void
log_stamp(struct buf *b)
{
	struct timespec ts;
	struct tm tm;
	char tmp[32];

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(tmp, sizeof(tmp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	buf_adds(b, "t=");
	buf_adds(b, tmp);
	buf_addc(b, ' ');
}

static void
log_write(struct buf *b)
{
	ssize_t w;
	size_t off = 0;

	buf_addc(b, '\n');
	while (off < b->len) {
		w = write(STDERR_FILENO, b->ptr + off, b->len - off);
		if (w <= 0)
			break;
		off += (size_t)w;
	}
}

void
log_msg(enum log_level lvl, const char *fmt, ...)
{
	struct buf b, msg;
	va_list ap;
	size_t i;

	if (lvl < min_level || lvl >= LOG__MAX)
		return;
	buf_init(&b, 8192);
	buf_init(&msg, 4096);
	va_start(ap, fmt);
	buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	log_stamp(&b);
	buf_addf(&b, "level=%s msg=\"", level_names[lvl]);
	for (i = 0; i < msg.len; i++) {
		char c = msg.ptr[i];

		if (c == '"' || c == '\\')
			buf_addc(&b, '\\');
		if (c == '\n')
			buf_adds(&b, "\\n");
		else
			buf_addc(&b, c);
	}
	buf_addc(&b, '"');
	log_write(&b);
	buf_release(&msg);
	buf_release(&b);
}

void
log_raw(const char *line, size_t len)
{
	struct buf b;

	buf_init(&b, len + 64);
	log_stamp(&b);
	buf_add(&b, line, len);
	log_write(&b);
	buf_release(&b);
}
