/*
 * The swap disk's throughput (bench=swapdisk): what swapping a page at a
 * time costs next to the disk's large sequential requests. Linux has no
 * in-tree equivalent; fio or dd with oflag=direct measure the same from
 * user space.
 *
 * On the second virtio disk (vdb: where swap lives), SWAPDISK_BYTES from
 * byte SWAPDISK_START on are written, then read, three ways:
 *   seq   one synchronous request of SEQ_CHUNK at a time (blkdev_rw):
 *         the disk's raw sequential throughput;
 *   4k    a bio per 4 KiB page, all submitted before waiting, as
 *         swap_writepage() does one page at a time;
 *   plug  the same bios between blk_start_plug() and blk_finish_plug(),
 *         so that neighbours are merged into one request.
 * The page bios take their buffers from a pool of separate pages, as
 * swap's pages are: a merged request carries a data descriptor for each.
 * A sample repeats one kind of pass for at least SAMPLE_NS. Each round
 * takes a sample of every kind, so a slow moment of the host hits them
 * all; a round's ratios come from its own samples.
 *
 * The first page is never touched: on a swap disk it holds the header.
 * Only a disk that says it may be written is used: grading/bench.py's
 * scratch disk (BENCHDISK_MAGIC at byte 0) or a swap area ("SWAPSPACE2"
 * at the end of page 0); a bench boot runs no swapon.
 */
#include "bench/bench_internal.h"
#include "block/blkdev.h"
#include "atomic.h"
#include "completion.h"
#include "errno.h"
#include "printk.h"
#include "riscv.h"
#include "string.h"
#include "mm/gfp.h"
#include "mm/page.h"
#include "mm/slab.h"
#include "mm/vmalloc.h"

#define SWAPDISK_NAME	"vdb"
#define SWAPDISK_START	SZ_1M
#define SWAPDISK_BYTES	(64 * SZ_1M)
#define SEQ_CHUNK	SZ_1M
#define SEQ_ORDER	8		/* SEQ_CHUNK in pages, as an order */
#define POOL_PAGES	256
#define NR_BIOS		(SWAPDISK_BYTES / PAGE_SIZE)
#define SAMPLE_NS	(5 * BENCH_BATCH_NS)
#define BENCHDISK_MAGIC	"PAGODA-BENCHDISK\n"
#define SWAP_MAGIC	"SWAPSPACE2"

enum pass_kind { PASS_SEQ, PASS_4K, PASS_PLUG, NR_PASSES };

struct swapdisk {
	struct block_device *bdev;
	void *seq_buf;			/* SEQ_CHUNK, physically contiguous */
	struct page *pool[POOL_PAGES];
	struct bio *bios;		/* NR_BIOS, all in flight at once */
	atomic_t left, errors;
	struct completion done;
};

/* May we write past the first page? A file system or anything unknown: no. */
static bool swapdisk_writable(struct block_device *bdev)
{
	char *page = kmalloc(PAGE_SIZE, GFP_KERNEL);
	bool ok = false;

	if (page && !blkdev_rw(bdev, REQ_OP_READ, 0, page, PAGE_SIZE))
		ok = !memcmp(page, BENCHDISK_MAGIC, sizeof(BENCHDISK_MAGIC) - 1) ||
		     !memcmp(page + PAGE_SIZE - 10, SWAP_MAGIC, 10);
	kfree(page);
	return ok;
}

/* MB/s (10^6 bytes, as ubench's) in thousandths. */
static u64 mbps_milli(u64 bytes, u64 ns)
{
	return ns ? bytes * 1000000 / ns : 0;
}

static int seq_pass(struct swapdisk *d, enum req_op op)
{
	int err = 0;

	for (u64 off = 0; off < SWAPDISK_BYTES && !err; off += SEQ_CHUNK)
		err = blkdev_rw(d->bdev, op, SWAPDISK_START + off, d->seq_buf, SEQ_CHUNK);
	return err;
}

