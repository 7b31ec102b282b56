/* SPDX-License-Identifier: ISC */
/*
 * sanitize.c: the allowlist sanitizer on gumbo's HTML5 tree. The input is
 * parsed as a fragment in a <body> context, walked iteratively (gumbo's
 * trees can be as deep as the input is long) and written back keeping only
 * allowlisted elements and attributes. The writer also keeps a stack of the
 * elements it has opened and refuses, by unwrapping, any element that the
 * HTML5 tree builder would not leave where it stands (a block in a <p>, a
 * <td> outside a <tr>, an <a> in an <a>, an <li> in an <li>): unwrapping
 * Word's or a browser's junk must never produce markup that re-parses to
 * a different tree, or the stored body would change on every save and a
 * check made on one tree would be bypassed on another.
 *
 * gumbo 0.10.1 frees its tree recursively, which overflows the stack on a
 * deeply nested input within LIMIT_BODY; so gumbo allocates through a
 * tracking allocator here, and the whole parse is freed as a list.
 */
#include "base/common.h"

#include <strings.h>

#include <gumbo.h>

#include "base/buf.h"
#include "render/sanitize.h"

/* ------------------------------------------------------------------ */
/* gumbo memory                                                        */
/* ------------------------------------------------------------------ */

/* Header of one gumbo allocation; a union to keep max_align_t alignment. */
union gmem_hdr {
	struct {
		union gmem_hdr *prev, *next;
	} l;
	max_align_t align;
};

struct gmem {
	union gmem_hdr *head;
};

static void *
gmem_alloc(void *userdata, size_t n)
{
	struct gmem *m = userdata;
	union gmem_hdr *h;

	h = xmalloc(sizeof(*h) + n);
	h->l.prev = NULL;
	h->l.next = m->head;
	if (m->head)
		m->head->l.prev = h;
	m->head = h;
	return h + 1;
}

static void
gmem_free(void *userdata, void *p)
{
	struct gmem *m = userdata;
	union gmem_hdr *h;

	if (!p)
		return;
	h = (union gmem_hdr *)p - 1;
	if (h->l.prev)
		h->l.prev->l.next = h->l.next;
	else
		m->head = h->l.next;
	if (h->l.next)
		h->l.next->l.prev = h->l.prev;
	free(h);
}

static void
gmem_release(struct gmem *m)
{
	union gmem_hdr *h, *next;

	for (h = m->head; h; h = next) {
		next = h->l.next;
		free(h);
	}
	m->head = NULL;
}

/* Parses html as a <body> fragment; the tree lives until gmem_release. */
static GumboOutput *
parse_fragment(struct gmem *m, const char *html, size_t len)
{
	GumboOptions o = kGumboDefaultOptions;

	o.allocator = gmem_alloc;
	o.deallocator = gmem_free;
	o.userdata = m;
	o.max_errors = 0;
	o.fragment_context = GUMBO_TAG_BODY;
	o.fragment_namespace = GUMBO_NAMESPACE_HTML;
	return gumbo_parse_with_options(&o, html ? html : "", len);
}

/* ------------------------------------------------------------------ */
/* Element tables                                                      */
/* ------------------------------------------------------------------ */

enum {
	T_KEEP = 1 << 0,	/* allowlisted */
	T_DROP = 1 << 1,	/* dropped with its content */
	T_VOID = 1 << 2,	/* no end tag, no children */
	T_PCLOSE = 1 << 3,	/* its start tag closes a <p> in button scope */
	T_SPECIAL = 1 << 4,	/* "special" and not address, div or p */
	T_HEAD = 1 << 5,	/* h1-h6 */
	T_BLOCK = 1 << 6,	/* a line of its own in plain text */
	T_CELL = 1 << 7,	/* a table cell: a space in plain text */
	T_TABLE = 1 << 8	/* holds only table parts and whitespace */
};

#define KB	(T_KEEP | T_BLOCK)
#define KBP	(T_KEEP | T_BLOCK | T_PCLOSE)
#define KBPS	(T_KEEP | T_BLOCK | T_PCLOSE | T_SPECIAL)
#define DROP	T_DROP

/*
 * Element classes, from the tree-construction rules of HTML5 ("in body"
 * start tags, the special category, the scopes) as gumbo 0.10.1 applies
 * them. Tags not listed are unwrapped.
 */
