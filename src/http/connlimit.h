/* SPDX-License-Identifier: ISC */
/*
 * connlimit.h: how many connections the server holds, in total and per
 * client address. A connection over either limit is closed as soon as
 * it is accepted. Loopback peers are exempt from the per-address limit
 * (nginx in front connects from there); the total limit always applies.
 * Thread-safe.
 */
#ifndef CONG_HTTP_CONNLIMIT_H
#define CONG_HTTP_CONNLIMIT_H

#include <sys/socket.h>

#include "base/common.h"

/* Sets the limits (0 = the defaults from base/limits.h). */
void connlimit_init(size_t total, size_t per_addr);
/* Counts a new connection; false (and nothing counted) over a limit. */
bool connlimit_acquire(const struct sockaddr *sa);
/* Releases what connlimit_acquire counted for the same address. */
void connlimit_release(const struct sockaddr *sa);
/* Connections held now. */
size_t connlimit_total(void);

#endif
