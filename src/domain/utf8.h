/* utf8: decoding UTF-8 one character at a time, strictly (no overlong forms, no
 * surrogates, nothing above U+10FFFF). Shared by search tokens and masking. */
#ifndef HUIYIN_UTF8_H
#define HUIYIN_UTF8_H
#include <stddef.h>
#include <stdint.h>

#define BAD_CP 0xFFFFFFFFu /* code point of an invalid byte */

/* Decodes one UTF-8 character of s: returns its length in bytes (0 at the NUL) and stores its
 * code point in *cp, or BAD_CP for a lone invalid byte (length 1). */
size_t utf8_next(const unsigned char *s, uint32_t *cp);

#endif
