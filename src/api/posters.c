/* posters: a reception room's printable A4 poster (GET /api/v1/rooms/{id}/poster.svg) and
 * its QR codes as PNG (GET /api/v1/rooms/{id}/poster.png?qr=form|mailbox). Public, for
 * active rooms (another is 404, as an unknown one). The poster is one SVG page of A4
 * (210 × 297 mm): the room's name, community, address and phone, its weekly opening
 * hours, this month's duty rota (day, time, who and their unit — no phone numbers), and
 * two QR codes: the H5 appeal form pre-filled with the room, its community and the channel
 * reception_room, and the secretary's mailbox (channel mailbox). Each code holds an
 * absolute link from server.public_url (util/links.h). The SVG is the print view: a
 * browser prints it on one A4 page as it is, so the API serves no HTML page of its own;
 * the console may show it in an <img> or an <object>. */
#include "api/validate.h"
#include "api/visits.h"
#include "store/rooms.h"
#include "store/visits.h"
#include "util/clock.h"
#include "util/links.h"
#include "util/qr.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define POSTER_MAX_DUTIES 24
#define POSTER_CACHE      "public, max-age=300"

enum poster_qr { QR_FORM, QR_MAILBOX };

/* The link a code opens: the H5 form for the room (hash routes of web/h5). */
static const char *qr_link(struct req *r, const struct store_room *room, enum poster_qr which)
{
	return links_abs(&r->arena,
	                 arena_printf(&r->arena, "/#/submit?community=%lld&channel=%s&room=%lld",
	                              (long long)room->community_id,
	                              which == QR_MAILBOX ? "mailbox" : "reception_room",
	                              (long long)room->id));
}

/* The active room of the path; 404 for any other. */
static int load_room(struct req *r, struct store_room *room)
{
	if (store_room_get(r->rdb, r->ids[0], &r->arena, room, &r->err))
		return -1;
	if (strcmp(room->status, "active"))
		return err_not_found(&r->err, "room");
	return 0;
}

/* s with &, <, >, " escaped for SVG text and attributes. */
static void put_text(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		default:
			fputc(*s, f);
		}
	}
}

/* One line of text at (x, y) mm. */
static void text_at(FILE *f, double x, double y, double size, const char *weight, const char *s,
                    const char *anchor)
{
	fprintf(f,
	        "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.1f\" font-weight=\"%s\""
	        " text-anchor=\"%s\">",
	        x, y, size, weight, anchor);
	put_text(f, s);
	fputs("</text>\n", f);
}

static const char *const weekdays[] = {"", "周一", "周二", "周三", "周四", "周五", "周六", "周日"};

/* The room's weekly hours ([{"weekday","from","to"}]) as lines "周二 14:30–17:30". */
static void hours_lines(FILE *f, const char *hours, double x, double *y)
{
	json_t *arr = json_loads(hours ? hours : "[]", 0, NULL);
	size_t i;
	json_t *h;
	int n = 0;
	json_array_foreach(arr, i, h)
	{
		json_int_t wd = json_integer_value(json_object_get(h, "weekday"));
		const char *from = json_string_value(json_object_get(h, "from"));
		const char *to = json_string_value(json_object_get(h, "to"));
		if (wd < 1 || wd > 7 || !from || !to)
			continue;
		char line[64];
		snprintf(line, sizeof line, "%s %s–%s", weekdays[wd], from, to);
		text_at(f, x, *y, 5, "normal", line, "start");
		*y += 7;
		n++;
	}
	if (!n) {
		text_at(f, x, *y, 5, "normal", "开放时间另行公告", "start");
		*y += 7;
	}
	json_decref(arr);
}

/* A QR code of `size` mm with its top-left corner at (x, y). */
static void qr_at(FILE *f, const struct qr *q, double x, double y, double size, struct arena *a)
{
	double unit = size / (q->width + 2 * QR_QUIET);
	fprintf(f, "<g transform=\"translate(%.2f %.2f) scale(%.4f)\">", x, y, unit);
	fprintf(f, "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>", q->width + 2 * QR_QUIET,
	        q->width + 2 * QR_QUIET);
	fprintf(f, "<path fill=\"#000\" d=\"%s\"/></g>\n", qr_svg_path(q, a));
}

/* This month's rota (Asia/Shanghai) as lines "9月16日 周三 14:30–17:30 张三（经济发展局）". */
static int rota_lines(struct req *r, FILE *f, const struct store_room *room, double *y)
{
	int64_t local = clock_now() + 8 * 3600;
	int64_t days = local / 86400;
	int yy, mm, dd;
	clock_civil_from_days(days, &yy, &mm, &dd);
	char from[16], to[16], title[64];
	snprintf(from, sizeof from, "%04d-%02d-01", yy, mm);
	snprintf(to, sizeof to, "%04d-%02d-31", yy, mm);
	snprintf(title, sizeof title, "%d年%d月值班安排", yy, mm);
	text_at(f, 20, *y, 6.5, "bold", title, "start");
	*y += 8;
	struct store_poster_duty *d;
	int n;
	if (store_poster_duties(r->rdb, room->id, from, to, POSTER_MAX_DUTIES, &r->arena, &d, &n,
	                        &r->err))
		return -1;
	if (!n) {
		text_at(f, 20, *y, 4.5, "normal", "本月值班安排尚未排定", "start");
		*y += 6;
	}
	for (int i = 0; i < n && i < POSTER_MAX_DUTIES; i++) {
		int dy, dm, ddd;
		if (clock_parse_date(d[i].day, &dy, &dm, &ddd))
			continue;
		int64_t dn = clock_days_from_civil(dy, dm, ddd);
		/* 1970-01-01 was a Thursday (weekday 4). */
		int wd = (int)(((dn % 7) + 7 + 3) % 7) + 1;
		char *line = arena_printf(
		    &r->arena, "%d月%d日 %s %s–%s  %s%s%s%s", dm, ddd, weekdays[wd], d[i].from_time,
		    d[i].to_time, d[i].name, d[i].unit_name ? "（" : "",
		    d[i].unit_name ? d[i].unit_name : "", d[i].unit_name ? "）" : "");
		/* Two columns of twelve lines. */
		double x = i < POSTER_MAX_DUTIES / 2 ? 20 : 110;
		double yy2 = *y + 5.5 * (i % (POSTER_MAX_DUTIES / 2));
		text_at(f, x, yy2, 3.8, "normal", line, "start");
	}
	*y += 5.5 * (n > POSTER_MAX_DUTIES / 2 ? POSTER_MAX_DUTIES / 2 : n) + 4;
	return 0;
}

