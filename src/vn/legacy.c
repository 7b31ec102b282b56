/* SPDX-License-Identifier: ISC */
/*
 * vn/legacy.c: legacy Vietnamese encodings to UTF-8 NFC.
 *
 * Single-byte tables (TCVN3, VISCII, CP1258, and CP1252 for the symbols
 * TCVN3 and VNI keep in 0x80..0x9F) are filled once from glibc iconv, one
 * byte at a time, and then decoding is a table walk. TCVN3 is iconv's
 * TCVN5712-1 (VN1) for its letter bytes 0xA1..0xFE; VN1 puts capitals in
 * 0x01..0x17 and 0x80..0x9F and at 0xE0, 0xF0, 0xFF, which TCVN3 (VN3)
 * does not have, so those stay ASCII, Windows-1252 (but see COLON_SIGN)
 * and U+FFFD.
 * CP1258 writes some letters as base + combining mark; the NFC pass at
 * the end composes them.
 *
 * VNI-Windows is from the VNI code chart: a, e, o, u, y and the one-byte
 * ơ (F4, D4) and ư (F6, D6) take a following mark byte. Mark bytes, small
 * form (the capital form is 0x20 lower): F9 acute, F8 grave, FB hook,
 * F5 tilde, EF dot below; E2 circumflex and E1 E0 E5 E3 E4 circumflex with
 * acute, grave, hook, tilde, dot; EA breve and E9 E8 FA FC EB breve with
 * the same tones. Circumflex goes on a, e, o; breve on a only; y takes no
 * dot (ỵ is a byte of its own). One-byte letters: Đ D1, đ F1, Í CD, í ED,
 * Ì CC, ì EC, Ỉ C6, ỉ E6, Ĩ D3, ĩ F3, Ị D2, ị F2, Ỵ CE, ỵ EE. A mark byte
 * after a letter of the other case is still taken (the font draws it on
 * the letter either way); the letter's case wins. Any other byte is read
 * as Windows-1252 (but see COLON_SIGN).
 */
#include "base/common.h"

#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <strings.h>
#include <utf8proc.h>

#include "vn/legacy.h"
#include "vn/text.h"

#define REPL		0xFFFD
/*
 * UniKey's TCVN3 and VNI tables put the colon sign (U+20A1) at 0x82,
 * where Windows-1252 has a low quotation mark; we follow UniKey.
 */
#define COLON_SIGN	0x20A1
#define DETECT_MAX	(64u << 10)

/* Tables filled by tables_init(); ok says whether iconv had the charset. */
enum tab { TAB_CP1252, TAB_TCVN3, TAB_VISCII, TAB_CP1258, TAB__MAX };

static uint32_t tabs[TAB__MAX][256];
static bool tab_ok[TAB__MAX];
static uint32_t vni_one[256];			/* one-byte VNI */
static uint32_t vni_pair[12][32];		/* [base][mark & 0x1F] */
static bool vni_mark[256];			/* mark bytes, both forms */
static uint32_t cp1252_rev[32];			/* code points of 0x80..0x9F */
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

/* ========================================================== iconv tables */

/* Decodes one byte with cd; REPL if iconv refuses it or gives more. */
static uint32_t
iconv_byte(iconv_t cd, unsigned char b)
{
	unsigned char o[16];
	char *in = (char *)&b, *op = (char *)o;
	size_t il = 1, ol = sizeof(o);

	iconv(cd, NULL, NULL, NULL, NULL);
	if (iconv(cd, &in, &il, &op, &ol) == (size_t)-1)
		return REPL;
	if (iconv(cd, NULL, NULL, &op, &ol) == (size_t)-1)
		return REPL;
	if (sizeof(o) - ol != 4)
		return REPL;
	return (uint32_t)o[0] | (uint32_t)o[1] << 8 | (uint32_t)o[2] << 16 |
	    (uint32_t)o[3] << 24;
}

static bool
fill_iconv(uint32_t t[256], const char *charset)
{
	iconv_t cd = iconv_open("UTF-32LE", charset);
	unsigned b;

	if (cd == (iconv_t)-1)
		return false;
	for (b = 0; b < 256; b++)
		t[b] = iconv_byte(cd, (unsigned char)b);
	iconv_close(cd);
	return true;
}

/* ============================================================ VNI table */

enum { SH_NONE, SH_CIRC, SH_BREVE };
enum { TONE_NONE, TONE_ACUTE, TONE_GRAVE, TONE_HOOK, TONE_TILDE, TONE_DOT };