static const uint16_t tag_class[GUMBO_TAG_LAST + 1] = {
	[GUMBO_TAG_P] = KBP,
	[GUMBO_TAG_DIV] = KBP,
	[GUMBO_TAG_BR] = T_KEEP | T_VOID | T_SPECIAL | T_BLOCK,
	[GUMBO_TAG_HR] = T_KEEP | T_VOID | T_SPECIAL | T_BLOCK | T_PCLOSE,
	[GUMBO_TAG_H1] = KBPS | T_HEAD,
	[GUMBO_TAG_H2] = KBPS | T_HEAD,
	[GUMBO_TAG_H3] = KBPS | T_HEAD,
	[GUMBO_TAG_H4] = KBPS | T_HEAD,
	[GUMBO_TAG_H5] = KBPS | T_HEAD,
	[GUMBO_TAG_H6] = KBPS | T_HEAD,
	[GUMBO_TAG_STRONG] = T_KEEP,
	[GUMBO_TAG_B] = T_KEEP,
	[GUMBO_TAG_EM] = T_KEEP,
	[GUMBO_TAG_I] = T_KEEP,
	[GUMBO_TAG_U] = T_KEEP,
	[GUMBO_TAG_S] = T_KEEP,
	[GUMBO_TAG_SUB] = T_KEEP,
	[GUMBO_TAG_SUP] = T_KEEP,
	[GUMBO_TAG_SMALL] = T_KEEP,
	[GUMBO_TAG_MARK] = T_KEEP,
	[GUMBO_TAG_BLOCKQUOTE] = KBPS,
	[GUMBO_TAG_Q] = T_KEEP,
	[GUMBO_TAG_CITE] = T_KEEP,
	[GUMBO_TAG_CODE] = T_KEEP,
	[GUMBO_TAG_PRE] = KBPS,
	[GUMBO_TAG_UL] = KBPS,
	[GUMBO_TAG_OL] = KBPS,
	[GUMBO_TAG_LI] = KBPS,
	[GUMBO_TAG_DL] = KBPS,
	[GUMBO_TAG_DT] = KBPS,
	[GUMBO_TAG_DD] = KBPS,
	[GUMBO_TAG_A] = T_KEEP,
	[GUMBO_TAG_IMG] = T_KEEP | T_VOID | T_SPECIAL,
	[GUMBO_TAG_FIGURE] = KBPS,
	[GUMBO_TAG_FIGCAPTION] = KBPS,
	[GUMBO_TAG_TABLE] = KBPS | T_TABLE,
	[GUMBO_TAG_CAPTION] = KB | T_SPECIAL,
	[GUMBO_TAG_THEAD] = KB | T_SPECIAL | T_TABLE,
	[GUMBO_TAG_TBODY] = KB | T_SPECIAL | T_TABLE,
	[GUMBO_TAG_TFOOT] = KB | T_SPECIAL | T_TABLE,
	[GUMBO_TAG_TR] = KB | T_SPECIAL | T_TABLE,
	[GUMBO_TAG_TH] = T_KEEP | T_SPECIAL | T_CELL,
	[GUMBO_TAG_TD] = T_KEEP | T_SPECIAL | T_CELL,
	[GUMBO_TAG_COLGROUP] = T_KEEP | T_SPECIAL | T_TABLE,
	[GUMBO_TAG_COL] = T_KEEP | T_VOID | T_SPECIAL,
	[GUMBO_TAG_SPAN] = T_KEEP,
	[GUMBO_TAG_ABBR] = T_KEEP,
	[GUMBO_TAG_TIME] = T_KEEP,

	[GUMBO_TAG_SCRIPT] = DROP,
	[GUMBO_TAG_STYLE] = DROP,
	[GUMBO_TAG_IFRAME] = DROP,
	[GUMBO_TAG_OBJECT] = DROP,
	[GUMBO_TAG_EMBED] = DROP,
	[GUMBO_TAG_FRAME] = DROP,
	[GUMBO_TAG_FRAMESET] = DROP,
	[GUMBO_TAG_NOSCRIPT] = DROP,
	[GUMBO_TAG_NOEMBED] = DROP,
	[GUMBO_TAG_NOFRAMES] = DROP,
	[GUMBO_TAG_TEMPLATE] = DROP,
	[GUMBO_TAG_TEXTAREA] = DROP,
	[GUMBO_TAG_SELECT] = DROP,
	[GUMBO_TAG_OPTION] = DROP,
	[GUMBO_TAG_SVG] = DROP,
	[GUMBO_TAG_MATH] = DROP,
	[GUMBO_TAG_TITLE] = DROP,
	[GUMBO_TAG_META] = DROP,
	[GUMBO_TAG_LINK] = DROP,
	[GUMBO_TAG_BASE] = DROP,
	[GUMBO_TAG_FORM] = DROP,
	[GUMBO_TAG_INPUT] = DROP,
	[GUMBO_TAG_BUTTON] = DROP,
	[GUMBO_TAG_HEAD] = DROP,
	[GUMBO_TAG_APPLET] = DROP,

	/* Unwrapped, but lines of their own in plain text. */
	[GUMBO_TAG_ARTICLE] = T_BLOCK,
	[GUMBO_TAG_SECTION] = T_BLOCK,
	[GUMBO_TAG_NAV] = T_BLOCK,
	[GUMBO_TAG_ASIDE] = T_BLOCK,
	[GUMBO_TAG_HEADER] = T_BLOCK,
	[GUMBO_TAG_FOOTER] = T_BLOCK,
	[GUMBO_TAG_ADDRESS] = T_BLOCK,
	[GUMBO_TAG_MAIN] = T_BLOCK,
	[GUMBO_TAG_CENTER] = T_BLOCK,
	[GUMBO_TAG_DETAILS] = T_BLOCK,
	[GUMBO_TAG_SUMMARY] = T_BLOCK,
	[GUMBO_TAG_FIELDSET] = T_BLOCK,
	[GUMBO_TAG_LISTING] = T_BLOCK,
	[GUMBO_TAG_XMP] = T_BLOCK,
	[GUMBO_TAG_PLAINTEXT] = T_BLOCK,
};

