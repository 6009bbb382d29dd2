/*
 * search.h - tokens for full-text search of appeals, FTS5 query building, and a token-set
 * similarity used to suggest similar open appeals.
 *
 * Pure domain code: no I/O, no allocation, no globals; everything is written into caller
 * buffers. The store feeds search_tokens() output into the contentless FTS5 table
 * appeal_search (tokenize = 'unicode61') and matches it with search_query() output, so the
 * same tokenizer runs on both sides and unicode61 only ever sees our tokens.
 *
 * Tokenization (text is UTF-8)
 *   - A run of CJK characters (CJK Unified Ideographs U+4E00-9FFF, extension A U+3400-4DBF,
 *     extensions B-H U+20000-2FFFF and U+30000-323AF, compatibility ideographs U+F900-FAD9,
 *     〇々〆, Hiragana, Katakana incl. half-width, Hangul syllables and jamo) becomes its
 *     overlapping two-character pairs: 路灯坏了 -> 路灯 灯坏 坏了. A run of one CJK character
 *     becomes that character: 灯 -> 灯.
 *   - A run of word characters becomes one lowercase word: ASCII letters and digits,
 *     full-width ASCII letters and digits (folded to ASCII: ＡＢ１２ -> ab12), and Latin
 *     letters with diacritics U+00C0-024F and U+1E00-1EFF (Latin-1 capitals are lowercased,
 *     the rest kept as is; unicode61 folds them further). A word is cut to its first
 *     SEARCH_WORD_MAX bytes (at a character boundary); the rest of it is dropped.
 *   - Everything else separates runs: spaces, ASCII and full-width punctuation (，。！？、“”),
 *     the Katakana middle dot ・, symbols, emoji, letters of other scripts.
 *   - Invalid UTF-8 bytes are skipped as if absent: they neither form nor split a run.
 *   Tokens therefore hold only letters, digits and CJK characters and never need quoting
 *   inside an FTS5 document.
 *
 * Single characters
 *   A document holding 路灯 is indexed as the token 路灯 only, so a lone character can never
 *   be matched exactly. search_query() turns a one-character CJK token into the prefix query
 *   "灯"*, which matches the documents where 灯 stands alone or starts a pair (灯坏, 灯杆)
 *   but NOT those where it only ends a run (路灯). Callers should say that a one-character
 *   search is approximate.
 */
#ifndef HUIYIN_SEARCH_H
#define HUIYIN_SEARCH_H
#include <stddef.h>

/* Longest word token in bytes; longer words are cut. A token is at most this long. */
#define SEARCH_WORD_MAX 64
/* search_query() uses at most this many distinct tokens of the query. */
#define SEARCH_QUERY_MAX_TOKENS 32
/* search_similarity() reads at most this many tokens of each side. */
#define SEARCH_SIMILARITY_MAX_TOKENS 512

/*
 * Writes the tokens of `text` (see above) into out, separated by single spaces and
 * NUL-terminated, and returns the number of bytes written before the NUL. Stops before the
 * first token that does not fit entirely, so out always ends with a whole token. text NULL
 * is treated as empty; out NULL or cap 0 writes nothing and returns 0.
 */
size_t search_tokens(const char *text, char *out, size_t cap);

/*
 * Turns the user query q into an FTS5 MATCH expression that finds the documents holding all
 * of q's tokens: each distinct token in double quotes, joined by " AND ", in query order,
 * e.g. "路灯 坏了" -> "路灯" AND "坏了", 路灯坏 -> "路灯" AND "灯坏". A one-character CJK
 * token becomes a prefix query "灯"* (see above). Only the first SEARCH_QUERY_MAX_TOKENS
 * distinct tokens are used; repeats are dropped. Returns the number of tokens used, 0 when q
 * has none (out is ""), or -1 when the expression does not fit into cap bytes with its NUL
 * (out is "" if cap > 0).
 */
int search_query(const char *q, char *out, size_t cap);

/*
 * Dice coefficient 2|A∩B| / (|A| + |B|) of the sets A and B of tokens in two token strings
 * (space-separated, as written by search_tokens()); repeated tokens count once. Reads at
 * most SEARCH_SIMILARITY_MAX_TOKENS tokens of each string. Returns a value in [0, 1]: 1 for
 * equal sets, 0 for disjoint sets or when either side has no token. NULL is empty.
 */
double search_similarity(const char *tokens_a, const char *tokens_b);

#endif