static const uint32_t tone_mark[] = { 0, 0x301, 0x300, 0x309, 0x303, 0x323 };

/* Small-form VNI mark bytes. */
static const struct {
	unsigned char byte, shape, tone;
} vni_marks[] = {
	{ 0xF9, SH_NONE, TONE_ACUTE }, { 0xF8, SH_NONE, TONE_GRAVE },
	{ 0xFB, SH_NONE, TONE_HOOK }, { 0xF5, SH_NONE, TONE_TILDE },
	{ 0xEF, SH_NONE, TONE_DOT },
	{ 0xE2, SH_CIRC, TONE_NONE }, { 0xE1, SH_CIRC, TONE_ACUTE },
	{ 0xE0, SH_CIRC, TONE_GRAVE }, { 0xE5, SH_CIRC, TONE_HOOK },
	{ 0xE3, SH_CIRC, TONE_TILDE }, { 0xE4, SH_CIRC, TONE_DOT },
	{ 0xEA, SH_BREVE, TONE_NONE }, { 0xE9, SH_BREVE, TONE_ACUTE },
	{ 0xE8, SH_BREVE, TONE_GRAVE }, { 0xFA, SH_BREVE, TONE_HOOK },
	{ 0xFC, SH_BREVE, TONE_TILDE }, { 0xEB, SH_BREVE, TONE_DOT },
};

/* VNI base letters (small byte, capital byte, small code point). */
static const struct {
	unsigned char small, cap;
	uint32_t cp;
	bool circ, breve, dot;
} vni_bases[] = {
	{ 'a', 'A', 'a', true, true, true },
	{ 'e', 'E', 'e', true, false, true },
	{ 'o', 'O', 'o', true, false, true },
	{ 'u', 'U', 'u', false, false, true },
	{ 'y', 'Y', 'y', false, false, false },
	{ 0xF4, 0xD4, 0x1A1, false, false, true },	/* ơ */
	{ 0xF6, 0xD6, 0x1B0, false, false, true },	/* ư */
};

static const struct {
	unsigned char byte;
	uint32_t cp;
} vni_letters[] = {
	{ 0xD1, 0x110 }, { 0xF1, 0x111 }, { 0xCD, 0xCD }, { 0xED, 0xED },
	{ 0xCC, 0xCC }, { 0xEC, 0xEC }, { 0xC6, 0x1EC8 }, { 0xE6, 0x1EC9 },
	{ 0xD3, 0x128 }, { 0xF3, 0x129 }, { 0xD2, 0x1ECA }, { 0xF2, 0x1ECB },
	{ 0xCE, 0x1EF4 }, { 0xEE, 0x1EF5 }, { 0xD4, 0x1A0 }, { 0xF4, 0x1A1 },
	{ 0xD6, 0x1AF }, { 0xF6, 0x1B0 },
};