static unsigned
tag_flags(GumboTag tag)
{
	return (unsigned)tag < ARRAY_SIZE(tag_class) ? tag_class[tag] : 0;
}

/*
 * Word's <xml> islands (document properties as text) go with their
 * content; gumbo knows the tag only by its source text.
 */
static bool
is_word_xml(const GumboElement *el)
{
	GumboStringPiece name = el->original_tag;

	if (el->tag != GUMBO_TAG_UNKNOWN || !name.length)
		return false;
	gumbo_tag_from_original_text(&name);
	return name.length == 3 && strncasecmp(name.data, "xml", 3) == 0;
}

/* Children of an element or the document; NULL for other nodes. */
static const GumboVector *
node_children(const GumboNode *n)
{
	switch (n->type) {
	case GUMBO_NODE_DOCUMENT:
		return &n->v.document.children;
	case GUMBO_NODE_ELEMENT:
	case GUMBO_NODE_TEMPLATE:
		return &n->v.element.children;
	default:
		return NULL;
	}
}

/* The next sibling of n, or NULL. */
static const GumboNode *
node_next(const GumboNode *n)
{
	const GumboVector *kids;
	size_t i;

	if (!n->parent || !(kids = node_children(n->parent)))
		return NULL;
	i = n->index_within_parent;
	if (i >= kids->length || kids->data[i] != n) {
		/* Not expected from gumbo; find n the slow way. */
		for (i = 0; i < kids->length && kids->data[i] != n; i++)
			;
	}
	return i + 1 < kids->length ? kids->data[i + 1] : NULL;
}

/*
 * Walks the subtree under root without recursion: enter() says whether to
 * descend, leave() runs once for every node entered, after its children.
 */
typedef bool (*walk_enter_fn)(void *ctx, const GumboNode *n);
typedef void (*walk_leave_fn)(void *ctx, const GumboNode *n);

static void
walk(const GumboNode *root, walk_enter_fn enter, walk_leave_fn leave,
	void *ctx)
{
	const GumboVector *kids = node_children(root);
	const GumboNode *n, *next;

	if (!kids || !kids->length)
		return;
	n = kids->data[0];
	for (;;) {
		if (enter(ctx, n)) {
			kids = node_children(n);
			if (kids && kids->length) {
				n = kids->data[0];
				continue;
			}
		}
		for (;;) {
			leave(ctx, n);
			if ((next = node_next(n))) {
				n = next;
				break;
			}
			n = n->parent;
			if (!n || n == root)
				return;
		}
	}
}

/* ------------------------------------------------------------------ */
/* Escaping                                                            */
/* ------------------------------------------------------------------ */

enum {
	C_PLAIN = 0,
	C_TEXT,		/* & < >: escaped everywhere */
	C_ATTR,		/* " ': escaped in attribute values */
	C_DROP,		/* C0 controls but tab, LF, FF; and DEL */
	C_CR		/* written as LF, which is what a parser reads */
};

/* Byte classes for the writers; bytes not listed are C_PLAIN. */
static const uint8_t char_class[256] = {
	[0x00] = C_DROP, [0x01] = C_DROP, [0x02] = C_DROP, [0x03] = C_DROP,
	[0x04] = C_DROP, [0x05] = C_DROP, [0x06] = C_DROP, [0x07] = C_DROP,
	[0x08] = C_DROP, [0x0b] = C_DROP, [0x0d] = C_CR, [0x0e] = C_DROP,
	[0x0f] = C_DROP, [0x10] = C_DROP, [0x11] = C_DROP, [0x12] = C_DROP,
	[0x13] = C_DROP, [0x14] = C_DROP, [0x15] = C_DROP, [0x16] = C_DROP,
	[0x17] = C_DROP, [0x18] = C_DROP, [0x19] = C_DROP, [0x1a] = C_DROP,
	[0x1b] = C_DROP, [0x1c] = C_DROP, [0x1d] = C_DROP, [0x1e] = C_DROP,
	[0x1f] = C_DROP, [0x7f] = C_DROP,
	['&'] = C_TEXT, ['<'] = C_TEXT, ['>'] = C_TEXT,
	['"'] = C_ATTR, ['\''] = C_ATTR,
};

static const char *
char_entity(unsigned char c)
{
	switch (c) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	case '\'':
		return "&#39;";
	case '\r':
		return "\n";
	default:
		return "";
	}
}

