/* PDF documents with cairo and pango (see pdf.h). Everything cairo and pango hand out is
 * released here before returning: one surface, one context, a layout per block. */
#include "doc/pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <errno.h>
#include <fcntl.h>
#include <fontconfig/fontconfig.h>
#include <limits.h>
#include <pthread.h>
#include <hb-subset.h>
#include <hb.h>
#include <iconv.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <poppler.h>
#include <qrencode.h>
#include <stdarg.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MM (72.0 / 25.4)           /* points per millimetre */
#define PAGE_W (210 * MM)          /* A4 */
#define PAGE_H (297 * MM)
#define TEXT_LEFT (28 * MM)        /* GB/T 9704-2012 5.2.1: 天头 37 mm, 订口 28 mm */
#define TEXT_TOP (37 * MM)
#define TEXT_W (156 * MM)          /* 版心 156 mm × 225 mm */
#define TEXT_H (225 * MM)
#define BODY_PT 16.0               /* 3号 */
#define TITLE_PT 22.0              /* 2号 */
#define FOLIO_PT 14.0              /* 4号, the page number */
#define SMALL_PT 10.5              /* 5号, the number beside the QR code */
#define TABLE_PT 12.0              /* 小4号, tables of reports */
#define LINE_PITCH (TEXT_H / 22)   /* 22 lines a page */
#define QR_SIZE (22 * MM)

struct render {
	cairo_t *cr;
	PangoContext *pc; /* the subset faces' context (see "Faces"), or NULL: the system's */
	const struct doc *d;
	double y; /* the top of the next line's slot on this page */
	int page;
	bool page_open;
};