/* NFC of base + marks, when it is one code point; else 0. */
static uint32_t
compose(uint32_t base, uint32_t m1, uint32_t m2)
{
	utf8proc_int32_t s[3], r = 0;
	utf8proc_ssize_t n = 0;
	uint32_t t;

	/*
	 * utf8proc_normalize_utf32() composes without reordering: give it
	 * canonical order, where dot below (class 220) precedes the
	 * circumflex and breve (230).
	 */
	if (m2 == 0x323 && m1) {
		t = m1;
		m1 = m2;
		m2 = t;
	}
	s[n++] = (utf8proc_int32_t)base;
	if (m1)
		s[n++] = (utf8proc_int32_t)m1;
	if (m2)
		s[n++] = (utf8proc_int32_t)m2;
	n = utf8proc_normalize_utf32(s, n, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (n == 1)
		r = s[0];
	return (uint32_t)r;
}

static void
fill_vni(void)
{
	size_t b, m;
	uint32_t shape;
	unsigned i;

	for (i = 0; i < 256; i++)
		vni_one[i] = i < 0x80 ? i : tabs[TAB_CP1252][i];
	vni_one[0x82] = COLON_SIGN;
	for (i = 0; i < ARRAY_SIZE(vni_letters); i++)
		vni_one[vni_letters[i].byte] = vni_letters[i].cp;
	for (m = 0; m < ARRAY_SIZE(vni_marks); m++) {
		vni_mark[vni_marks[m].byte] = true;
		vni_mark[vni_marks[m].byte - 0x20] = true;
	}
	for (b = 0; b < ARRAY_SIZE(vni_bases); b++) {
		for (m = 0; m < ARRAY_SIZE(vni_marks); m++) {
			if ((vni_marks[m].shape == SH_CIRC &&
			    !vni_bases[b].circ) ||
			    (vni_marks[m].shape == SH_BREVE &&
			    !vni_bases[b].breve) ||
			    (vni_marks[m].tone == TONE_DOT &&
			    vni_marks[m].shape == SH_NONE &&
			    !vni_bases[b].dot))
				continue;
			shape = vni_marks[m].shape == SH_CIRC ? 0x302 :
			    vni_marks[m].shape == SH_BREVE ? 0x306 : 0;
			vni_pair[b][vni_marks[m].byte & 0x1F] =
			    compose(vni_bases[b].cp, shape,
			    tone_mark[vni_marks[m].tone]);
		}
	}
}

static void
tables_init(void)
{
	uint32_t t[256];
	unsigned i;

	tab_ok[TAB_CP1252] = fill_iconv(tabs[TAB_CP1252], "CP1252");
	tab_ok[TAB_VISCII] = fill_iconv(tabs[TAB_VISCII], "VISCII");
	tab_ok[TAB_CP1258] = fill_iconv(tabs[TAB_CP1258], "CP1258");
	tab_ok[TAB_TCVN3] = tab_ok[TAB_CP1252] &&
	    fill_iconv(t, "TCVN5712-1");
	for (i = 0; i < 256; i++) {
		if (i < 0x80)
			tabs[TAB_TCVN3][i] = i;
		else if (i == 0x82)
			tabs[TAB_TCVN3][i] = COLON_SIGN;
		else if (i < 0xA0)
			tabs[TAB_TCVN3][i] = tabs[TAB_CP1252][i];
		else if (i == 0xE0 || i == 0xF0 || i == 0xFF)
			tabs[TAB_TCVN3][i] = REPL;
		else
			tabs[TAB_TCVN3][i] = t[i];
	}
	for (i = 0; i < 32; i++)
		cp1252_rev[i] = tabs[TAB_CP1252][0x80 + i];
	fill_vni();
}

/* ============================================================= decoding */

static enum cong_err
put_cp(struct buf *b, uint32_t cp)
{
	char s[4];

	return buf_add(b, s, vn_utf8_put(cp, s));
}

/* Index of the VNI base for byte c and whether it is a capital; -1 none. */
static int
vni_base(unsigned char c, bool *cap)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(vni_bases); i++) {
		if (c == vni_bases[i].small || c == vni_bases[i].cap) {
			*cap = c == vni_bases[i].cap;
			return (int)i;
		}
	}
	return -1;
}

static void
decode_vni(const unsigned char *s, size_t n, struct buf *tmp)
{
	uint32_t cp;
	size_t i = 0;
	bool cap;
	int b;

	while (i < n) {
		cp = 0;
		b = vni_base(s[i], &cap);
		if (b >= 0 && i + 1 < n && vni_mark[s[i + 1]])
			cp = vni_pair[b][s[i + 1] & 0x1F];
		if (cp) {
			if (cap)
				cp = (uint32_t)utf8proc_toupper(
				    (utf8proc_int32_t)cp);
			i += 2;
		} else {
			cp = vni_one[s[i]];
			i++;
		}
		put_cp(tmp, cp);
	}
}

static void
decode_table(const uint32_t t[256], const unsigned char *s, size_t n,
    struct buf *tmp)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] < 0x80 && t[s[i]] == s[i])
			buf_addc(tmp, (char)s[i]);
		else
			put_cp(tmp, t[s[i]]);
	}
}

/* Decodes a legacy encoding (not UTF-8) to UTF-8 NFC, appended to out. */
static enum cong_err
decode_legacy(enum vn_enc enc, const char *p, size_t n, struct buf *out)
{
	const unsigned char *s = (const unsigned char *)p;
	struct buf tmp = BUF_INIT;
	enum cong_err err;

	static const enum tab tab_of[VN_ENC__MAX] = {
		[VN_ENC_TCVN3] = TAB_TCVN3, [VN_ENC_VNI] = TAB_CP1252,
		[VN_ENC_VISCII] = TAB_VISCII, [VN_ENC_CP1258] = TAB_CP1258,
	};

	pthread_once(&tables_once, tables_init);
	if (enc <= VN_ENC_UTF8 || enc >= VN_ENC__MAX)
		return CONG_EINVAL;
	if (!tab_ok[tab_of[enc]])
		return CONG_EUNAVAIL;
	buf_init(&tmp, out->cap);
	if (enc == VN_ENC_VNI)
		decode_vni(s, n, &tmp);
	else
		decode_table(tabs[tab_of[enc]], s, n, &tmp);
	if (!buf_ok(&tmp)) {
		err = CONG_ETOOBIG;
		goto out;
	}
	err = vn_nfc(tmp.ptr, tmp.len, out);
out:
	buf_release(&tmp);
	return err;
}

