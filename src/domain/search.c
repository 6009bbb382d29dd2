/* search: bigram tokens for FTS5, MATCH expressions and token-set similarity (see search.h). */
#include "domain/search.h"
#include "domain/utf8.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define TOK_MAX (SEARCH_WORD_MAX + 8)

enum cls { C_SEP, C_CJK, C_WORD };

/* Writes the UTF-8 form of the valid code point cp to out (4 bytes of room); returns length. */
static size_t utf8_put(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

static bool in(uint32_t c, uint32_t lo, uint32_t hi)
{
	return c >= lo && c <= hi;
}

/* CJK characters that are letters or digits in Unicode (the punctuation and combining marks
 * inside the kana blocks are left out, so unicode61 keeps every pair in one piece). */
static bool is_cjk(uint32_t c)
{
	if (c < 0x1100)
		return false;
	return in(c, 0x4E00, 0x9FFF) || in(c, 0x3400, 0x4DBF) || in(c, 0xF900, 0xFA6D) ||
	       in(c, 0xFA70, 0xFAD9) || in(c, 0x20000, 0x2FFFF) || in(c, 0x30000, 0x323AF) ||
	       in(c, 0x3005, 0x3007) ||                          /* 々〆〇 */
	       in(c, 0x3041, 0x3096) || in(c, 0x309D, 0x309F) || /* Hiragana */
	       in(c, 0x30A1, 0x30FA) || in(c, 0x30FC, 0x30FF) || /* Katakana, not ・ */
	       in(c, 0x31F0, 0x31FF) || in(c, 0xFF66, 0xFF9F) || /* small and half-width kana */
	       in(c, 0xAC00, 0xD7A3) || in(c, 0x1100, 0x11FF) || /* Hangul syllables, jamo */
	       in(c, 0x3131, 0x318E);                            /* Hangul compatibility jamo */
}

/* Word characters, folded: returns the code point to emit, or 0 if c is not one. */
static uint32_t word_fold(uint32_t c)
{
	if (c < 0x80) {
		if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'))
			return c;
		if (c >= 'A' && c <= 'Z')
			return c + 32;
		return 0;
	}
	if (in(c, 0xFF10, 0xFF19)) /* full-width digits */
		return c - 0xFF10 + '0';
	if (in(c, 0xFF21, 0xFF3A)) /* full-width capitals */
		return c - 0xFF21 + 'a';
	if (in(c, 0xFF41, 0xFF5A))
		return c - 0xFF41 + 'a';
	if (c == 0xD7 || c == 0xF7) /* × ÷ */
		return 0;
	if (in(c, 0xC0, 0xDE))
		return c + 32;
	if (in(c, 0xDF, 0x24F) || in(c, 0x1E00, 0x1EFF))
		return c;
	return 0;
}

static enum cls classify(uint32_t c)
{
	if (c == BAD_CP)
		return C_SEP;
	if (word_fold(c))
		return C_WORD;
	return is_cjk(c) ? C_CJK : C_SEP;
}

/* Token scanner over one string; see search.h for the rules. */
struct scan {
	const unsigned char *p;
	uint32_t prev;  /* last CJK character of the current run */
	bool in_run;    /* inside a CJK run */
	bool run_pairs; /* the current run has produced a pair */
};

static void scan_init(struct scan *s, const char *text)
{
	s->p = (const unsigned char *)(text ? text : "");
	s->prev = 0;
	s->in_run = false;
	s->run_pairs = false;
}

/* Writes the next token (NUL-terminated, at most TOK_MAX bytes) into tok; returns its length,
 * 0 at the end of the text. *lone is set when the token is a one-character CJK run. */
static size_t scan_next(struct scan *s, char tok[TOK_MAX + 1], bool *lone)
{
	uint32_t c;
	*lone = false;
	for (;;) {
		size_t len = utf8_next(s->p, &c);
		if (s->in_run) {
			if (len && c == BAD_CP) {
				s->p += len;
				continue;
			}
			if (len && classify(c) == C_CJK) {
				size_t n = utf8_put(s->prev, tok);
				n += utf8_put(c, tok + n);
				tok[n] = '\0';
				s->p += len;
				s->prev = c;
				s->run_pairs = true;
				return n;
			}
			s->in_run = false;
			if (!s->run_pairs) {
				size_t n = utf8_put(s->prev, tok);
				tok[n] = '\0';
				*lone = true;
				return n;
			}
		}
		if (!len)
			return 0;
		enum cls k = classify(c);
		s->p += len;
		if (k == C_CJK) {
			s->in_run = true;
			s->run_pairs = false;
			s->prev = c;
		} else if (k == C_WORD) {
			size_t n = 0;
			bool cut = false;
			for (;;) {
				char enc[4];
				size_t m = utf8_put(word_fold(c), enc);
				if (!cut && n + m <= SEARCH_WORD_MAX) {
					memcpy(tok + n, enc, m);
					n += m;
				} else {
					cut = true; /* keep reading the rest of the word */
				}
				for (;;) {
					len = utf8_next(s->p, &c);
					if (!len || c != BAD_CP)
						break;
					s->p += len;
				}
				if (!len || classify(c) != C_WORD)
					break;
				s->p += len;
			}
			tok[n] = '\0';
			return n;
		}
	}
}

size_t search_tokens(const char *text, char *out, size_t cap)
{
	if (!out || !cap)
		return 0;
	struct scan s;
	char tok[TOK_MAX + 1];
	bool lone;
	size_t n = 0, len;
	out[0] = '\0';
	scan_init(&s, text);
	while ((len = scan_next(&s, tok, &lone))) {
		size_t sep = n ? 1 : 0;
		if (n + sep + len + 1 > cap)
			break;
		if (sep)
			out[n++] = ' ';
		memcpy(out + n, tok, len + 1);
		n += len;
	}
	return n;
}

int search_query(const char *q, char *out, size_t cap)
{
	char toks[SEARCH_QUERY_MAX_TOKENS][TOK_MAX + 1];
	struct scan s;
	bool lone;
	size_t len, n = 0;
	int count = 0;
	bool fits = out && cap;
	if (fits)
		out[0] = '\0';
	scan_init(&s, q);
	while (count < SEARCH_QUERY_MAX_TOKENS && (len = scan_next(&s, toks[count], &lone))) {
		bool seen = false;
		for (int i = 0; i < count && !seen; i++)
			seen = !strcmp(toks[i], toks[count]);
		if (seen)
			continue;
		/* [ AND ]"token"[*] */
		size_t need = (count ? 5 : 0) + len + 2 + (lone ? 1 : 0);
		if (fits && n + need + 1 <= cap) {
			if (count) {
				memcpy(out + n, " AND ", 5);
				n += 5;
			}
			out[n++] = '"';
			memcpy(out + n, toks[count], len);
			n += len;
			out[n++] = '"';
			if (lone)
				out[n++] = '*';
			out[n] = '\0';
		} else {
			fits = false;
		}
		count++;
	}
	if (!count)
		return 0;
	if (!fits) {
		if (out && cap)
			out[0] = '\0';
		return -1;
	}
	return count;
}

struct span {
	const char *p;
	size_t n;
};

static int span_cmp(const void *a, const void *b)
{
	const struct span *x = a, *y = b;
	size_t m = x->n < y->n ? x->n : y->n;
	int r = memcmp(x->p, y->p, m);
	if (r)
		return r;
	return (x->n > y->n) - (x->n < y->n);
}

/* Splits s at spaces (any byte <= ' ') into at most SEARCH_SIMILARITY_MAX_TOKENS spans, sorts
 * them and drops repeats; returns the number of distinct tokens. */
static size_t token_set(const char *s, struct span set[SEARCH_SIMILARITY_MAX_TOKENS])
{
	size_t n = 0;
	if (!s)
		return 0;
	while (n < SEARCH_SIMILARITY_MAX_TOKENS) {
		while (*s && (unsigned char)*s <= ' ')
			s++;
		if (!*s)
			break;
		const char *start = s;
		while ((unsigned char)*s > ' ')
			s++;
		set[n].p = start;
		set[n].n = (size_t)(s - start);
		n++;
	}
	if (n < 2)
		return n;
	qsort(set, n, sizeof set[0], span_cmp);
	size_t d = 1;
	for (size_t i = 1; i < n; i++)
		if (span_cmp(&set[i], &set[d - 1]))
			set[d++] = set[i];
	return d;
}

double search_similarity(const char *tokens_a, const char *tokens_b)
{
	struct span a[SEARCH_SIMILARITY_MAX_TOKENS], b[SEARCH_SIMILARITY_MAX_TOKENS];
	size_t na = token_set(tokens_a, a), nb = token_set(tokens_b, b);
	if (!na || !nb)
		return 0.0;
	size_t i = 0, j = 0, common = 0;
	while (i < na && j < nb) {
		int r = span_cmp(&a[i], &b[j]);
		if (r < 0) {
			i++;
		} else if (r > 0) {
			j++;
		} else {
			common++;
			i++;
			j++;
		}
	}
	return 2.0 * (double)common / (double)(na + nb);
}