/* Length of the valid UTF-8 sequence at s[0..n), 0 when it is not one. */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
	size_t len, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	if ((s[0] == 0xe0 && s[1] < 0xa0) ||	/* overlong */
	    (s[0] == 0xed && s[1] > 0x9f) ||	/* surrogates */
	    (s[0] == 0xf0 && s[1] < 0x90) ||	/* overlong */
	    (s[0] == 0xf4 && s[1] > 0x8f))	/* past U+10FFFF */
		return 0;
	return len;
}

/* Appends p[0..n) escaped for text, or for a double-quoted attribute. */
static void
add_escaped(struct buf *out, const char *p, size_t n, bool attr)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t i, run = 0, len;
	unsigned k;

	for (i = 0; i < n; i++) {
		if (s[i] >= 0x80) {
			len = utf8_len(s + i, n - i);
			if (len == 0) {
				/*
				 * Bytes that are not UTF-8 become U+FFFD, as a
				 * parser reads them: gumbo 0.10 writes a lone
				 * byte for some numeric references past
				 * U+10FFFF ("&#2666…68;"), which a second pass
				 * would read as U+FFFD (found by fuzz/sanitize).
				 */
				buf_add(out, p + run, i - run);
				buf_adds(out, "\xef\xbf\xbd");
				run = i + 1;
			} else if (len == 2 && s[i] == 0xc2 && s[i + 1] <= 0x9f) {
				/*
				 * C1 controls (U+0080-U+009F) are dropped like
				 * C0 ones: an HTML parser reads one written raw
				 * as U+FFFD, so keeping it would change the text
				 * on a second pass (found by fuzz/sanitize).
				 */
				buf_add(out, p + run, i - run);
				run = i + 2;
				i++;
			} else {
				i += len - 1;
			}
			continue;
		}
		k = char_class[s[i]];
		if (k == C_PLAIN || (k == C_ATTR && !attr))
			continue;
		buf_add(out, p + run, i - run);
		buf_adds(out, char_entity(s[i]));
		run = i + 1;
	}
	buf_add(out, p + run, n - run);
}

/* ------------------------------------------------------------------ */
/* Attributes                                                          */
/* ------------------------------------------------------------------ */

enum attr_kind {
	AK_TEXT,	/* any text */
	AK_URL,		/* http, https, mailto, "/..." or "#..." */
	AK_IMG_SRC,	/* media_prefix..., or https with the flag */
	AK_DIM,		/* 1-5 digits */
	AK_COUNT,	/* 1-4 digits */
	AK_INT,		/* optional '-' and 1-9 digits */
	AK_SCOPE,	/* row col rowgroup colgroup */
	AK_OLTYPE,	/* 1 a A i I */
	AK_BOOL,	/* written as name="" */
	AK_DATETIME,	/* [0-9A-Za-z:.+- ], 1-64 bytes */
	AK_CLASS	/* allowlisted tokens only */
};

static const struct attr_rule {
	GumboTag tag;		/* GUMBO_TAG_LAST: every kept element */
	const char *name;
	enum attr_kind kind;
} attr_rules[] = {
	{ GUMBO_TAG_A, "href", AK_URL },
	{ GUMBO_TAG_A, "title", AK_TEXT },
	{ GUMBO_TAG_IMG, "src", AK_IMG_SRC },
	{ GUMBO_TAG_IMG, "alt", AK_TEXT },
	{ GUMBO_TAG_IMG, "title", AK_TEXT },
	{ GUMBO_TAG_IMG, "width", AK_DIM },
	{ GUMBO_TAG_IMG, "height", AK_DIM },
	{ GUMBO_TAG_TH, "colspan", AK_COUNT },
	{ GUMBO_TAG_TH, "rowspan", AK_COUNT },
	{ GUMBO_TAG_TH, "scope", AK_SCOPE },
	{ GUMBO_TAG_TD, "colspan", AK_COUNT },
	{ GUMBO_TAG_TD, "rowspan", AK_COUNT },
	{ GUMBO_TAG_TD, "scope", AK_SCOPE },
	{ GUMBO_TAG_OL, "start", AK_INT },
	{ GUMBO_TAG_OL, "type", AK_OLTYPE },
	{ GUMBO_TAG_OL, "reversed", AK_BOOL },
	{ GUMBO_TAG_LI, "value", AK_INT },
	{ GUMBO_TAG_TIME, "datetime", AK_DATETIME },
	{ GUMBO_TAG_ABBR, "title", AK_TEXT },
	{ GUMBO_TAG_Q, "cite", AK_URL },
	{ GUMBO_TAG_BLOCKQUOTE, "cite", AK_URL },
	{ GUMBO_TAG_LAST, "class", AK_CLASS },
};

/* What CKEditor and similar editors put in class for alignment. */
static const char *const class_allow[] = {
	"align-left", "align-center", "align-right", "align-justify",
	"image", "image-style-side", "image-style-align-left",
	"image-style-align-center", "image-style-align-right", "table",
};

static const char *const scope_values[] = {
	"row", "col", "rowgroup", "colgroup",
};