int api_rooms_poster_svg(struct req *r)
{
	struct store_room room;
	if (load_room(r, &room))
		return -1;
	const char *form_url = qr_link(r, &room, QR_FORM);
	const char *mail_url = qr_link(r, &room, QR_MAILBOX);
	struct qr form, mail;
	if (qr_encode(form_url, &r->arena, &form, &r->err) ||
	    qr_encode(mail_url, &r->arena, &mail, &r->err))
		return -1;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f)
		return err_internal(&r->err, "out of memory");
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"210mm\" height=\"297mm\""
	      " viewBox=\"0 0 210 297\" font-family=\"'Noto Sans CJK SC', 'Source Han Sans SC',"
	      " 'PingFang SC', 'Microsoft YaHei', sans-serif\" fill=\"#222\">\n",
	      f);
	fputs("<title>", f);
	put_text(f, room.name);
	fputs("</title>\n<rect width=\"210\" height=\"297\" fill=\"#fff\"/>\n"
	      "<rect x=\"0\" y=\"0\" width=\"210\" height=\"42\" fill=\"#c8161d\"/>\n",
	      f);
	fputs("<g fill=\"#fff\">\n", f);
	text_at(f, 105, 18, 11, "bold", room.name, "middle");
	text_at(f, 105, 32, 6, "normal",
	        arena_printf(&r->arena, "%s · 书记会客室",
	                     room.community_name ? room.community_name : ""),
	        "middle");
	fputs("</g>\n", f);
	double y = 56;
	if (room.address && *room.address) {
		text_at(f, 20, y, 5, "normal", arena_printf(&r->arena, "地址：%s", room.address),
		        "start");
		y += 7;
	}
	if (room.phone && *room.phone) {
		text_at(f, 20, y, 5, "normal", arena_printf(&r->arena, "电话：%s", room.phone),
		        "start");
		y += 7;
	}
	y += 3;
	text_at(f, 20, y, 6.5, "bold", "开放时间", "start");
	y += 8;
	hours_lines(f, room.hours, 20, &y);
	y += 3;
	if (rota_lines(r, f, &room, &y)) {
		fclose(f);
		free(text);
		return -1;
	}
	/* The two codes side by side at the foot of the page. */
	double qy = 297 - 20 - 62 - 14;
	qr_at(f, &form, 28, qy, 62, &r->arena);
	qr_at(f, &mail, 120, qy, 62, &r->arena);
	text_at(f, 59, qy + 70, 5.5, "bold", "扫码反映问题", "middle");
	text_at(f, 151, qy + 70, 5.5, "bold", "给书记写信", "middle");
	fputs("<g fill=\"#666\">\n", f);
	text_at(f, 59, qy + 76, 2.4, "normal", form_url, "middle");
	text_at(f, 151, qy + 76, 2.4, "normal", mail_url, "middle");
	fputs("</g>\n</svg>\n", f);
	if (fclose(f)) {
		free(text);
		return err_internal(&r->err, "the poster could not be written");
	}
	char *out = arena_alloc(&r->arena, len + 1);
	memcpy(out, text, len);
	free(text);
	r->out_raw = out;
	r->out_raw_len = len;
	r->out_type = "image/svg+xml; charset=utf-8";
	r->out_cache = POSTER_CACHE;
	return 200;
}

int api_rooms_poster_png(struct req *r)
{
	const char *which = req_query(r, "qr");
	if (which && strcmp(which, "form") && strcmp(which, "mailbox"))
		return err_invalid(&r->err, "qr", "qr must be form or mailbox");
	int64_t scale;
	if (query_int(r, "scale", 8, 1, 32, &scale))
		return -1;
	struct store_room room;
	if (load_room(r, &room))
		return -1;
	struct qr q;
	const void *png;
	size_t len;
	enum poster_qr kind = which && !strcmp(which, "mailbox") ? QR_MAILBOX : QR_FORM;
	if (qr_encode(qr_link(r, &room, kind), &r->arena, &q, &r->err) ||
	    qr_png(&q, (int)scale, &r->arena, &png, &len, &r->err))
		return -1;
	r->out_raw = png;
	r->out_raw_len = len;
	r->out_type = "image/png";
	r->out_cache = POSTER_CACHE;
	return 200;
}
