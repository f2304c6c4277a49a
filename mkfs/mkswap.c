/*
 * mkswap: write a swap area's header onto an image file on the host
 * (Linux: util-linux's disk-utils/mkswap.c; the format is Linux's
 * union swap_header in include/linux/swap.h).
 *
 *     mkswap [-L label] [-s SIZE] swap.img
 *
 * SIZE is in MiB (or a number with a K, M or G suffix). With -s the file
 * is created or cut to exactly that size with ftruncate(), which leaves
 * a hole: a 1 GiB swap image takes one page of the host's disk until the
 * guest swaps to it. Without -s the file must exist and its whole size
 * is used.
 *
 * Page 0 of a swap area is the header; every other page is a slot the
 * kernel may swap a page to. The kernel (kernel/mm/swapfile.c
 * read_swap_header) checks exactly what is written here:
 *
 *     bytes 0..1023      left zero (Linux keeps room for a boot loader)
 *     1024  version      1
 *     1028  last_page    the number of the last page of the area
 *     1032  nr_badpages  0 (Linux's mkswap -c would list bad pages)
 *     1036  uuid         16 random bytes, a version 4 UUID
 *     1052  label        16 bytes, NUL-padded (-L)
 *     4086  "SWAPSPACE2" in the last ten bytes of the page
 *
 * Numbers are little-endian, as RISC-V is. The page size is 4096, the
 * only one Pagoda has (Linux's mkswap asks the host, or takes -p).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define SWAP_PAGE_SIZE		4096
#define SWAP_MIN_PAGES		10	/* util-linux refuses areas under 40 KiB too */
#define SWAP_VERSION		1
#define SWAP_MAGIC		"SWAPSPACE2"
#define SWAP_MAGIC_LEN		10
#define SWAP_LABEL_LEN		16
#define OFF_VERSION		1024
#define OFF_LAST_PAGE		1028
#define OFF_NR_BADPAGES		1032
#define OFF_UUID		1036
#define OFF_LABEL		1052

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "mkswap: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(1);
}

static void usage(void)
{
	fprintf(stderr, "usage: mkswap [-L label] [-s SIZE] file\n"
		"  SIZE in MiB, or with a suffix: 512K, 64M, 2G\n");
	exit(1);
}

/* "1024" (MiB), "512K", "64M", "2G", "2GiB" -> bytes; 0 if it is not a size. */
static unsigned long long parse_size(const char *s)
{
	unsigned long long n;
	int shift = 20;
	char *end;

	if (*s < '0' || *s > '9')
		return 0;
	errno = 0;
	n = strtoull(s, &end, 10);
	if (errno)
		return 0;
	if (*end == 'K' || *end == 'k')
		shift = 10;
	else if (*end == 'G' || *end == 'g')
		shift = 30;
	if (*end && strchr("KkMmGg", *end)) {
		end++;
		if (!strcmp(end, "iB") || !strcmp(end, "B"))
			end += strlen(end);
	}
	if (*end || n > (~0ULL >> shift))
		return 0;
	return n << shift;
}

static void put_le32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = v >> (8 * i);
}

/* A random (version 4) UUID; the time and pid if /dev/urandom fails us. */
static void make_uuid(unsigned char uuid[16])
{
	int fd = open("/dev/urandom", O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, uuid, 16) : -1;

	if (fd >= 0)
		close(fd);
	if (n != 16) {
		srand((unsigned)time(NULL) ^ ((unsigned)getpid() << 16));
		for (int i = 0; i < 16; i++)
			uuid[i] = rand() >> 7;
	}
	uuid[6] = (uuid[6] & 0x0f) | 0x40;	/* version 4: random */
	uuid[8] = (uuid[8] & 0x3f) | 0x80;	/* the RFC 4122 variant */
}

static void format_uuid(const unsigned char u[16], char out[37])
{
	char *p = out;

	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*p++ = '-';
		p += sprintf(p, "%02x", u[i]);
	}
}

