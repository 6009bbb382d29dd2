/* qr: QR codes as SVG paths and PNG files (see qr.h). libqrencode makes the modules;
 * libpng writes the PNG into a growing buffer that is copied into the arena. */
#include "util/qr.h"

#include <assert.h>
#include <png.h>
#include <qrencode.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

int qr_encode(const char *text, struct arena *a, struct qr *out, struct err *e)
{
	assert(text && a && out);
	if (strlen(text) > 1000)
		return err_invalid(e, NULL, "the text is too long for a QR code");
	/* 8-bit mode keeps the bytes as they are (a URL's case and its UTF-8). */
	QRcode *code =
	    QRcode_encodeData((int)strlen(text), (const unsigned char *)text, 0, QR_ECLEVEL_M);
	if (!code)
		return err_internal(e, "the QR code could not be made");
	size_t n = (size_t)code->width * (size_t)code->width;
	unsigned char *dark = arena_alloc(a, n);
	for (size_t i = 0; i < n; i++)
		dark[i] = code->data[i] & 1;
	out->width = code->width;
	out->dark = dark;
	QRcode_free(code);
	return 0;
}

/* A text that grows; its own copy of strings, freed by the caller. */
struct buf {
	char *p;
	size_t len, cap;
};

static void buf_add(struct buf *b, const void *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = 0;
}

char *qr_svg_path(const struct qr *q, struct arena *a)
{
	assert(q && q->dark && a);
	struct buf b = {0};
	char step[64];
	for (int y = 0; y < q->width; y++)
		for (int x = 0; x < q->width;) {
			if (!q->dark[y * q->width + x]) {
				x++;
				continue;
			}
			int run = 1;
			while (x + run < q->width && q->dark[y * q->width + x + run])
				run++;
			int n = snprintf(step, sizeof step, "M%d %dh%dv1h-%dz", x + QR_QUIET,
			                 y + QR_QUIET, run, run);
			buf_add(&b, step, (size_t)n);
			x += run;
		}
	char *out = arena_strdup(a, b.p ? b.p : "");
	free(b.p);
	return out;
}

static void png_write_buf(png_structp png, png_bytep data, png_size_t n)
{
	buf_add(png_get_io_ptr(png), data, n);
}

static void png_flush_none(png_structp png)
{
	(void)png;
}

int qr_png(const struct qr *q, int scale, struct arena *a, const void **out, size_t *len,
           struct err *e)
{
	assert(q && q->dark && a && out && len && scale >= 1 && scale <= 32);
	int side = (q->width + 2 * QR_QUIET) * scale;
	size_t stride = ((size_t)side + 7) / 8;
	/* Read after a longjmp from libpng: the row is volatile, the buffer set only here. */
	png_bytep volatile row = NULL;
	struct buf *const b = xcalloc(1, sizeof *b);
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	png_infop info = png ? png_create_info_struct(png) : NULL;
	if (!info)
		goto fail;
	if (setjmp(png_jmpbuf(png)))
		goto fail;
	png_set_write_fn(png, b, png_write_buf, png_flush_none);
	png_set_IHDR(png, info, (png_uint_32)side, (png_uint_32)side, 1, PNG_COLOR_TYPE_GRAY,
	             PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	row = xmalloc(stride);
	for (int py = 0; py < side; py++) {
		/* A set bit is white in greyscale: start white, clear the dark modules. */
		memset(row, 0xff, stride);
		int my = py / scale - QR_QUIET;
		for (int px = 0; px < side; px++) {
			int mx = px / scale - QR_QUIET;
			if (my >= 0 && my < q->width && mx >= 0 && mx < q->width &&
			    q->dark[my * q->width + mx])
				row[px / 8] &= (png_byte) ~(0x80u >> (px % 8));
		}
		png_write_row(png, row);
	}
	png_write_end(png, info);
	png_destroy_write_struct(&png, &info);
	free(row);
	void *copy = arena_alloc(a, b->len);
	memcpy(copy, b->p, b->len);
	*out = copy;
	*len = b->len;
	free(b->p);
	free(b);
	return 0;
fail:
	png_destroy_write_struct(png ? &png : NULL, info ? &info : NULL);
	free(row);
	free(b->p);
	free(b);
	return err_internal(e, "the PNG could not be written");
}