static cairo_status_t write_out(void *closure, const unsigned char *data, unsigned int len)
{
	struct strbuf *sb = closure;
	return sb_add(sb, data, len) ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static PangoLayout *new_layout(const struct render *r, const char *family, double pt, PangoWeight weight,
			       const char *text, double width)
{
	PangoLayout *l = r->pc ? pango_layout_new(r->pc) : pango_cairo_create_layout(r->cr);
	PangoFontDescription *fd = pango_font_description_new();
	pango_font_description_set_family(fd, family);
	pango_font_description_set_weight(fd, weight);
	pango_font_description_set_absolute_size(fd, pt * PANGO_SCALE);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(l, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_text(l, text, -1);
	if (pt == BODY_PT) {
		/* 28 characters a line in the 156 mm text area (GB/T 9704 7.1): a hair closer than the
		 * face's own advance */
		PangoAttrList *attrs = pango_attr_list_new();
		pango_attr_list_insert(attrs, pango_attr_letter_spacing_new((int)(-0.4 * PANGO_SCALE)));
		pango_layout_set_attributes(l, attrs);
		pango_attr_list_unref(attrs);
	}
	return l;
}

static const char *body_font(const struct doc *d)
{
	return d->font_body && *d->font_body ? d->font_body : "Noto Serif CJK SC";
}

static const char *title_font(const struct doc *d)
{
	return d->font_title && *d->font_title ? d->font_title : body_font(d);
}

static const char *heading_font(const struct doc *d)
{
	return d->font_heading && *d->font_heading ? d->font_heading : "Noto Sans CJK SC";
}

/* Writes "— n —" under the text area (GB/T 9704 7.5: odd pages right, even left, one character in). */
static void folio(struct render *r)
{
	char text[32];
	snprintf(text, sizeof text, "— %d —", r->page);
	PangoLayout *l = new_layout(r, body_font(r->d), FOLIO_PT, PANGO_WEIGHT_NORMAL, text, TEXT_W - 2 * FOLIO_PT);
	pango_layout_set_alignment(l, r->page % 2 ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
	cairo_move_to(r->cr, TEXT_LEFT + FOLIO_PT, TEXT_TOP + TEXT_H + 7 * MM);
	pango_cairo_show_layout(r->cr, l);
	g_object_unref(l);
}

static void end_page(struct render *r)
{
	if (!r->page_open)
		return;
	folio(r);
	cairo_show_page(r->cr);
	r->page_open = false;
}

static void qr_code(struct render *r, double x, double y, double size)
{
	QRcode *q = QRcode_encodeString(r->d->qr_text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!q)
		return;
	double m = size / (q->width + 2); /* a quiet zone of one module each side (on white paper) */
	cairo_save(r->cr);
	cairo_set_source_rgb(r->cr, 0, 0, 0);
	for (int row = 0; row < q->width; row++)
		for (int col = 0; col < q->width; col++)
			if (q->data[row * q->width + col] & 1)
				cairo_rectangle(r->cr, x + (col + 1) * m, y + (row + 1) * m, m, m);
	cairo_fill(r->cr);
	cairo_restore(r->cr);
	QRcode_free(q);
}

/* Opens a page when none is; page 1 carries the number and the QR code above the text area. */
static void begin_page(struct render *r)
{
	if (r->page_open)
		return;
	r->page++;
	r->page_open = true;
	r->y = TEXT_TOP;
	if (r->page > 1)
		return;
	if (r->d->qr_text && *r->d->qr_text)
		qr_code(r, TEXT_LEFT + TEXT_W - QR_SIZE, 8 * MM, QR_SIZE);
	if (r->d->number && *r->d->number) {
		char text[300];
		snprintf(text, sizeof text, "编号：%s", r->d->number);
		PangoLayout *l = new_layout(r, body_font(r->d), SMALL_PT, PANGO_WEIGHT_NORMAL, text,
					    TEXT_W - QR_SIZE - 4 * MM);
		cairo_move_to(r->cr, TEXT_LEFT, 8 * MM + QR_SIZE - SMALL_PT * 1.5);
		pango_cairo_show_layout(r->cr, l);
		g_object_unref(l);
	}
}

/* Needs room for h points on this page, else starts the next. */
static void need(struct render *r, double h)
{
	begin_page(r);
	if (r->y + h > TEXT_TOP + TEXT_H + 0.5) {
		end_page(r);
		begin_page(r);
	}
}

/* Puts a laid-out text line by line, each line in a slot of `pitch` points, breaking pages
 * between lines (a paragraph may continue on the next page, as in print). */
static void flow(struct render *r, PangoLayout *l, double x, double pitch)
{
	PangoLayoutIter *it = pango_layout_get_iter(l);
	do {
		PangoRectangle ink, logical;
		PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
		pango_layout_iter_get_line_extents(it, &ink, &logical);
		need(r, pitch);
		double height = (double)logical.height / PANGO_SCALE;
		double baseline = (double)(pango_layout_iter_get_baseline(it) - logical.y) / PANGO_SCALE;
		/* the line's box centred in its slot */
		cairo_move_to(r->cr, x + (double)logical.x / PANGO_SCALE, r->y + (pitch - height) / 2 + baseline);
		pango_cairo_show_layout_line(r->cr, line);
		r->y += pitch;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
}

static void title(struct render *r)
{
	const struct doc *d = r->d;
	PangoLayout *l = new_layout(r, title_font(d), TITLE_PT, PANGO_WEIGHT_BOLD, d->title, TEXT_W);
	pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
	begin_page(r);
	flow(r, l, TEXT_LEFT, LINE_PITCH * 1.25);
	g_object_unref(l);
	/* one empty line under the title (GB/T 9704 7.3.3), then back on the grid */
	r->y += LINE_PITCH;
	double k = (r->y - TEXT_TOP) / LINE_PITCH;
	r->y = TEXT_TOP + LINE_PITCH * (double)(long)(k + 0.999);
}

/* Horizontal bars of values 0..100 (a ranking): the label left, the bar scaled to the text
 * width with a grid every 20, the value at its end; a bar per line of the table's pitch. */
static void bar_chart(struct render *r, const char *text)
{
	const double pitch = TABLE_PT * 1.6, label_w = 40 * MM, value_w = 14 * MM;
	const double x0 = TEXT_LEFT + label_w, w = TEXT_W - label_w - value_w;
	const char *p = text;
	int n = 0;
	need(r, 2 * pitch);
	double top = r->y;
	while (*p && n < DOC_BARS_MAX) {
		const char *end = strchr(p, '\n'), *tab = strchr(p, '\t');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char label[400], value[32];
		double v = 0;
		if (tab && (!end || tab < end)) {
			snprintf(label, sizeof label, "%.*s", (int)(tab - p), p);
			snprintf(value, sizeof value, "%.*s", (int)(len - (size_t)(tab - p) - 1), tab + 1);
			v = strtod(value, NULL);
		} else {
			snprintf(label, sizeof label, "%.*s", (int)len, p);
			value[0] = 0;
		}
		v = v < 0 ? 0 : v > 100 ? 100 : v;
		if (r->y + pitch > TEXT_TOP + TEXT_H + 0.5) { /* a long chart goes on over pages */
			end_page(r);
			begin_page(r);
			top = r->y;
		}
		PangoLayout *l = new_layout(r, body_font(r->d), TABLE_PT, PANGO_WEIGHT_NORMAL, label, label_w - 2 * MM);
		pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
		pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
		int lh;
		pango_layout_get_pixel_size(l, NULL, &lh);
		cairo_move_to(r->cr, TEXT_LEFT, r->y + (pitch - lh) / 2);
		pango_cairo_show_layout(r->cr, l);
		g_object_unref(l);
		cairo_set_source_rgb(r->cr, 0.25, 0.47, 0.75);
		cairo_rectangle(r->cr, x0, r->y + pitch * 0.2, w * v / 100.0, pitch * 0.6);
		cairo_fill(r->cr);
		cairo_set_source_rgb(r->cr, 0, 0, 0);
		l = new_layout(r, body_font(r->d), TABLE_PT, PANGO_WEIGHT_NORMAL, value, value_w);
		cairo_move_to(r->cr, x0 + w * v / 100.0 + 1 * MM, r->y + (pitch - lh) / 2);
		pango_cairo_show_layout(r->cr, l);
		g_object_unref(l);
		r->y += pitch;
		n++;
		p += len + (end != NULL);
	}
	/* the axis and a grid line every 20 */
	cairo_set_line_width(r->cr, 0.4);
	for (int k = 0; k <= 5; k++) {
		double x = x0 + w * k / 5.0;
		cairo_move_to(r->cr, x, top);
		cairo_line_to(r->cr, x, r->y);
	}
	cairo_stroke(r->cr);
	r->y += pitch / 2;
}

static void block(struct render *r, const struct doc_block *b)
{
	const struct doc *d = r->d;
	if (b->kind == DOC_PAGE_BREAK) {
		if (r->page_open)
			end_page(r);
		return;
	}
	if (b->kind == DOC_BAR_CHART) {
		bar_chart(r, b->text);
		return;
	}
	if (b->kind == DOC_TABLE_ROW) {
		/* cells side by side; the row is as tall as its tallest cell */
		char cells[16][1024];
		int n = 0;
		const char *p = b->text;
		while (n < 16) {
			const char *tab = strchr(p, '\t');
			size_t len = tab ? (size_t)(tab - p) : strlen(p);
			snprintf(cells[n++], sizeof cells[0], "%.*s", (int)len, p);
			if (!tab)
				break;
			p = tab + 1;
		}
		/* three columns (subject, text, date): the text gets the room */
		static const double three[3] = {0.22, 0.58, 0.20};
		double pitch = TABLE_PT * 1.5, x[17] = {0};
		for (int i = 0; i < n; i++)
			x[i + 1] = x[i] + TEXT_W * (n == 3 ? three[i] : 1.0 / n);
		PangoLayout *ls[16];
		int lines = 1;
		for (int i = 0; i < n; i++) {
			ls[i] = new_layout(r, body_font(d), TABLE_PT, PANGO_WEIGHT_NORMAL, cells[i], x[i + 1] - x[i] - 2 * MM);
			int c = pango_layout_get_line_count(ls[i]);
			lines = c > lines ? c : lines;
		}
		need(r, lines * pitch);
		double top = r->y;
		for (int i = 0; i < n; i++) {
			r->y = top;
			flow(r, ls[i], TEXT_LEFT + x[i], pitch);
			g_object_unref(ls[i]);
		}
		r->y = top + lines * pitch;
		cairo_set_line_width(r->cr, 0.4);
		cairo_move_to(r->cr, TEXT_LEFT, r->y);
		cairo_line_to(r->cr, TEXT_LEFT + TEXT_W, r->y);
		cairo_stroke(r->cr);
		return;
	}
	bool heading = b->kind == DOC_HEADING;
	const char *family = heading ? heading_font(d) : body_font(d);
	PangoLayout *l = new_layout(r, family, BODY_PT, PANGO_WEIGHT_NORMAL, b->text, TEXT_W);
	if (b->kind == DOC_PARA || heading)
		pango_layout_set_indent(l, (int)(2 * BODY_PT * PANGO_SCALE)); /* 段首空二字 */
	if (heading)
		need(r, 2 * LINE_PITCH); /* no heading alone at a page's foot */
	flow(r, l, TEXT_LEFT, LINE_PITCH);
	g_object_unref(l);
}

/* 甲方 on the left half, 乙方 on the right, each with its date underneath; kept on one page. */
static void signatures(struct render *r)
{
	const struct doc *d = r->d;
	if (!d->party_a.label && !d->party_b.label)
		return;
	need(r, 5 * LINE_PITCH);
	r->y += LINE_PITCH;
	const struct doc_party *parties[2] = {&d->party_a, &d->party_b};
	double top = r->y, bottom = top;
	for (int i = 0; i < 2; i++) {
		const struct doc_party *p = parties[i];
		if (!p->label)
			continue;
		char text[600];
		snprintf(text, sizeof text, "%s：%s\n\n%s", p->label, p->name ? p->name : "",
			 d->date_text ? d->date_text : "        年    月    日");
		PangoLayout *l = new_layout(r, body_font(d), BODY_PT, PANGO_WEIGHT_NORMAL, text, TEXT_W / 2 - 4 * MM);
		r->y = top;
		flow(r, l, TEXT_LEFT + i * (TEXT_W / 2 + 4 * MM), LINE_PITCH);
		g_object_unref(l);
		bottom = r->y > bottom ? r->y : bottom;
	}
	r->y = bottom;
}

void doc_lines_add(struct doc_lines *l, enum doc_block_kind kind, const char *fmt, ...)
{
	char buf[DOC_LINE_MAX];
	va_list ap;
	if (l->full || l->n >= DOC_BLOCKS_MAX) {
		l->full = true;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		void *v = realloc(l->v, cap * sizeof *l->v);
		if (!v) {
			l->full = true;
			return;
		}
		l->v = v, l->cap = cap;
	}
	char *text = strdup(buf);
	if (!text)
		l->full = true;
	else
		l->v[l->n++] = (struct doc_block){kind, text};
}

void doc_lines_release(struct doc_lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free((char *)l->v[i].text);
	free(l->v);
	*l = (struct doc_lines){0};
}

/* Faces.
 *
 * cairo subsets a CFF face (Noto CJK is one) by first copying the face's whole CFF table, about
 * 20 MB for 65,535 glyphs, and it does so for every face of every document, several times (the
 * CID subset, the Latin subset, the CID check): measured, that copying was most of the 40 ms a
 * letter took. So a document is set in the same faces cut down (harfbuzz's subsetter) to ASCII
 * and the characters of GB 2312, about 7,500 glyphs, whose table is a tenth as large. A document
 * with a character outside them is set in the system's faces as before; either way the same
 * document gives the same bytes. The cut faces are files (fontconfig knows fonts only as files)
 * in a directory of the user's under $TMPDIR, named after the face they come from, cut once and
 * kept; each thread builds its own font map over them (a pango font map is not shared between
 * threads). */

enum { FACE_BODY, FACE_TITLE, FACE_HEADING, NFACES };
#define FAMILY_MAX 128

struct faces {
	char family[NFACES][FAMILY_MAX]; /* what the map was built for */
	PangoFontMap *map;               /* NULL: could not be built, the system's faces serve */
	hb_set_t *chars;                 /* the characters the cut faces hold */
};

static pthread_key_t faces_key;
static pthread_once_t faces_once = PTHREAD_ONCE_INIT;

static void faces_free(void *p)
{
	struct faces *f = p;
	if (!f)
		return;
	if (f->map)
		g_object_unref(f->map);
	hb_set_destroy(f->chars);
	free(f);
}

static void faces_key_make(void)
{
	pthread_key_create(&faces_key, faces_free);
}

/* ASCII and GB 2312 (through iconv, so no table is kept here), and the few signs pdf.c writes. */
static void common_chars(hb_set_t *set)
{
	hb_set_add_range(set, 0x20, 0x7e);
	static const hb_codepoint_t extra[] = {0x00b7, 0x2014, 0x2018, 0x2019, 0x201c, 0x201d, 0x3000, 0x3001, 0x3002};
	for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++)
		hb_set_add(set, extra[i]);
	iconv_t cd = iconv_open("UTF-32LE", "GB2312");
	if (cd == (iconv_t)-1)
		return;
	for (int hi = 0xa1; hi <= 0xf7; hi++)
		for (int lo = 0xa1; lo <= 0xfe; lo++) {
			char in[2] = {(char)hi, (char)lo}, *ip = in;
			unsigned char u[4], *op = u;
			size_t il = 2, ol = 4;
			if (iconv(cd, &ip, &il, (char **)&op, &ol) != (size_t)-1 && ol == 0)
				hb_set_add(set, u[0] | u[1] << 8 | (hb_codepoint_t)u[2] << 16 | (hb_codepoint_t)u[3] << 24);
			iconv(cd, NULL, NULL, NULL, NULL);
		}
	iconv_close(cd);
}

/* The cache directory, made if missing; refused unless it is the user's own directory. */
static int cache_dir(char *dir, size_t size)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, size, "%s/zeren-fonts-%lu", tmp && *tmp == '/' ? tmp : "/tmp", (unsigned long)getuid());
	struct stat st;
	if (mkdir(dir, 0700) && errno != EEXIST)
		return -1;
	if (lstat(dir, &st) || !S_ISDIR(st.st_mode) || st.st_uid != getuid() || (st.st_mode & 022))
		return -1;
	return 0;
}

/* Writes data to path through a temporary file in dir, so a reader never sees half of it. */
static int write_file(const char *dir, const char *path, const void *data, size_t len)
{
	char tmp[PATH_MAX];
	if ((size_t)snprintf(tmp, sizeof tmp, "%s/.cut.XXXXXX", dir) >= sizeof tmp)
		return -1;
	int fd = mkstemp(tmp);
	if (fd < 0)
		return -1;
	bool ok = write(fd, data, len) == (ssize_t)len;
	ok = !close(fd) && ok;
	if (!ok || rename(tmp, path)) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

#define CUT_VERSION "ascii+gb2312 2" /* change when common_chars or the cutting changes */

/* The cut of the system's face that fontconfig gives for family at weight, in dir under a name
 * made of the source face (file, index, size, inode) and CUT_VERSION: cut (harfbuzz, a few
 * hundred milliseconds) only when not there yet. */
static int cut_face(const char *dir, const char *family, int weight, const hb_set_t *chars, char *path, size_t size)
{
	int rc = -1;
	FcPattern *p = FcPatternBuild(NULL, FC_FAMILY, FcTypeString, family, FC_WEIGHT, FcTypeInteger, weight, (char *)0);
	if (!p)
		return -1;
	FcConfigSubstitute(NULL, p, FcMatchPattern);
	FcDefaultSubstitute(p);
	FcResult res;
	FcPattern *m = FcFontMatch(NULL, p, &res);
	FcPatternDestroy(p);
	FcChar8 *file;
	int index = 0;
	struct stat st;
	char key[PATH_MAX + 128], hex[33];
	unsigned char h[16];
	if (!m || FcPatternGetString(m, FC_FILE, 0, &file) != FcResultMatch || stat((const char *)file, &st)) {
		if (m)
			FcPatternDestroy(m);
		return -1;
	}
	FcPatternGetInteger(m, FC_INDEX, 0, &index);
	/* The file's identity, not its time: libfaketime (the suite's runs at other dates) shifts the
	 * times stat returns, which made every such run cut the faces again beside the old cuts. A font
	 * package's upgrade writes a new file (a new inode). */
	snprintf(key, sizeof key, "%s\n%d\n%lld\n%llu\n%llu\n%s\n%s", (const char *)file, index, (long long)st.st_size,
		 (unsigned long long)st.st_dev, (unsigned long long)st.st_ino, CUT_VERSION, hb_version_string());
	crypto_generichash(h, sizeof h, (const unsigned char *)key, strlen(key), NULL, 0);
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	bool fits = (size_t)snprintf(path, size, "%s/%s.otf", dir, hex) < size;
	if (!fits || !stat(path, &st)) {
		FcPatternDestroy(m);
		return fits ? 0 : -1;
	}
	hb_blob_t *blob = hb_blob_create_from_file_or_fail((const char *)file);
	FcPatternDestroy(m);
	if (!blob)
		return -1;
	hb_face_t *face = hb_face_create(blob, (unsigned)index);
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	if (in) {
		hb_set_union(hb_subset_input_unicode_set(in), chars);
		hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_DESUBROUTINIZE);
		/* every name: fontconfig knows the face by its family and style names */
		hb_set_add_range(hb_subset_input_set(in, HB_SUBSET_SETS_NAME_ID), 0, 0x7fff);
		hb_set_t *langs = hb_subset_input_set(in, HB_SUBSET_SETS_NAME_LANG_ID);
		hb_set_clear(langs);
		hb_set_invert(langs);
		hb_face_t *cut = hb_subset_or_fail(face, in);
		if (cut) {
			hb_blob_t *out = hb_face_reference_blob(cut);
			unsigned len = 0;
			const char *data = hb_blob_get_data(out, &len);
			rc = len ? write_file(dir, path, data, len) : -1;
			hb_blob_destroy(out);
			hb_face_destroy(cut);
		}
		hb_subset_input_destroy(in);
	}
	hb_face_destroy(face);
	hb_blob_destroy(blob);
	return rc;
}

/* A font map over the cut faces of the three families, or NULL (the system's faces then). */
static PangoFontMap *cut_map(const char families[NFACES][FAMILY_MAX], const hb_set_t *chars)
{
	static const int weights[NFACES] = {FC_WEIGHT_REGULAR, FC_WEIGHT_BOLD, FC_WEIGHT_REGULAR};
	char dir[PATH_MAX - 64], path[PATH_MAX];
	if (cache_dir(dir, sizeof dir))
		return NULL;
	FcConfig *cfg = FcConfigCreate();
	if (!cfg)
		return NULL;
	for (int i = 0; i < NFACES; i++)
		if (cut_face(dir, families[i], weights[i], chars, path, sizeof path) ||
		    !FcConfigAppFontAddFile(cfg, (const FcChar8 *)path)) {
			FcConfigDestroy(cfg);
			return NULL;
		}
	PangoFontMap *map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
	if (map)
		pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(map), cfg);
	FcConfigDestroy(cfg);
	return map;
}