enum cong_err
vn_legacy_decode(enum vn_enc enc, const char *p, size_t n, struct buf *out)
{
	size_t start = out->len;
	enum cong_err err;

	if (enc == VN_ENC_AUTO)
		enc = vn_legacy_detect(p, n);
	if (enc == VN_ENC_UTF8)
		err = vn_nfc(p, n, out);
	else
		err = decode_legacy(enc, p, n, out);
	if (err)
		buf_truncate(out, start);
	return err;
}

/* ============================================================ syllables */

/*
 * A Vietnamese letter reduced to its spelling letter and tone. Spelling
 * letters are ASCII a-z with these stand-ins: A â, W ă, E ê, O ô, P ơ,
 * U ư, D đ. Returns false for anything that is not a Vietnamese letter.
 */
static bool
spell(uint32_t cp, char *letter, int *tone)
{
	utf8proc_int32_t d[8];
	utf8proc_ssize_t r, i;
	int bc = 0;
	char c;

	if (cp == 0x110 || cp == 0x111) {
		*letter = 'D';
		*tone = 0;
		return true;
	}
	r = utf8proc_decompose_char((utf8proc_int32_t)cp, d, 8,
	    UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD, &bc);
	if (r < 1 || r > 8 || d[0] < 'a' || d[0] > 'z')
		return false;
	c = (char)d[0];
	*tone = 0;
	for (i = 1; i < r; i++) {
		switch (d[i]) {
		case 0x302:
			if (c != 'a' && c != 'e' && c != 'o')
				return false;
			c = c == 'a' ? 'A' : c == 'e' ? 'E' : 'O';
			break;
		case 0x306:
			if (c != 'a')
				return false;
			c = 'W';
			break;
		case 0x31B:
			if (c != 'o' && c != 'u')
				return false;
			c = c == 'o' ? 'P' : 'U';
			break;
		case 0x301: case 0x300: case 0x309: case 0x303: case 0x323:
			if (*tone)
				return false;
			*tone = (int)d[i];
			break;
		default:
			return false;
		}
	}
	if (c == 'f' || c == 'j' || c == 'w' || c == 'z')
		return false;
	*letter = c;
	return true;
}

static const char *const initials[] = {
	"ngh", "ng", "nh", "gh", "gi", "kh", "ph", "th", "tr", "ch", "qu",
	"b", "c", "d", "D", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t",
	"v", "x",
};

static const char *const finals[] = {
	"ch", "nh", "ng", "c", "m", "n", "p", "t",
};

static const char *const nuclei[] = {
	"a", "W", "A", "e", "E", "i", "o", "O", "P", "u", "U", "y",
	"ai", "ao", "au", "ay", "Au", "Ay", "eo", "Eu", "ia", "iu", "iE",
	"oa", "oW", "oe", "oi", "Oi", "Pi", "ua", "uA", "ue", "uE", "ui",
	"uO", "uP", "Ua", "Ui", "Uu", "UP", "uy", "ya", "yE",
	"iEu", "yEu", "oai", "oao", "oay", "oeo", "uAy", "uOi", "UPi", "UPu",
	"uya", "uyE", "uyu",
};

static bool
in_list(const char *s, size_t n, const char *const *list, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (strlen(list[i]) == n && memcmp(list[i], s, n) == 0)
			return true;
	return false;
}

static bool
starts(const char *s, size_t n, const char *pre)
{
	size_t l = strlen(pre);

	return l <= n && memcmp(s, pre, l) == 0;
}

/* Checks the rhyme s[0..n): nucleus, then an optional final consonant. */
static bool
rhyme_ok(const char *s, size_t n, int tone)
{
	size_t i, fl;

	for (i = 0; i < ARRAY_SIZE(finals); i++) {
		fl = strlen(finals[i]);
		if (fl < n && memcmp(s + n - fl, finals[i], fl) == 0)
			break;
	}
	if (i == ARRAY_SIZE(finals))
		return in_list(s, n, nuclei, ARRAY_SIZE(nuclei));
	/* Stop finals take only the sharp tones (acute, dot below). */
	if (strchr("cpt", finals[i][0]) && tone != 0x301 && tone != 0x323)
		return false;
	return in_list(s, n - fl, nuclei, ARRAY_SIZE(nuclei));
}

