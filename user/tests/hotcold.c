/*
 * hotcold: how close the kernel's page replacement comes to Belady's
 * optimal one (OPT, also called MIN) and how it compares with FIFO, on a
 * hot/cold working set of 1.5 x the memory available (Linux: nothing in
 * tree; the textbook comparison of Silberschatz's and Tanenbaum's
 * chapters on virtual memory, with the kernel as one of the contenders).
 *
 *   hotcold [-n RUNS]       the benchmark, RUNS runs (default 3)
 *   hotcold -t              only the checks of the simulators (below)
 *
 * A run, with its own fixed seed (so every run can be replayed):
 *
 *  1. frames: k = MemAvailable + SwapCached - the page tables of the
 *     working set, in pages, read before the run. MemAvailable is what
 *     can be allocated without swapping (free memory above the kernel's
 *     reserve, plus the page cache reclaim can drop); SwapCached is left
 *     over from earlier runs (swap-cache pages no process maps any more,
 *     which reclaim frees without writing them), which MemAvailable does
 *     not count. Our own text, data and stack are a few pages, left out.
 *  2. P = 1.5 k pages of anonymous memory. The reference string: every
 *     page once in order (the fill, which writes each page's index into
 *     it), then 8 P references, four in five to a page of the hot set
 *     (the first HOT_PCT% of the pages) and one in five to one of the
 *     rest, each drawn from xorshift64* with the run's seed. A reference
 *     checks that the page holds its index and counts a visit in it, so
 *     every page the kernel evicts is dirty.
 *  3. The last 6 P references are the measured phase (the first 2 P after
 *     the fill are warm-up): the major faults /proc/self/stat counts
 *     meanwhile (majflt), and for comparison minor faults, pages read
 *     from swap (/proc/vmstat pswpin) and our resident size (RssAnon,
 *     sampled RSS_SAMPLES times). The phases are long because the
 *     cold pages are referenced rarely (one in 4 P references goes to a
 *     given one): over a short string OPT, which knows the future, keeps
 *     every page the string still needs and hardly faults at all.
 *  4. The memory is unmapped, the same string is made again from the
 *     seed, and OPT, FIFO, exact LRU and A0 are simulated on it with k
 *     frames, counting the faults of the measured phase only (all of
 *     them start empty at the fill, as the process did).
 *
 * Two yardsticks, then. OPT knows the future: nothing can beat it. A0
 * (sim_a0) knows only which pages are hot, and keeps them: on a string
 * of independent draws like this one no policy that does not know the
 * future can expect fewer faults. So the kernel's faults cannot be
 * expected below A0's, and A0's are about 2.2 x OPT's here: a kernel
 * at A0 misses hotcold_vs_opt's target of 2 by that much. OPT's lead
 * comes from the cold pages, each referenced rarely and at random: it
 * keeps exactly those that come back soon, which no one else can know.
 *
 * What is counted: a major fault is a fault that had to start a read
 * from swap. Swap readahead reads the slots around the one faulted, up
 * to 8 in all, fewer while the pages it brought went unused
 * (swapin_nr_pages in kernel/mm/swap_state.c; on this string it soon
 * reads only the page faulted): a page that comes in that way and is
 * used before it is evicted costs a minor fault, not a major one, and
 * one that is not wastes a frame for a while. The simulators know
 * nothing of readahead: each access to a page not in memory is one
 * fault. So majflt can be below a per-page model's count when readahead
 * guesses right, and pswpin (every page read) is above it when it
 * guesses wrong; both are printed.
 *
 * For grading/bench.py, over the runs (median min max):
 *   BENCH_RATIO hotcold_vs_opt ... <=2      majflt / OPT's faults
 *   BENCH_RATIO hotcold_vs_fifo ... <1      majflt / FIFO's faults
 *   BENCH hotcold_vs_lru, hotcold_vs_a0, hotcold_pswpin_vs_opt ... x
 * and, from the simulators on the textbook string 1 2 3 4 1 2 5 1 2 3 4
 * 5 (Belady's anomaly: FIFO faults more with 4 frames than with 3),
 *   DEMO belady_fifo3 faults=9 expected=9   ... and the others
 * and OPT's heap against a plain look-ahead on a short hot/cold string,
 *   DEMO opt_heap_vs_scan faults=N expected=N
 * and A0 keeping a hot set that FIFO would lose, and A0 with no hot set
 * being FIFO,
 *   DEMO a0_keeps_hot faults=0 expected=0
 *   DEMO a0_no_hot_is_fifo faults=N expected=N
 * Exit status 0; 1 on a bad argument, no memory, a page that lost its
 * contents, or a simulator that gets the textbook string wrong.
 */
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "user/user.h"
#include "user/proc.h"
#include "user/bench.h"