static bool holds(const hb_set_t *chars, const char *s)
{
	for (const char *p = s; p && *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char_validated(p, -1);
		if (c == (gunichar)-1 || c == (gunichar)-2)
			return false;
		if (c >= 0x20 && !hb_set_has(chars, c))
			return false;
	}
	return true;
}

/* The cut faces' font map for d, this thread's (built on first use), or NULL when d needs a
 * character they lack or they cannot be built. */
static PangoFontMap *faces_for(const struct doc *d)
{
	pthread_once(&faces_once, faces_key_make);
	struct faces *f = pthread_getspecific(faces_key);
	const char *want[NFACES] = {body_font(d), title_font(d), heading_font(d)};
	for (int i = 0; i < NFACES; i++)
		if (strlen(want[i]) >= FAMILY_MAX)
			return NULL;
	bool same = f != NULL;
	for (int i = 0; same && i < NFACES; i++)
		same = !strcmp(f->family[i], want[i]);
	if (!same) {
		faces_free(f);
		pthread_setspecific(faces_key, NULL);
		if (!(f = calloc(1, sizeof *f)))
			return NULL;
		for (int i = 0; i < NFACES; i++)
			snprintf(f->family[i], FAMILY_MAX, "%s", want[i]);
		f->chars = hb_set_create();
		common_chars(f->chars);
		f->map = cut_map((const char(*)[FAMILY_MAX])f->family, f->chars);
		pthread_setspecific(faces_key, f);
	}
	if (!f->map || !holds(f->chars, d->title) || !holds(f->chars, d->number) || !holds(f->chars, d->date_text) ||
	    !holds(f->chars, d->author) || !holds(f->chars, d->party_a.label) || !holds(f->chars, d->party_a.name) ||
	    !holds(f->chars, d->party_b.label) || !holds(f->chars, d->party_b.name))
		return NULL;
	for (size_t i = 0; i < d->nblocks; i++)
		if (!holds(f->chars, d->blocks[i].text))
			return NULL;
	return f->map;
}