/* True if the spelled word s[0..n) with tone is a Vietnamese syllable. */
static bool
syllable_ok(const char *s, size_t n, int tone)
{
	size_t i, il;

	for (i = 0; i < ARRAY_SIZE(initials); i++) {
		if (!starts(s, n, initials[i]))
			continue;
		il = strlen(initials[i]);
		if (il < n && rhyme_ok(s + il, n - il, tone))
			return true;
		/* "gì", "gìn": gi + i folds into one i */
		if (strcmp(initials[i], "gi") == 0 && rhyme_ok(s + 1, n - 1,
		    tone))
			return true;
	}
	return rhyme_ok(s, n, tone);
}

/* ============================================================== scoring */

struct scorer {
	long score;
	char word[16];
	size_t wlen;
	int tone;
	bool wide;	/* the word has a non-ASCII letter */
	bool bad;	/* the word cannot be a syllable */
};

static void
word_end(struct scorer *sc)
{
	if (sc->wlen > 0 && sc->wide)
		sc->score += !sc->bad && syllable_ok(sc->word, sc->wlen,
		    sc->tone) ? 3 : -2;
	sc->wlen = 0;
	sc->tone = 0;
	sc->wide = false;
	sc->bad = false;
}

static void
score_cp(struct scorer *sc, uint32_t cp)
{
	utf8proc_category_t cat;
	char letter;
	int tone;

	if (cp < 0x80) {
		if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') {
			if (sc->wlen < sizeof(sc->word))
				sc->word[sc->wlen] = (char)(cp | 0x20);
			sc->wlen++;
			return;
		}
		word_end(sc);
		if (cp < 0x20 && cp != '\n' && cp != '\r' && cp != '\t')
			sc->score--;
		return;
	}
	if (spell(cp, &letter, &tone)) {
		if (sc->wlen < sizeof(sc->word))
			sc->word[sc->wlen] = letter;
		sc->wlen++;
		sc->wide = true;
		if (tone && sc->tone)
			sc->bad = true;
		if (tone)
			sc->tone = tone;
		return;
	}
	cat = utf8proc_category((utf8proc_int32_t)cp);
	if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_ME) {
		/* a letter or mark that Vietnamese does not use */
		sc->wide = true;
		sc->bad = true;
		sc->wlen++;
		return;
	}
	word_end(sc);
	sc->score -= cat == UTF8PROC_CATEGORY_ZS ? 0 : 1;
}

/* Scores UTF-8 text: higher reads more like Vietnamese. */
static long
score_text(const char *p, size_t n)
{
	struct scorer sc = { 0 };
	size_t i = 0, l;
	uint32_t cp;

	while (i < n) {
		l = vn_utf8_next(p + i, n - i, &cp);
		if (l == 0) {
			cp = REPL;
			l = 1;
		}
		if (sc.wlen > sizeof(sc.word))
			sc.bad = true;
		score_cp(&sc, cp);
		i += l;
	}
	if (sc.wlen > sizeof(sc.word))
		sc.bad = true;
	word_end(&sc);
	return sc.score;
}

/* True if p has a letter that carries a Vietnamese mark, or đ. */
static bool
has_vi_letter(const char *p, size_t n)
{
	size_t i = 0, l;
	uint32_t cp;
	char letter;
	int tone;

	while (i < n) {
		l = vn_utf8_next(p + i, n - i, &cp);
		if (l == 0)
			return false;
		i += l;
		if (cp >= 0x80 && spell(cp, &letter, &tone))
			return true;
	}
	return false;
}

static bool
is_ascii(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)p[i] >= 0x80)
			return false;
	return true;
}

enum vn_enc
vn_legacy_detect(const char *p, size_t n)
{
	static const enum vn_enc cand[] = { VN_ENC_TCVN3, VN_ENC_VNI,
	    VN_ENC_VISCII, VN_ENC_CP1258 };
	struct buf tmp = BUF_INIT;
	enum vn_enc best = VN_ENC_UTF8;
	long best_score = 0, s;
	bool utf8;
	size_t i;

	if (n > DETECT_MAX) {
		n = DETECT_MAX;
		while (n > 0 && ((unsigned char)p[n] & 0xC0) == 0x80)
			n--;	/* do not cut a UTF-8 sequence */
	}
	if (is_ascii(p, n))
		return VN_ENC_UTF8;
	utf8 = vn_utf8_valid(p, n);
	if (utf8 && has_vi_letter(p, n))
		return VN_ENC_UTF8;
	if (utf8)
		best_score = score_text(p, n);
	for (i = 0; i < ARRAY_SIZE(cand); i++) {
		buf_reset(&tmp);
		if (decode_legacy(cand[i], p, n, &tmp))
			continue;
		s = score_text(tmp.ptr, tmp.len);
		if ((!utf8 && best == VN_ENC_UTF8) || s > best_score) {
			best = cand[i];
			best_score = s;
		}
	}
	buf_release(&tmp);
	return best;
}

