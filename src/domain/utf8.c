/* utf8: strict UTF-8 decoding (see utf8.h). */
#include "domain/utf8.h"

size_t utf8_next(const unsigned char *s, uint32_t *cp)
{
	unsigned b = s[0];
	size_t n;
	unsigned lo = 0x80, hi = 0xBF;
	if (b < 0x80) {
		*cp = b;
		return b ? 1 : 0;
	}
	if (b >= 0xC2 && b <= 0xDF) {
		n = 2;
		*cp = b & 0x1F;
	} else if (b >= 0xE0 && b <= 0xEF) {
		n = 3;
		*cp = b & 0x0F;
		if (b == 0xE0)
			lo = 0xA0;
		else if (b == 0xED)
			hi = 0x9F;
	} else if (b >= 0xF0 && b <= 0xF4) {
		n = 4;
		*cp = b & 0x07;
		if (b == 0xF0)
			lo = 0x90;
		else if (b == 0xF4)
			hi = 0x8F;
	} else {
		*cp = BAD_CP;
		return 1;
	}
	for (size_t i = 1; i < n; i++) {
		unsigned c = s[i];
		if (c < lo || c > hi) {
			*cp = BAD_CP;
			return 1;
		}
		lo = 0x80;
		hi = 0xBF;
		*cp = (*cp << 6) | (c & 0x3F);
	}
	return n;
}