/* The writer's state for one sanitize_html() call. */
struct san {
	struct buf *out;
	const char *prefix;	/* media_prefix, "" for none */
	size_t prefix_len;
	unsigned flags;
	struct buf val;		/* the cleaned value of the attribute at hand */
	size_t pre_mark;	/* out->len just after "<pre>", or SIZE_MAX */
	unsigned depth;
	struct san_open {
		const GumboNode *node;
		GumboTag tag;
	} open[SANITIZE_MAX_DEPTH];
};

static const struct attr_rule *
attr_rule_find(GumboTag tag, const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(attr_rules); i++) {
		if ((attr_rules[i].tag == tag ||
		    attr_rules[i].tag == GUMBO_TAG_LAST) &&
		    strcmp(attr_rules[i].name, name) == 0)
			return &attr_rules[i];
	}
	return NULL;
}

static bool
all_digits(const char *v, size_t n, size_t max)
{
	size_t i;

	if (n == 0 || n > max)
		return false;
	for (i = 0; i < n; i++)
		if (v[i] < '0' || v[i] > '9')
			return false;
	return true;
}

static bool
is_ascii_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

/*
 * Copies a URL into s->val as a browser would read it: C0 controls and
 * spaces trimmed at both ends, tabs and newlines removed inside (WHATWG
 * URL, basic URL parser). Any other control inside refuses it.
 */
static bool
url_clean(struct san *s, const char *v)
{
	const unsigned char *p = (const unsigned char *)v;
	size_t a = 0, b = strlen(v), i;

	while (a < b && p[a] <= 0x20)
		a++;
	while (b > a && p[b - 1] <= 0x20)
		b--;
	buf_reset(&s->val);
	for (i = a; i < b; i++) {
		if (p[i] == '\t' || p[i] == '\n' || p[i] == '\r')
			continue;
		if (p[i] < 0x20 || p[i] == 0x7f)
			return false;
		buf_addc(&s->val, (char)p[i]);
	}
	return buf_ok(&s->val) && s->val.len > 0;
}

/* The scheme of a cleaned URL ("" when relative), checked against lit. */
static bool
url_scheme_is(const char *u, size_t n, const char *lit)
{
	size_t l = strlen(lit);

	return n > l && u[l] == ':' && strncasecmp(u, lit, l) == 0;
}

static bool
url_ok(const char *u, size_t n)
{
	if (u[0] == '/' || u[0] == '#')
		return true;
	return url_scheme_is(u, n, "http") || url_scheme_is(u, n, "https") ||
		url_scheme_is(u, n, "mailto");
}

static bool
img_src_ok(struct san *s, const char *u, size_t n)
{
	if (s->prefix_len && n >= s->prefix_len &&
	    memcmp(u, s->prefix, s->prefix_len) == 0)
		return true;
	return (s->flags & SANITIZE_ALLOW_REMOTE_IMG) &&
		url_scheme_is(u, n, "https");
}

/* Keeps the allowlisted tokens of a class attribute, space-separated. */
static bool
class_clean(struct san *s, const char *v)
{
	size_t i, n;

	buf_reset(&s->val);
	while (*v) {
		while (*v && is_ascii_space((unsigned char)*v))
			v++;
		for (n = 0; v[n] && !is_ascii_space((unsigned char)v[n]); n++)
			;
		for (i = 0; n && i < ARRAY_SIZE(class_allow); i++) {
			if (!mem_eq_str(v, n, class_allow[i]))
				continue;
			if (s->val.len)
				buf_addc(&s->val, ' ');
			buf_add(&s->val, v, n);
			break;
		}
		v += n;
	}
	return s->val.len > 0;
}

static bool
datetime_ok(const char *v, size_t n)
{
	size_t i;

	if (n == 0 || n > 64)
		return false;
	for (i = 0; i < n; i++) {
		if (!strchr("0123456789:.+- TZtz", v[i]) &&
		    !((v[i] | 0x20) >= 'a' && (v[i] | 0x20) <= 'z'))
			return false;
	}
	return true;
}

/*
 * Decides one attribute of a kept element. On true, *val and *len are the
 * value to write (pointing into the attribute, s->val or a literal).
 */
static bool
attr_value(struct san *s, GumboTag tag, const GumboAttribute *at,
	const char **val, size_t *len)
{
	const struct attr_rule *r = attr_rule_find(tag, at->name);
	const char *v = at->value;
	size_t n = strlen(v), i;

	if (!r)
		return false;
	*val = v;
	*len = n;
	switch (r->kind) {
	case AK_TEXT:
		return true;
	case AK_URL:
	case AK_IMG_SRC:
		if (!url_clean(s, v))
			return false;
		*val = s->val.ptr;
		*len = s->val.len;
		return r->kind == AK_URL ? url_ok(*val, *len) :
			img_src_ok(s, *val, *len);
	case AK_DIM:
		return all_digits(v, n, 5);
	case AK_COUNT:
		return all_digits(v, n, 4);
	case AK_INT:
		return v[0] == '-' ? all_digits(v + 1, n - 1, 9) :
			all_digits(v, n, 9);
	case AK_SCOPE:
		for (i = 0; i < ARRAY_SIZE(scope_values); i++) {
			if (strcasecmp(v, scope_values[i]) == 0) {
				*val = scope_values[i];
				*len = strlen(*val);
				return true;
			}
		}
		return false;
	case AK_OLTYPE:
		return n == 1 && strchr("1aAiI", v[0]);
	case AK_BOOL:
		*val = "";
		*len = 0;
		return true;
	case AK_DATETIME:
		return datetime_ok(v, n);
	case AK_CLASS:
		if (!class_clean(s, v))
			return false;
		*val = s->val.ptr;
		*len = s->val.len;
		return true;
	}
	return false;
}