int doc_pdf_render(const struct doc *d, struct strbuf *out, int *pages, struct zerr *e)
{
	struct strbuf buf;
	char date[40], ymd[ZDATE_BUFSZ];
	int rc = 0;
	if (d->nblocks > DOC_BLOCKS_MAX)
		return zerr_set(e, ZE_LIMIT, "a document of more than %d blocks", DOC_BLOCKS_MAX);
	sb_init(&buf, DOC_PDF_MAX);
	cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(write_out, &buf, PAGE_W, PAGE_H);
	date_format(d->date, ymd);
	snprintf(date, sizeof date, "%sT00:00:00+08:00", ymd);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, d->title ? d->title : "");
	if (d->author)
		cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, d->author);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "zeren");
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, date);
	cairo_t *cr = cairo_create(surface);
	PangoFontMap *map = faces_for(d);
	PangoContext *pc = map ? pango_font_map_create_context(map) : NULL;
	if (pc)
		pango_cairo_update_context(cr, pc);
	struct render r = {cr, pc, d, TEXT_TOP, 0, false};
	if (d->title && *d->title)
		title(&r);
	for (size_t i = 0; i < d->nblocks; i++)
		block(&r, &d->blocks[i]);
	signatures(&r);
	begin_page(&r); /* an empty document is still one page */
	end_page(&r);
	if (pc)
		g_object_unref(pc);
	cairo_destroy(cr);
	cairo_surface_finish(surface);
	cairo_status_t st = cairo_surface_status(surface);
	cairo_surface_destroy(surface);
	if (buf.overflow)
		rc = zerr_set(e, ZE_LIMIT, "the document is larger than %zu bytes", DOC_PDF_MAX);
	else if (st != CAIRO_STATUS_SUCCESS)
		rc = zerr_set(e, ZE_IO, "PDF: %s", cairo_status_to_string(st));
	if (rc) {
		sb_release(&buf);
		return rc;
	}
	if (pages)
		*pages = r.page;
	sb_release(out);
	*out = buf;
	return 0;
}