/* In the disk's interrupt. */
static void page_end_io(struct bio *bio)
{
	struct swapdisk *d = bio->bi_private;

	if (bio->bi_status)
		atomic_inc(&d->errors);
	if (atomic_dec_and_test(&d->left))
		complete(&d->done);
}

static int page_pass(struct swapdisk *d, enum req_op op, bool plugged)
{
	struct blk_plug plug;

	atomic_set(&d->left, NR_BIOS);
	atomic_set(&d->errors, 0);
	init_completion(&d->done);
	if (plugged)
		blk_start_plug(&plug);
	for (unsigned long i = 0; i < NR_BIOS; i++) {
		d->bios[i] = (struct bio){
			.bi_bdev = d->bdev, .bi_opf = op,
			.bi_sector = (SWAPDISK_START + i * PAGE_SIZE) >> SECTOR_SHIFT,
			.bi_buf = page_address(d->pool[i % POOL_PAGES]), .bi_size = PAGE_SIZE,
			.bi_end_io = page_end_io, .bi_private = d,
		};
		submit_bio(&d->bios[i]);
	}
	if (plugged)
		blk_finish_plug(&plug);
	wait_for_completion(&d->done);
	return atomic_read(&d->errors) ? -EIO : 0;
}

/*
 * One sample: passes of one kind until SAMPLE_NS have gone by, so that a
 * fast pass is not lost in the clock's resolution and a short stall of
 * the host; *mbps is their throughput in thousandths of MB/s.
 */
static int timed_pass(struct swapdisk *d, enum pass_kind kind, enum req_op op, u64 *mbps)
{
	unsigned long start = get_cycles();
	u64 bytes = 0, ns;
	int err;

	do {
		if (kind == PASS_SEQ)
			err = seq_pass(d, op);
		else
			err = page_pass(d, op, kind == PASS_PLUG);
		bytes += SWAPDISK_BYTES;
		ns = bench_cycles_to_ns(get_cycles() - start);
	} while (!err && ns < SAMPLE_NS);
	*mbps = mbps_milli(bytes, ns);
	return err;
}

static void swapdisk_free(struct swapdisk *d)
{
	for (int i = 0; i < POOL_PAGES; i++)
		if (d->pool[i])
			__free_page(d->pool[i]);
	if (d->seq_buf)
		free_pages((unsigned long)d->seq_buf, SEQ_ORDER);
	vfree(d->bios);
	kfree(d);
}

static struct swapdisk *swapdisk_alloc(struct block_device *bdev)
{
	struct swapdisk *d = kzalloc(sizeof(*d), GFP_KERNEL);

	if (!d)
		return NULL;
	d->bdev = bdev;
	d->seq_buf = (void *)__get_free_pages(GFP_KERNEL, SEQ_ORDER);
	d->bios = vzalloc(NR_BIOS * sizeof(struct bio));
	for (int i = 0; i < POOL_PAGES; i++) {
		d->pool[i] = alloc_page(GFP_KERNEL);
		if (!d->pool[i])
			goto fail;
		memset(page_address(d->pool[i]), i, PAGE_SIZE);
	}
	if (!d->seq_buf || !d->bios)
		goto fail;
	memset(d->seq_buf, 0x5a, SEQ_CHUNK);
	return d;
fail:
	swapdisk_free(d);
	return NULL;
}

/* r[kind][0] writes, r[kind][1] reads: every pass once per round, writes first. */
static int swapdisk_rounds(struct swapdisk *d, u64 r[NR_PASSES][2][BENCH_ROUNDS])
{
	u64 unused;
	int err = timed_pass(d, PASS_SEQ, REQ_OP_WRITE, &unused);	/* the host allocates */

	for (int round = 0; round < BENCH_ROUNDS && !err; round++)
		for (int dir = 0; dir < 2 && !err; dir++)
			for (int kind = 0; kind < NR_PASSES && !err; kind++)
				err = timed_pass(d, kind, dir ? REQ_OP_READ : REQ_OP_WRITE,
						 &r[kind][dir][round]);
	return err;
}