/* True if any attribute of el survives (spans without one are unwrapped). */
static bool
has_kept_attr(struct san *s, GumboTag tag, const GumboElement *el)
{
	const char *v;
	size_t i, n;

	for (i = 0; i < el->attributes.length; i++)
		if (attr_value(s, tag, el->attributes.data[i], &v, &n))
			return true;
	return false;
}

static bool
has_img_src(struct san *s, const GumboElement *el)
{
	const GumboAttribute *at;
	const char *v;
	size_t n;

	at = gumbo_get_attribute(&el->attributes, "src");
	return at && attr_value(s, GUMBO_TAG_IMG, at, &v, &n);
}

static void
add_attrs(struct san *s, GumboTag tag, const GumboElement *el)
{
	const GumboAttribute *at;
	const char *v;
	size_t i, n;

	for (i = 0; i < el->attributes.length; i++) {
		at = el->attributes.data[i];
		if (!attr_value(s, tag, at, &v, &n))
			continue;
		buf_addc(s->out, ' ');
		buf_adds(s->out, at->name);
		buf_adds(s->out, "=\"");
		add_escaped(s->out, v, n, true);
		buf_addc(s->out, '"');
	}
}

/* ------------------------------------------------------------------ */
/* Structure: where the tree builder would leave an element            */
/* ------------------------------------------------------------------ */

static GumboTag
open_top(const struct san *s)
{
	return s->depth ? s->open[s->depth - 1].tag : GUMBO_TAG_LAST;
}

/* "has a p element in button scope", over the elements written. */
static bool
p_in_button_scope(const struct san *s)
{
	unsigned i;

	for (i = s->depth; i-- > 0;) {
		switch (s->open[i].tag) {
		case GUMBO_TAG_P:
			return true;
		case GUMBO_TAG_TABLE:
		case GUMBO_TAG_CAPTION:
		case GUMBO_TAG_TD:
		case GUMBO_TAG_TH:
			return false;
		default:
			break;
		}
	}
	return false;
}

/*
 * The loop of the "li" and "dd"/"dt" start tags: an open a or b that is
 * reached before a special element other than address, div or p would be
 * closed by the new element.
 */
static bool
list_item_open(const struct san *s, GumboTag a, GumboTag b)
{
	unsigned i;

	for (i = s->depth; i-- > 0;) {
		if (s->open[i].tag == a || s->open[i].tag == b)
			return true;
		if (tag_flags(s->open[i].tag) & T_SPECIAL)
			return false;
	}
	return false;
}

/* An <a> among the active formatting elements since the last marker. */
static bool
a_open(const struct san *s)
{
	unsigned i;

	for (i = s->depth; i-- > 0;) {
		switch (s->open[i].tag) {
		case GUMBO_TAG_A:
			return true;
		case GUMBO_TAG_TD:
		case GUMBO_TAG_TH:
		case GUMBO_TAG_CAPTION:
			return false;
		default:
			break;
		}
	}
	return false;
}

/* Table parts go only in their parent; table parents hold only them. */
static bool
table_part_fits(GumboTag top, GumboTag tag)
{
	switch (top) {
	case GUMBO_TAG_TABLE:
		return tag == GUMBO_TAG_CAPTION || tag == GUMBO_TAG_COLGROUP ||
			tag == GUMBO_TAG_THEAD || tag == GUMBO_TAG_TBODY ||
			tag == GUMBO_TAG_TFOOT;
	case GUMBO_TAG_THEAD:
	case GUMBO_TAG_TBODY:
	case GUMBO_TAG_TFOOT:
		return tag == GUMBO_TAG_TR;
	case GUMBO_TAG_TR:
		return tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH;
	case GUMBO_TAG_COLGROUP:
		return tag == GUMBO_TAG_COL;
	default:
		break;
	}
	switch (tag) {
	case GUMBO_TAG_CAPTION:
	case GUMBO_TAG_COLGROUP:
	case GUMBO_TAG_COL:
	case GUMBO_TAG_THEAD:
	case GUMBO_TAG_TBODY:
	case GUMBO_TAG_TFOOT:
	case GUMBO_TAG_TR:
	case GUMBO_TAG_TD:
	case GUMBO_TAG_TH:
		return false;
	default:
		return true;
	}
}

