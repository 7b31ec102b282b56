/* SPDX-License-Identifier: ISC */
/*
 * auth/password.h: password hashing and the password policy. Hashes are
 * libsodium's argon2id strings ("$argon2id$v=19$m=65536,t=2,p=1$…"),
 * which carry their own salt and parameters, so raising the cost later
 * only needs auth_password_needs_rehash() at the next login.
 *
 * Cost: AUTH_PW_OPSLIMIT / AUTH_PW_MEMLIMIT are libsodium's INTERACTIVE
 * values (2 passes over 64 MiB), about 50-100 ms on one core of a small
 * 2-core server. Each concurrent login holds 64 MiB while it hashes; with
 * two workers per core that is at most 256 MiB, and logins are throttled
 * (auth/throttle.h). Call auth_init() once before any thread hashes.
 *
 * Policy (Vietnamese messages for the forms): at least 10 characters,
 * counted as Unicode code points so "mậtkhẩu…" counts letters not bytes;
 * at most AUTH_PW_MAX_BYTES bytes; valid UTF-8 without control
 * characters; not equal to the login (compared without regard to ASCII
 * case).
 */
#ifndef CONG_AUTH_PASSWORD_H
#define CONG_AUTH_PASSWORD_H

#include <sodium.h>

#include "base/common.h"

#define AUTH_PW_OPSLIMIT crypto_pwhash_OPSLIMIT_INTERACTIVE
#define AUTH_PW_MEMLIMIT crypto_pwhash_MEMLIMIT_INTERACTIVE
#define AUTH_PW_MIN_CHARS 10
#define AUTH_PW_MAX_BYTES 1024
/* Size of a hash string buffer, NUL included. */
#define AUTH_PW_HASH_SIZE crypto_pwhash_STRBYTES

enum auth_pw_verdict {
	AUTH_PW_OK,
	AUTH_PW_TOO_SHORT,
	AUTH_PW_TOO_LONG,
	AUTH_PW_SAME_AS_LOGIN,
	AUTH_PW_BAD_TEXT,	/* malformed UTF-8 or a control character */
	AUTH_PW__MAX
};

/* Initialises libsodium. CONG_EUNAVAIL if it cannot. Idempotent. */
enum cong_err auth_init(void);

/*
 * Checks pw[0..n) against the policy for the account login (NUL-
 * terminated; may be NULL to skip that rule).
 */
enum auth_pw_verdict auth_password_check(const char *login, const char *pw,
    size_t n);
/* The Vietnamese sentence for a verdict; "" for AUTH_PW_OK. */
const char *auth_password_message(enum auth_pw_verdict v);

/*
 * Hashes pw[0..n) with argon2id into out (NUL-terminated). Does not
 * apply the policy. CONG_ETOOBIG past AUTH_PW_MAX_BYTES; CONG_ENOMEM
 * if libsodium cannot get its memory.
 */
enum cong_err auth_password_hash(const char *pw, size_t n,
    char out[AUTH_PW_HASH_SIZE]);

/*
 * True if pw[0..n) matches hash (a string from auth_password_hash()).
 * Takes the full hashing time even for a malformed hash or an empty
 * password; false for NULL hash or pw past AUTH_PW_MAX_BYTES.
 */
bool auth_password_verify(const char *hash, const char *pw, size_t n);

/*
 * Runs one hash with the current cost and throws it away: for logins that
 * name no account, so that they take as long as a wrong password.
 */
void auth_password_dummy(void);

/* True if hash was made with other parameters than the current ones. */
bool auth_password_needs_rehash(const char *hash);

#endif