/* ========================================================= cp1252 view */

/* Encodes UTF-8 p as Windows-1252 bytes into b; false if it cannot. */
static bool
to_cp1252(const char *p, size_t n, struct buf *b)
{
	size_t i = 0, l, k;
	uint32_t cp;

	while (i < n) {
		l = vn_utf8_next(p + i, n - i, &cp);
		if (l == 0)
			return false;
		i += l;
		if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF) ||
		    (cp >= 0x80 && cp <= 0x9F)) {
			buf_addc(b, (char)cp);
			continue;
		}
		for (k = 0; k < 32 && cp1252_rev[k] != cp; k++)
			;
		if (k == 32)
			return false;
		buf_addc(b, (char)(0x80 + k));
	}
	return buf_ok(b);
}

enum cong_err
vn_legacy_fix_cp1252_view(const char *p, size_t n, struct buf *out,
    enum vn_enc *found)
{
	static const enum vn_enc cand[] = { VN_ENC_TCVN3, VN_ENC_VNI };
	struct buf bytes = BUF_INIT, dec[2] = { BUF_INIT, BUF_INIT };
	enum cong_err err = CONG_EINVAL;
	long best_score, s;
	int best = -1;
	size_t i;

	if (found)
		*found = VN_ENC_UTF8;
	pthread_once(&tables_once, tables_init);
	if (!tab_ok[TAB_CP1252])
		return CONG_EUNAVAIL;
	buf_init(&bytes, n);
	if (!to_cp1252(p, n, &bytes))
		goto out;
	best_score = score_text(p, n);
	for (i = 0; i < ARRAY_SIZE(cand); i++) {
		buf_init(&dec[i], out->cap);
		err = decode_legacy(cand[i], bytes.ptr, bytes.len, &dec[i]);
		if (err)
			goto out;
		s = score_text(dec[i].ptr, dec[i].len);
		if (s > best_score) {
			best = (int)i;
			best_score = s;
		}
	}
	err = CONG_EINVAL;
	if (best < 0)
		goto out;
	err = buf_add(out, dec[best].ptr, dec[best].len);
	if (!err && found)
		*found = cand[best];
out:
	buf_release(&bytes);
	buf_release(&dec[0]);
	buf_release(&dec[1]);
	return err;
}

/* ================================================================ names */

static const char *const enc_names[VN_ENC__MAX + 1] = {
	[VN_ENC_UTF8] = "utf8",
	[VN_ENC_TCVN3] = "tcvn3",
	[VN_ENC_VNI] = "vni",
	[VN_ENC_VISCII] = "viscii",
	[VN_ENC_CP1258] = "cp1258",
	[VN_ENC_AUTO] = "auto",
};

static const struct {
	const char *name;
	enum vn_enc enc;
} enc_aliases[] = {
	{ "utf-8", VN_ENC_UTF8 }, { "tcvn", VN_ENC_TCVN3 },
	{ "abc", VN_ENC_TCVN3 }, { "vni-win", VN_ENC_VNI },
	{ "vni-windows", VN_ENC_VNI }, { "windows-1258", VN_ENC_CP1258 },
};

const char *
vn_enc_name(enum vn_enc enc)
{
	if ((unsigned)enc > VN_ENC__MAX)
		return "?";
	return enc_names[enc];
}

enum cong_err
vn_enc_parse(const char *name, enum vn_enc *out)
{
	size_t i;

	for (i = 0; i <= VN_ENC__MAX; i++) {
		if (strcasecmp(name, enc_names[i]) == 0) {
			*out = (enum vn_enc)i;
			return CONG_OK;
		}
	}
	for (i = 0; i < ARRAY_SIZE(enc_aliases); i++) {
		if (strcasecmp(name, enc_aliases[i].name) == 0) {
			*out = enc_aliases[i].enc;
			return CONG_OK;
		}
	}
	return CONG_EINVAL;
}