/*
 * True if a start tag for tag, written now, re-parses as a child of the
 * element on top of the stack (and there is room for it: a table wants
 * four levels, so that a table past the depth cap is unwrapped whole and
 * its cells' text kept).
 */
static bool
fits(const struct san *s, GumboTag tag)
{
	unsigned fl = tag_flags(tag);
	unsigned need = (fl & T_VOID) ? 0 : tag == GUMBO_TAG_TABLE ? 4 : 1;
	GumboTag top = open_top(s);

	if (s->depth + need > SANITIZE_MAX_DEPTH)
		return false;
	if (!table_part_fits(top, tag))
		return false;
	if ((fl & T_PCLOSE) && p_in_button_scope(s))
		return false;
	if ((fl & T_HEAD) && (tag_flags(top) & T_HEAD))
		return false;
	if (tag == GUMBO_TAG_LI &&
	    list_item_open(s, GUMBO_TAG_LI, GUMBO_TAG_LI))
		return false;
	if ((tag == GUMBO_TAG_DD || tag == GUMBO_TAG_DT) &&
	    list_item_open(s, GUMBO_TAG_DD, GUMBO_TAG_DT))
		return false;
	if (tag == GUMBO_TAG_A && a_open(s))
		return false;
	return true;
}

/* ------------------------------------------------------------------ */
/* The HTML writer                                                     */
/* ------------------------------------------------------------------ */

static void
san_text(struct san *s, const GumboText *t)
{
	const unsigned char *p = (const unsigned char *)t->text;
	size_t n = strlen(t->text), i;

	/* Only whitespace stays inside table parts; the rest is foster
	 * parented out of the table by a parser. */
	if (tag_flags(open_top(s)) & T_TABLE) {
		for (i = 0; i < n; i++)
			if (!is_ascii_space(p[i]) && char_class[p[i]] != C_DROP)
				return;
	}
	/* A parser drops one newline right after <pre>: double it. */
	if (s->out->len == s->pre_mark) {
		for (i = 0; i < n && char_class[p[i]] == C_DROP; i++)
			;
		if (i < n && (p[i] == '\n' || p[i] == '\r'))
			buf_addc(s->out, '\n');
	}
	add_escaped(s->out, t->text, n, false);
}

/* Decides an element: writes its start tag, and says whether to descend. */
static bool
san_element(struct san *s, const GumboNode *node)
{
	const GumboElement *el = &node->v.element;
	GumboTag tag = el->tag;
	unsigned fl = tag_flags(tag);

	if (el->tag_namespace != GUMBO_NAMESPACE_HTML || (fl & T_DROP) ||
	    is_word_xml(el))
		return false;
	if (!(fl & T_KEEP))
		return true;
	if (tag == GUMBO_TAG_H1)
		tag = GUMBO_TAG_H2;
	if (!fits(s, tag))
		return true;
	if (tag == GUMBO_TAG_SPAN && !has_kept_attr(s, tag, el))
		return true;
	if (tag == GUMBO_TAG_IMG && !has_img_src(s, el))
		return false;
	buf_addc(s->out, '<');
	buf_adds(s->out, gumbo_normalized_tagname(tag));
	add_attrs(s, tag, el);
	buf_addc(s->out, '>');
	if (fl & T_VOID)
		return false;
	s->open[s->depth].node = node;
	s->open[s->depth].tag = tag;
	s->depth++;
	if (tag == GUMBO_TAG_PRE)
		s->pre_mark = s->out->len;
	return true;
}

static bool
san_enter(void *ctx, const GumboNode *n)
{
	struct san *s = ctx;

	switch (n->type) {
	case GUMBO_NODE_TEXT:
	case GUMBO_NODE_WHITESPACE:
		san_text(s, &n->v.text);
		return false;
	case GUMBO_NODE_ELEMENT:
		return san_element(s, n);
	default:
		/* comments, CDATA, templates */
		return false;
	}
}

static void
san_leave(void *ctx, const GumboNode *n)
{
	struct san *s = ctx;

	if (!s->depth || s->open[s->depth - 1].node != n)
		return;
	s->depth--;
	buf_adds(s->out, "</");
	buf_adds(s->out, gumbo_normalized_tagname(s->open[s->depth].tag));
	buf_addc(s->out, '>');
}

/*
 * Caps out at LIMIT_BODY more bytes for the call and remembers its state,
 * so that a failed call leaves it as it was.
 */
struct out_guard {
	size_t start, cap;
	bool overflow;
};

static void
out_guard_begin(struct out_guard *g, struct buf *out)
{
	g->start = out->len;
	g->cap = out->cap;
	g->overflow = out->overflow;
	out->overflow = false;
	if (out->cap - out->len > LIMIT_BODY)
		out->cap = out->len + LIMIT_BODY;
}

static enum cong_err
out_guard_end(struct out_guard *g, struct buf *out)
{
	enum cong_err err = CONG_OK;

	out->cap = g->cap;
	if (!buf_ok(out)) {
		err = CONG_ETOOBIG;
		buf_truncate(out, g->start);
	}
	out->overflow = g->overflow;
	return err;
}