/* v[i] = a[i] / b[i] in thousandths, round by round. */
static void ratios(u64 *v, const u64 *a, const u64 *b)
{
	for (int i = 0; i < BENCH_ROUNDS; i++)
		v[i] = b[i] ? a[i] * 1000 / b[i] : 0;
}

static const char *const dir_names[2] = { "write", "read" };

/* The page passes against the sequential one, round by round. */
static void swapdisk_report_ratios(u64 unplugged[2][BENCH_ROUNDS], u64 plugged[2][BENCH_ROUNDS])
{
	char name[32], label[48];

	for (int dir = 0; dir < 2; dir++) {
		snprintf(name, sizeof(name), "swapdisk_4k_%s_vs_seq", dir_names[dir]);
		snprintf(label, sizeof(label), "%s: unplugged 4 KiB / sequential", dir_names[dir]);
		bench_report_factor(name, label, unplugged[dir]);
		snprintf(name, sizeof(name), "swapdisk_plug_%s_vs_seq", dir_names[dir]);
		snprintf(label, sizeof(label), "%s: plugged 4 KiB / sequential", dir_names[dir]);
		bench_report_ratio(name, label, plugged[dir], 500);
	}
}

static void swapdisk_report(u64 r[NR_PASSES][2][BENCH_ROUNDS])
{
	static const char *const names[NR_PASSES] = { "seq", "4k", "plug" };
	static const char *const labels[NR_PASSES] = {
		"1 MiB synchronous requests", "4 KiB bios, unplugged", "4 KiB bios, plugged",
	};
	u64 unplugged[2][BENCH_ROUNDS], plugged[2][BENCH_ROUNDS];
	char name[32], label[48];

	/* Before reporting: bench_report_bw() sorts the samples in place. */
	for (int dir = 0; dir < 2; dir++) {
		ratios(unplugged[dir], r[PASS_4K][dir], r[PASS_SEQ][dir]);
		ratios(plugged[dir], r[PASS_PLUG][dir], r[PASS_SEQ][dir]);
	}
	for (int dir = 0; dir < 2; dir++)
		for (int kind = 0; kind < NR_PASSES; kind++) {
			snprintf(name, sizeof(name), "swapdisk_%s_%s", names[kind], dir_names[dir]);
			snprintf(label, sizeof(label), "%s, %s", dir_names[dir], labels[kind]);
			bench_report_bw(name, label, r[kind][dir]);
		}
	swapdisk_report_ratios(unplugged, plugged);
}

void bench_swapdisk(void)
{
	static u64 r[NR_PASSES][2][BENCH_ROUNDS];
	struct block_device *bdev = blkdev_get_by_name(SWAPDISK_NAME);
	struct swapdisk *d;
	int err;

	if (!bdev) {
		bench_report_note("swapdisk: skipped, no " SWAPDISK_NAME
				  " (grading/bench.py attaches one)", "");
		return;
	}
	if (bdev->bd_nr_sectors < (SWAPDISK_START + SWAPDISK_BYTES) >> SECTOR_SHIFT ||
	    bdev->bd_read_only || !swapdisk_writable(bdev)) {
		bench_report_note("swapdisk: skipped, " SWAPDISK_NAME " is too small, read-only,",
				  "or neither a swap area nor bench.py's disk");
		return;
	}
	d = swapdisk_alloc(bdev);
	if (!d) {
		bench_report_error("swapdisk buffers", -ENOMEM);
		return;
	}
	err = swapdisk_rounds(d, r);
	swapdisk_free(d);
	if (err) {
		bench_report_error("swapdisk I/O on " SWAPDISK_NAME, err);
		return;
	}
	bench_report_note("swapdisk: " SWAPDISK_NAME ", 64 MiB passes from byte 1 MiB:", "");
	swapdisk_report(r);
}