#define PAGE_SIZE 4096
#define HOT_PCT 20
#define HOT_SHARE 5		/* HOT_SHARE - 1 references in HOT_SHARE go to the hot set */
#define WARM_PASSES 2		/* references after the fill, in units of P: warm-up */
#define MEASURED_PASSES 6	/* ... and measured */
#define RSS_SAMPLES 8
#define MAX_RUNS 15
#define SEED 0x853c49e6748fea9bULL
#define NONE 0xffffffffU

enum policy { OPT, FIFO, LRU, A0, NR_POLICIES };
static const char *const policy_names[NR_POLICIES] = { "OPT", "FIFO", "LRU", "A0" };

struct page_words {
	uint64 index;		/* which page this is: checked at every reference */
	uint64 visits;
};

/* The reference string: the fill, then hot/cold draws. */
struct refgen {
	uint64 state;
	uint32 pages, hot, filled;
};

static unsigned long bad_pages;

static int usage(void)
{
	fprintf(2, "usage: hotcold [-n RUNS] | hotcold -t\n"
		   "  RUNS 1..%d (default 3); -t only checks the simulators\n",
		MAX_RUNS);
	return 1;
}

static void refgen_init(struct refgen *g, uint32 pages, int run)
{
	g->state = SEED ^ ((uint64)(run + 1) * 0x9e3779b97f4a7c15ULL);
	g->pages = pages;
	g->hot = pages * HOT_PCT / 100 ?: 1;
	g->filled = 0;
}

/* xorshift64* (as thrash's): fast, and the same sequence for the same seed. */
static uint32 next_ref(struct refgen *g)
{
	uint64 r;

	if (g->filled < g->pages)
		return g->filled++;
	g->state ^= g->state >> 12;
	g->state ^= g->state << 25;
	g->state ^= g->state >> 27;
	r = g->state * 0x2545f4914f6cdd1dULL;
	if ((r >> 32) % HOT_SHARE || g->hot == g->pages)
		return r % g->hot;
	return g->hot + r % (g->pages - g->hot);
}

/* ---- the simulators ------------------------------------------------------ */

/*
 * Each takes the string refs[0..n) over pages 0..npages-1 and k frames
 * and returns the faults at references from `from` on. Memory: a few
 * words per page, and OPT a word per reference for the next uses.
 */
struct sim {
	const uint32 *refs;
	uint32 n, npages, k, from;
	uint32 hot;		/* pages 0..hot-1 are the hot set (A0 only) */
};

static uint32 *alloc_words(uint32 n, uint32 fill)
{
	uint32 *v = malloc(n * sizeof(uint32) ?: 1);

	for (uint32 i = 0; v && i < n; i++)
		v[i] = fill;
	return v;
}

/* OPT's heap: resident pages, the one used again farthest in the future on top. */
struct opt_heap {
	uint32 *page, *pos, *key;	/* heap slots; each page's slot (or NONE) and next use */
	uint32 size;
};

static void heap_swap(struct opt_heap *h, uint32 a, uint32 b)
{
	uint32 t = h->page[a];

	h->page[a] = h->page[b];
	h->page[b] = t;
	h->pos[h->page[a]] = a;
	h->pos[h->page[b]] = b;
}