/*
 * Start tags in the input, counted cheaply before parsing: gumbo's tree
 * builder is quadratic in nesting depth (10,000 nested blocks take about
 * 0.15 s here, 40,000 take 12 s), so a body may hold at most
 * LIMIT_BODY_TAGS tags; a real article holds a few hundred.
 */
static size_t
count_tags(const char *p, size_t n)
{
	size_t i, tags = 0;

	for (i = 0; i + 1 < n; i++)
		if (p[i] == '<' && ((p[i + 1] | 0x20) >= 'a' &&
		    (p[i + 1] | 0x20) <= 'z'))
			tags++;
	return tags;
}

enum cong_err
sanitize_html(const char *html, size_t len, const struct sanitize_opts *opts,
	struct buf *out)
{
	struct san san;
	struct san *s = &san;
	struct gmem mem = { NULL };
	struct out_guard g;
	GumboOutput *tree;
	const char *prefix = opts && opts->media_prefix ?
		opts->media_prefix : "";

	if (!out || (!html && len))
		return CONG_EINVAL;
	if (prefix[0] && (prefix[0] != '/' || prefix[1] == '/' ||
	    prefix[1] == '\\'))
		return CONG_EINVAL;
	if (len > LIMIT_BODY || count_tags(html, len) > LIMIT_BODY_TAGS)
		return CONG_ETOOBIG;
	memset(s, 0, sizeof(*s));
	s->out = out;
	s->prefix = prefix;
	s->prefix_len = strlen(prefix);
	s->flags = opts ? opts->flags : 0;
	s->pre_mark = SIZE_MAX;
	buf_init(&s->val, LIMIT_BODY);

	out_guard_begin(&g, out);
	tree = parse_fragment(&mem, html, len);
	walk(tree->root, san_enter, san_leave, s);
	gmem_release(&mem);
	buf_release(&s->val);
	return out_guard_end(&g, out);
}

/* ------------------------------------------------------------------ */
/* Plain text                                                          */
/* ------------------------------------------------------------------ */

enum gap { GAP_NONE, GAP_SPACE, GAP_LINE };

struct txt {
	struct buf *out;
	size_t start;		/* out->len before the call */
	enum gap gap;		/* separator owed before the next character */
};

static void
txt_gap(struct txt *t, enum gap g)
{
	if (g > t->gap)
		t->gap = g;
}

static void
txt_text(struct txt *t, const char *text)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t i = 0, run;

	while (p[i]) {
		if (is_ascii_space(p[i]) || char_class[p[i]] == C_DROP) {
			if (is_ascii_space(p[i]))
				txt_gap(t, GAP_SPACE);
			i++;
			continue;
		}
		if (t->out->len > t->start && t->gap != GAP_NONE)
			buf_addc(t->out, t->gap == GAP_LINE ? '\n' : ' ');
		t->gap = GAP_NONE;
		for (run = i; p[i] && !is_ascii_space(p[i]) &&
		    char_class[p[i]] != C_DROP; i++)
			;
		buf_add(t->out, text + run, i - run);
	}
}

static bool
txt_enter(void *ctx, const GumboNode *n)
{
	struct txt *t = ctx;
	unsigned fl;

	switch (n->type) {
	case GUMBO_NODE_TEXT:
	case GUMBO_NODE_WHITESPACE:
		txt_text(t, n->v.text.text);
		return false;
	case GUMBO_NODE_ELEMENT:
		break;
	default:
		return false;
	}
	fl = tag_flags(n->v.element.tag);
	if (n->v.element.tag_namespace != GUMBO_NAMESPACE_HTML ||
	    (fl & T_DROP) || is_word_xml(&n->v.element))
		return false;
	if (fl & T_BLOCK)
		txt_gap(t, GAP_LINE);
	else if (fl & T_CELL)
		txt_gap(t, GAP_SPACE);
	return true;
}

static void
txt_leave(void *ctx, const GumboNode *n)
{
	struct txt *t = ctx;
	unsigned fl;

	if (n->type != GUMBO_NODE_ELEMENT)
		return;
	fl = tag_flags(n->v.element.tag);
	if (fl & T_BLOCK)
		txt_gap(t, GAP_LINE);
	else if (fl & T_CELL)
		txt_gap(t, GAP_SPACE);
}

enum cong_err
sanitize_text(const char *html, size_t len, struct buf *out)
{
	struct gmem mem = { NULL };
	struct out_guard g;
	struct txt t;
	GumboOutput *tree;

	if (!out || (!html && len))
		return CONG_EINVAL;
	if (len > LIMIT_BODY)
		return CONG_ETOOBIG;
	out_guard_begin(&g, out);
	t.out = out;
	t.start = out->len;
	t.gap = GAP_NONE;
	tree = parse_fragment(&mem, html, len);
	walk(tree->root, txt_enter, txt_leave, &t);
	gmem_release(&mem);
	return out_guard_end(&g, out);
}
