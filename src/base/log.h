/* SPDX-License-Identifier: ISC */
/*
 * log.h: one line per event on stderr, in logfmt
 * (t=2026-11-26T13:48:36Z level=error msg="cannot open 'x'"). Log once,
 * where the cause is known. Thread-safe: each line is one write(2).
 */
#ifndef CONG_BASE_LOG_H
#define CONG_BASE_LOG_H

#include "base/common.h"

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR, LOG__MAX };

/* Lines below this level are dropped; default LOG_INFO. */
void log_set_level(enum log_level lvl);
/* Silences everything but errors (for command-line tools' tests). */
void log_set_quiet(bool quiet);

void log_msg(enum log_level lvl, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Writes a preformatted logfmt line (without "t=" and "\n") verbatim. */
void log_raw(const char *line, size_t len);

#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)

#endif