static void sift_up(struct opt_heap *h, uint32 i)
{
	while (i && h->key[h->page[(i - 1) / 2]] < h->key[h->page[i]]) {
		heap_swap(h, i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
}

static void sift_down(struct opt_heap *h, uint32 i)
{
	for (;;) {
		uint32 big = i, l = 2 * i + 1, r = l + 1;

		if (l < h->size && h->key[h->page[l]] > h->key[h->page[big]])
			big = l;
		if (r < h->size && h->key[h->page[r]] > h->key[h->page[big]])
			big = r;
		if (big == i)
			return;
		heap_swap(h, i, big);
		i = big;
	}
}

/* next[i]: where refs[i]'s page is referenced next (n if never), built backwards. */
static uint32 *next_uses(const struct sim *s)
{
	uint32 *next = alloc_words(s->n, 0), *last = alloc_words(s->npages, s->n);

	for (uint32 i = s->n; next && last && i-- > 0;) {
		next[i] = last[s->refs[i]];
		last[s->refs[i]] = i;
	}
	free(last);
	return last ? next : 0;
}

/* Belady's MIN: on a fault with memory full, evict the page whose next use is farthest. */
static long sim_opt(const struct sim *s)
{
	struct opt_heap h = { alloc_words(s->k, 0), alloc_words(s->npages, NONE),
			      alloc_words(s->npages, 0), 0 };
	uint32 *next = next_uses(s);
	long faults = 0;

	for (uint32 i = 0; next && h.page && h.pos && h.key && i < s->n; i++) {
		uint32 p = s->refs[i];

		h.key[p] = next[i];
		if (h.pos[p] != NONE) {
			sift_up(&h, h.pos[p]);		/* its next use only moved later */
			continue;
		}
		faults += i >= s->from;
		if (h.size == s->k) {
			h.pos[h.page[0]] = NONE;
			h.page[0] = p;
			h.pos[p] = 0;
			sift_down(&h, 0);
		} else {
			h.page[h.size] = p;
			h.pos[p] = h.size;
			sift_up(&h, h.size++);
		}
	}
	faults = next && h.page && h.pos && h.key ? faults : -1;
	free(next);
	free(h.page);
	free(h.pos);
	free(h.key);
	return faults;
}

/* FIFO: a ring of the resident pages in the order they came in. */
static long sim_fifo(const struct sim *s)
{
	uint32 *ring = alloc_words(s->k, 0), *in = alloc_words(s->npages, 0);
	uint32 head = 0, count = 0;
	long faults = 0;

	for (uint32 i = 0; ring && in && i < s->n; i++) {
		uint32 p = s->refs[i];

		if (in[p])
			continue;
		faults += i >= s->from;
		if (count == s->k) {
			in[ring[head]] = 0;
			ring[head] = p;
			head = (head + 1) % s->k;
		} else {
			ring[(head + count++) % s->k] = p;
		}
		in[p] = 1;
	}
	faults = ring && in ? faults : -1;
	free(ring);
	free(in);
	return faults;
}

/* The LRU list: prev/next per page, most recent at head. */
struct lru_list {
	uint32 *prev, *next, head, tail;
};

static void lru_unlink(struct lru_list *l, uint32 p)
{
	if (l->prev[p] != NONE)
		l->next[l->prev[p]] = l->next[p];
	else
		l->head = l->next[p];
	if (l->next[p] != NONE)
		l->prev[l->next[p]] = l->prev[p];
	else
		l->tail = l->prev[p];
}

static void lru_push(struct lru_list *l, uint32 p)
{
	l->prev[p] = NONE;
	l->next[p] = l->head;
	if (l->head != NONE)
		l->prev[l->head] = p;
	else
		l->tail = p;
	l->head = p;
}

/* Exact LRU: evict the page referenced longest ago. */
static long sim_lru(const struct sim *s)
{
	struct lru_list l = { alloc_words(s->npages, NONE), alloc_words(s->npages, NONE),
			      NONE, NONE };
	uint32 *in = alloc_words(s->npages, 0), count = 0;
	long faults = 0;

	for (uint32 i = 0; l.prev && l.next && in && i < s->n; i++) {
		uint32 p = s->refs[i];

		if (in[p]) {
			lru_unlink(&l, p);
		} else {
			faults += i >= s->from;
			if (count == s->k) {
				in[l.tail] = 0;
				lru_unlink(&l, l.tail);
			} else {
				count++;
			}
			in[p] = 1;
		}
		lru_push(&l, p);
	}
	faults = l.prev && l.next && in ? faults : -1;
	free(l.prev);
	free(l.next);
	free(in);
	return faults;
}

/*
 * A0 (Aho, Denning and Ullman, 1971): when each reference is drawn
 * independently, as ours are, the best a policy that does not know the
 * future can do is to keep the pages most likely to be referenced, and
 * so evict the least likely one. A hot page (4 in 5 references over a
 * fifth of the pages) is 16 times likelier than a cold one, so A0 evicts
 * a cold page while one is resident, else a hot one; among pages of one
 * kind, all alike, the one that came in first. What A0 knows that the
 * kernel cannot is which pages are hot; its faults are what the kernel
 * could hope for at best, as OPT's are what no policy can beat.
 */
static long sim_a0(const struct sim *s)
{
	uint32 *ring[2] = { alloc_words(s->k, 0), alloc_words(s->k, 0) };	/* cold, hot */
	uint32 *in = alloc_words(s->npages, 0), head[2] = { 0, 0 }, count[2] = { 0, 0 };
	long faults = 0;

	for (uint32 i = 0; ring[0] && ring[1] && in && i < s->n; i++) {
		uint32 p = s->refs[i];
		int kind = p < s->hot;

		if (in[p])
			continue;
		faults += i >= s->from;
		if (count[0] + count[1] == s->k) {
			int victim = count[0] ? 0 : 1;

			in[ring[victim][head[victim]]] = 0;
			head[victim] = (head[victim] + 1) % s->k;
			count[victim]--;
		}
		ring[kind][(head[kind] + count[kind]++) % s->k] = p;
		in[p] = 1;
	}
	faults = ring[0] && ring[1] && in ? faults : -1;
	free(ring[0]);
	free(ring[1]);
	free(in);
	return faults;
}

static long simulate(enum policy pol, const struct sim *s)
{
	switch (pol) {
	case OPT:
		return sim_opt(s);
	case FIFO:
		return sim_fifo(s);
	case LRU:
		return sim_lru(s);
	default:
		return sim_a0(s);
	}
}

/* ---- the checks ------------------------------------------------------------ */

/* OPT the slow way, to check sim_opt: at each fault, look ahead for every resident page. */
static long opt_by_scanning(const struct sim *s)
{
	uint32 *mem = alloc_words(s->k, 0), used = 0;
	long faults = 0;

	for (uint32 i = 0; mem && i < s->n; i++) {
		uint32 p = s->refs[i], victim = 0, farthest = 0, j;

		for (j = 0; j < used && mem[j] != p; j++)
			;
		if (j < used)
			continue;
		faults += i >= s->from;
		if (used < s->k) {
			mem[used++] = p;
			continue;
		}
		for (j = 0; j < used; j++) {
			uint32 t = i + 1;

			while (t < s->n && s->refs[t] != mem[j])
				t++;
			if (t >= farthest) {
				farthest = t;
				victim = j;
			}
		}
		mem[victim] = p;
	}
	free(mem);
	return mem ? faults : -1;
}

/* sim_opt against opt_by_scanning on a short hot/cold string (40 pages, 26 frames). */
static int scan_check(void)
{
	uint32 refs[1600];
	struct sim s = { refs, 1600, 40, 26, 40, 8 };
	struct refgen g;
	long got, want;

	refgen_init(&g, s.npages, 0);
	for (uint32 i = 0; i < s.n; i++)
		refs[i] = next_ref(&g);
	got = sim_opt(&s);
	want = opt_by_scanning(&s);
	printf("DEMO opt_heap_vs_scan faults=%ld expected=%ld\n", got, want);
	return got != want || got <= 0;
}

/*
 * A0 on two strings whose answer is known: it keeps the 2 hot pages of
 * 10 through 8 cold references with 4 frames (FIFO would have lost
 * them), and with no hot set it is FIFO.
 */
static int a0_check(void)
{
	static const uint32 refs[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1 };
	struct sim s = { refs, sizeof(refs) / sizeof(refs[0]), 10, 4, 18, 2 };
	uint32 hc[1600];
	struct sim cold = { hc, 1600, 40, 26, 40, 0 };
	struct refgen g;
	long kept = sim_a0(&s), got, want;

	printf("DEMO a0_keeps_hot faults=%ld expected=0\n", kept);
	refgen_init(&g, cold.npages, 0);
	for (uint32 i = 0; i < cold.n; i++)
		hc[i] = next_ref(&g);
	got = sim_a0(&cold);
	want = sim_fifo(&cold);
	printf("DEMO a0_no_hot_is_fifo faults=%ld expected=%ld\n", got, want);
	return (kept != 0) + (got != want || want <= 0);
}

/*
 * The string of Belady's anomaly (Silberschatz, Operating System
 * Concepts, 9.4.2) with 3 and 4 frames, and the fault counts every
 * textbook gives: FIFO 9 and 10, OPT 7 and 6, LRU 10 and 8.
 */
static int textbook_check(void)
{
	static const uint32 refs[] = { 1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5 };
	static const long expected[][2] = { [OPT] = { 7, 6 }, [FIFO] = { 9, 10 }, [LRU] = { 10, 8 } };
	static const char *const names[] = { [OPT] = "opt", [FIFO] = "fifo", [LRU] = "lru" };
	int wrong = 0;

	for (int pol = OPT; pol <= LRU; pol++)
		for (uint32 k = 3; k <= 4; k++) {
			struct sim s = { refs, sizeof(refs) / sizeof(refs[0]), 6, k, 0, 0 };
			long got = simulate(pol, &s);

			printf("DEMO belady_%s%u faults=%ld expected=%ld\n", names[pol], k, got,
			       expected[pol][k - 3]);
			wrong += got != expected[pol][k - 3];
		}
	return wrong + scan_check() + a0_check();
}

/* ---- a run ---------------------------------------------------------------- */

struct run {
	uint32 pages, k, from, n;	/* working set, frames, first measured reference, length */
	unsigned long majflt, minflt, pswpin, rss_pages;
	long sim[NR_POLICIES];
	int ticks;
};

static unsigned long vmstat_value(const char *name)
{
	static char text[4096];
	const char *v;

	if (proc_read("/proc/vmstat", text, sizeof(text)) < 0)
		return 0;
	v = proc_key(text, name);
	return v ? proc_number(v, 0) : 0;
}

/* Frames available, and the working set made from them (step 1). */
static void size_run(struct run *r)
{
	static char text[4096];
	unsigned long avail = 0, cached = 0;
	const char *v;

	if (proc_read("/proc/meminfo", text, sizeof(text)) >= 0) {
		avail = (v = proc_field(text, "MemAvailable")) ? proc_number(v, 0) : 0;
		cached = (v = proc_field(text, "SwapCached")) ? proc_number(v, 0) : 0;
	}
	avail = (avail + cached) / (PAGE_SIZE / 1024);
	r->pages = avail * 3 / 2;
	r->k = avail - (r->pages + 511) / 512;	/* a page-table page maps 512 pages */
	r->from = r->pages * (1 + WARM_PASSES);
	r->n = r->pages * (1 + WARM_PASSES + MEASURED_PASSES);
}

static void touch(char *mem, uint32 p, bool fill)
{
	struct page_words *w = (struct page_words *)(mem + (uint64)p * PAGE_SIZE);

	if (fill) {
		w->index = p;
		return;
	}
	if (w->index != p && bad_pages++ < 10)
		printf("hotcold: page %u holds index %lu\n", p, w->index);
	w->visits++;
}

/* Steps 2 and 3: the references, with the measured phase's counters. */
static void reference(char *mem, struct run *r, int run)
{
	uint32 every = (r->n - r->from) / RSS_SAMPLES ?: 1;
	unsigned long maj = 0, min = 0, in = 0, samples = 0;
	struct refgen g;
	int t0 = 0;

	refgen_init(&g, r->pages, run);
	for (uint32 i = 0; i < r->n; i++) {
		if (i == r->from) {
			maj = proc_self_stat_field(PROC_STAT_MAJFLT);
			min = proc_self_stat_field(PROC_STAT_MINFLT);
			in = vmstat_value("pswpin");
			t0 = uptime();
		}
		if (i >= r->from && (i - r->from) % every == every - 1) {
			r->rss_pages += proc_kb("/proc/self/status", "RssAnon") / (PAGE_SIZE / 1024);
			samples++;
		}
		touch(mem, next_ref(&g), i < r->pages);
	}
	r->ticks = uptime() - t0;
	r->majflt = proc_self_stat_field(PROC_STAT_MAJFLT) - maj;
	r->minflt = proc_self_stat_field(PROC_STAT_MINFLT) - min;
	r->pswpin = vmstat_value("pswpin") - in;
	r->rss_pages /= samples ?: 1;
}

/* Step 4: the same string again, in memory this time, and the simulators on it. */
static int simulate_run(struct run *r, int run)
{
	uint32 *refs = alloc_words(r->n, 0);
	struct sim s = { refs, r->n, r->pages, r->k, r->from, r->pages * HOT_PCT / 100 ?: 1 };
	struct refgen g;
	int err = 0;

	if (!refs)
		return -1;
	refgen_init(&g, r->pages, run);
	for (uint32 i = 0; i < r->n; i++)
		refs[i] = next_ref(&g);
	for (int pol = 0; pol < NR_POLICIES; pol++)
		if ((r->sim[pol] = simulate(pol, &s)) < 0)
			err = -1;
	free(refs);
	return err;
}

static int one_run(struct run *r, int run)
{
	char *mem;

	size_run(r);
	mem = mmap(0, (uint64)r->pages * PAGE_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED) {
		fprintf(2, "hotcold: mmap of %u pages: %s\n", r->pages, strerror(errno));
		return -1;
	}
	reference(mem, r, run);
	munmap(mem, (uint64)r->pages * PAGE_SIZE);
	if (simulate_run(r, run) < 0) {
		fprintf(2, "hotcold: no memory for the simulators (%u references)\n", r->n);
		return -1;
	}
	printf("run %d: %u pages (hot %u), k %u frames, resident ~%lu; %u measured refs in "
	       "%d.%02d s: majflt %lu (minflt %lu, pswpin %lu);", run + 1, r->pages,
	       r->pages * HOT_PCT / 100, r->k, r->rss_pages, r->n - r->from, r->ticks / 100,
	       r->ticks % 100, r->majflt, r->minflt, r->pswpin);
	for (int pol = 0; pol < NR_POLICIES; pol++)
		printf(" %s %ld", policy_names[pol], r->sim[pol]);
	printf("\n");
	return 0;
}

/* ---- the report ------------------------------------------------------------ */

/* a[i] / b[i] in thousandths for each run, then "KIND name median min max tail". */
static void report(const char *kind, const char *name, const unsigned long *a,
		   const long *b, int n, const char *tail)
{
	unsigned long v[MAX_RUNS];

	for (int i = 0; i < n; i++)
		v[i] = b[i] > 0 ? a[i] * 1000 / b[i] : 0;
	bench_report_milli(kind, name, v, n, tail);
}

static void report_runs(const struct run *runs, int n)
{
	unsigned long maj[MAX_RUNS], in[MAX_RUNS];
	long sim[NR_POLICIES][MAX_RUNS];

	for (int i = 0; i < n; i++) {
		maj[i] = runs[i].majflt;
		in[i] = runs[i].pswpin;
		for (int pol = 0; pol < NR_POLICIES; pol++)
			sim[pol][i] = runs[i].sim[pol];
	}
	report("BENCH_RATIO", "hotcold_vs_opt", maj, sim[OPT], n, "<=2");
	report("BENCH_RATIO", "hotcold_vs_fifo", maj, sim[FIFO], n, "<1");
	report("BENCH", "hotcold_vs_lru", maj, sim[LRU], n, "x");
	report("BENCH", "hotcold_vs_a0", maj, sim[A0], n, "x");
	report("BENCH", "hotcold_pswpin_vs_opt", in, sim[OPT], n, "x");
}

int main(int argc, char *argv[])
{
	static struct run runs[MAX_RUNS];
	int nruns = 3;

	if (argc == 2 && strcmp(argv[1], "-t") == 0)
		exit(textbook_check() ? 1 : 0);
	if (!(argc == 1 || (argc == 3 && strcmp(argv[1], "-n") == 0 &&
			    parse_int(argv[2], &nruns) == 0 && nruns >= 1 && nruns <= MAX_RUNS)))
		exit(usage());
	if (textbook_check())
		exit(1);
	printf("hotcold: %d runs; working set 1.5 x the frames available, %d%% of it hot\n",
	       nruns, HOT_PCT);
	for (int run = 0; run < nruns; run++)
		if (one_run(&runs[run], run) < 0)
			exit(1);
	report_runs(runs, nruns);
	if (bad_pages)
		printf("hotcold: %lu references found a page that lost its contents\n", bad_pages);
	printf("hotcold: done\n");
	exit(bad_pages ? 1 : 0);
}