int doc_pdf_page_png(const void *pdf, size_t len, int page, int width, struct strbuf *out, int *pages,
		     struct zerr *e)
{
	GError *err = NULL;
	int rc = 0;
	if (width < 100 || width > DOC_PREVIEW_WIDTH_MAX)
		return zerr_set(e, ZE_INVALID, "width: from 100 to %d pixels", DOC_PREVIEW_WIDTH_MAX);
	GBytes *bytes = g_bytes_new(pdf, len);
	PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &err);
	if (!doc) {
		rc = zerr_set(e, ZE_INVALID, "not a PDF: %s", err ? err->message : "?");
		goto out;
	}
	int n = poppler_document_get_n_pages(doc);
	if (pages)
		*pages = n;
	PopplerPage *pg = page >= 1 && page <= n ? poppler_document_get_page(doc, page - 1) : NULL;
	if (!pg) {
		rc = zerr_set(e, ZE_NOTFOUND, "page: the document has %d page(s)", n);
		goto out;
	}
	double w, h;
	poppler_page_get_size(pg, &w, &h);
	double scale = width / w;
	cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, (int)(h * scale + 0.5));
	cairo_t *cr = cairo_create(img);
	cairo_set_source_rgb(cr, 1, 1, 1); /* paper */
	cairo_paint(cr);
	cairo_scale(cr, scale, scale);
	poppler_page_render(pg, cr);
	cairo_destroy(cr);
	struct strbuf png;
	sb_init(&png, DOC_PDF_MAX);
	cairo_status_t st = cairo_surface_write_to_png_stream(img, write_out, &png);
	cairo_surface_destroy(img);
	g_object_unref(pg);
	if (st != CAIRO_STATUS_SUCCESS || png.overflow) {
		sb_release(&png);
		rc = zerr_set(e, ZE_IO, "PNG: %s", cairo_status_to_string(st));
		goto out;
	}
	sb_release(out);
	*out = png;
out:
	if (err)
		g_error_free(err);
	if (doc)
		g_object_unref(doc);
	g_bytes_unref(bytes);
	return rc;
}