/* Page 0 of an area of `pages` pages. */
static void build_header(unsigned char *page, unsigned long long pages, const char *label,
			 const unsigned char uuid[16])
{
	memset(page, 0, SWAP_PAGE_SIZE);
	put_le32(page + OFF_VERSION, SWAP_VERSION);
	put_le32(page + OFF_LAST_PAGE, (uint32_t)(pages - 1));
	put_le32(page + OFF_NR_BADPAGES, 0);
	memcpy(page + OFF_UUID, uuid, 16);
	if (label)
		strncpy((char *)page + OFF_LABEL, label, SWAP_LABEL_LEN);
	memcpy(page + SWAP_PAGE_SIZE - SWAP_MAGIC_LEN, SWAP_MAGIC, SWAP_MAGIC_LEN);
}

/* Open path and size it; returns the fd and the area's size in bytes. */
static int open_area(const char *path, unsigned long long want, unsigned long long *bytes)
{
	struct stat st;
	int fd = open(path, O_WRONLY | (want ? O_CREAT : 0), 0644);

	if (fd < 0)
		die("cannot open %s: %s", path, strerror(errno));
	if (fstat(fd, &st) < 0)
		die("%s: %s", path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		die("%s: not a regular file (Pagoda's mkswap writes image files)", path);
	if (want && ftruncate(fd, (off_t)want) < 0)
		die("cannot make %s %llu bytes long: %s", path, want, strerror(errno));
	*bytes = want ? want : (unsigned long long)st.st_size;
	return fd;
}

int main(int argc, char **argv)
{
	unsigned long long want = 0, bytes, pages;
	unsigned char page[SWAP_PAGE_SIZE], uuid[16];
	const char *label = NULL, *size_text = NULL, *path;
	char uuid_text[37];
	int opt, fd;

	while ((opt = getopt(argc, argv, "L:s:h")) != -1) {
		if (opt == 'L')
			label = optarg;
		else if (opt == 's')
			size_text = optarg;
		else
			usage();
	}
	if (optind != argc - 1)
		usage();
	path = argv[optind];
	if (label && strlen(label) > SWAP_LABEL_LEN)
		fprintf(stderr, "mkswap: warning: label '%s' is longer than %d bytes; cut short\n",
			label, SWAP_LABEL_LEN);
	if (size_text && !(want = parse_size(size_text)))
		die("bad size '%s': want MiB, or a number with K, M or G", size_text);
	/* last_page is 32 bits: at most 2^32 pages (16 TiB). */
	if (want && (want < SWAP_MIN_PAGES * SWAP_PAGE_SIZE ||
		     want / SWAP_PAGE_SIZE > (1ULL << 32)))
		die("bad size '%s': a swap area is 40 KiB to 16 TiB", size_text);
	fd = open_area(path, want, &bytes);
	pages = bytes / SWAP_PAGE_SIZE;	/* a partial last page is not used */
	if (pages < SWAP_MIN_PAGES)
		die("%s: %llu bytes is too small: a swap area needs at least %d pages (%d KiB)",
		    path, bytes, SWAP_MIN_PAGES, SWAP_MIN_PAGES * SWAP_PAGE_SIZE / 1024);
	if (pages > (1ULL << 32))
		pages = 1ULL << 32;
	make_uuid(uuid);
	build_header(page, pages, label, uuid);
	if (pwrite(fd, page, SWAP_PAGE_SIZE, 0) != SWAP_PAGE_SIZE || close(fd) < 0)
		die("cannot write the header to %s: %s", path, strerror(errno));
	format_uuid(uuid, uuid_text);
	printf("Setting up swapspace version %d, size = %llu KiB (%llu bytes)\n",
	       SWAP_VERSION, (pages - 1) * (SWAP_PAGE_SIZE / 1024), (pages - 1) * SWAP_PAGE_SIZE);
	if (label)
		printf("LABEL=%.*s, UUID=%s\n", SWAP_LABEL_LEN, label, uuid_text);
	else
		printf("no label, UUID=%s\n", uuid_text);
	return 0;
}
