/*
 * SLUB's debugging: poison, red zones, caller tracking and consistency
 * checks (Linux: mm/slub.c, the CONFIG_SLUB_DEBUG half).
 *
 * A cache gets them from the SLAB_* flags it is created with, or from
 * the boot parameter slub_debug=[FZPU][,cache,...]. Then
 *   P  fills free objects with POISON_FREE ending in POISON_END, and slab
 *      memory outside objects with POISON_INUSE, so a write after free
 *      shows as a changed byte;
 *   Z  puts red zones around each object, SLUB_RED_ACTIVE while it is
 *      allocated and SLUB_RED_INACTIVE while free, to catch overflows;
 *   U  stores the caller of the last alloc and free in each object slot;
 *   F  checks object, red zones, poison and freelist on every alloc and
 *      free, catching double frees and invalid pointers.
 * A problem is reported as Linux does: a "BUG <cache>" banner, the
 * details, then "FIX <cache>: ..." saying how the damage was repaired.
 * All of this runs under the node's list_lock: debug caches have no
 * per-CPU slabs (slub.c), so freelists stay still while we walk them.
 */
#include "mm/slab.h"
#include "mm/mm.h"
#include "init.h"
#include "printk.h"
#include "panic.h"
#include "string.h"
#include "errno.h"
#include "smp.h"
#include "timer.h"

unsigned long slab_error_count;
char slab_last_bug[128];

static unsigned int slub_debug;		/* flags from slub_debug= */
static char slub_debug_string[128];	/* the caches it names; empty: all */

/* A bitmap of one slab's free objects, for walking objects in order. */
#define MAP_LONGS ((MAX_OBJS_PER_PAGE + BITS_PER_LONG) / BITS_PER_LONG)
static unsigned long object_map[MAP_LONGS];
static DEFINE_SPINLOCK(object_map_lock);

/* ---- the boot parameter ------------------------------------------------ */

/* Linux also knows the letters O, T and A, and ';'-separated blocks. */
int parse_slub_debug_flags(const char *str, unsigned int *flags, const char **slabs)
{
	*flags = 0;
	*slabs = NULL;
	if (*str == '\0' || *str == ',')
		*flags = SLAB_DEBUG_FLAGS;	/* no letters: everything */
	for (; *str && *str != ','; str++) {
		char c = *str >= 'A' && *str <= 'Z' ? *str - 'A' + 'a' : *str;

		switch (c) {
		case '-': *flags = 0; break;
		case 'f': *flags |= SLAB_CONSISTENCY_CHECKS; break;
		case 'z': *flags |= SLAB_RED_ZONE; break;
		case 'p': *flags |= SLAB_POISON; break;
		case 'u': *flags |= SLAB_STORE_USER; break;
		default: return -EINVAL;	/* Linux skips unknown letters */
		}
	}
	if (*str == ',') {
		if (!str[1])
			return -EINVAL;
		*slabs = str + 1;
	}
	return 0;
}

static int setup_slub_debug(char *str)
{
	const char *slabs;
	unsigned int flags;
	int err = parse_slub_debug_flags(str, &flags, &slabs);

	if (err)
		return err;
	if (slabs && strlen(slabs) >= sizeof(slub_debug_string))
		return -EINVAL;
	slub_debug = flags;
	strlcpy(slub_debug_string, slabs ? slabs : "", sizeof(slub_debug_string));
	return 0;
}
early_param("slub_debug", setup_slub_debug);

/* Is `name` in slub_debug's comma-separated list (globs allowed)? */
static bool slab_name_listed(const char *name)
{
	const char *p = slub_debug_string;
	char pat[64];

	while (*p) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);

		if (len < sizeof(pat)) {
			memcpy(pat, p, len);
			pat[len] = '\0';
			if (glob_match(pat, name))
				return true;
		}
		p += len + (comma != NULL);
	}
	return false;
}

/* The flags a new cache gets: its own, plus slub_debug='s if it is named. */
unsigned int kmem_cache_flags(unsigned int flags, const char *name)
{
	if (slub_debug && (!slub_debug_string[0] || slab_name_listed(name)))
		flags |= slub_debug;
	return flags;
}

/* ---- where things are in a slot ---------------------------------------- */

static bool freeptr_outside_object(struct kmem_cache *s)
{
	return s->offset >= s->inuse;
}

/* The end of the object, red zone and free pointer: tracks start here. */
static unsigned int get_info_end(struct kmem_cache *s)
{
	return freeptr_outside_object(s) ? s->inuse + sizeof(void *) : s->inuse;
}

/* The slot's bytes from the object on. */
static unsigned int size_from_object(struct kmem_cache *s)
{
	return (s->flags & SLAB_RED_ZONE) ? s->size - s->red_left_pad : s->size;
}

static struct track *get_track(struct kmem_cache *s, void *object, enum track_item alloc)
{
	return (struct track *)(object + get_info_end(s)) + alloc;
}

static void set_track(struct kmem_cache *s, void *object, enum track_item alloc,
		      unsigned long addr)
{
	struct track *t = get_track(s, object, alloc);

	t->addr = addr;
	t->cpu = smp_processor_id();
	t->pid = 0;		/* Pagoda has no processes yet */
	t->when = jiffies;
}

static void init_tracking(struct kmem_cache *s, void *object)
{
	if (s->flags & SLAB_STORE_USER)
		memset(get_track(s, object, TRACK_ALLOC), 0, 2 * sizeof(struct track));
}

static unsigned int obj_to_index(struct kmem_cache *s, void *addr, void *p)
{
	return (p - addr - s->red_left_pad) / s->size;
}

/* ---- printing reports -------------------------------------------------- */

/* A hex dump, 16 bytes a line. Linux prints up to a page of the object. */
static void print_section(const char *text, u8 *addr, unsigned int length)
{
	unsigned int n = min(length, 64U);
	char line[16 * 3 + 16 + 2];

	for (unsigned int i = 0; i < n; i += 16) {
		unsigned int k = min(16U, n - i), pos = 0;

		for (unsigned int j = 0; j < k; j++)
			pos += snprintf(line + pos, sizeof(line) - pos, "%02x ", addr[i + j]);
		line[pos++] = ' ';
		for (unsigned int j = 0; j < k; j++)
			line[pos++] = addr[i + j] >= 0x20 && addr[i + j] < 0x7f ? addr[i + j] : '.';
		line[pos] = '\0';
		pr_err("%s%p: %s\n", text, addr + i, line);
	}
	if (length > n)
		pr_err("%s... %u more bytes\n", text, length - n);
}

static void print_track(const char *s, struct track *t)
{
	if (!t->addr)
		return;
	pr_err("INFO: %s in %pS age=%lu cpu=%d pid=%d\n", s, (void *)t->addr,
	       jiffies - t->when, t->cpu, t->pid);
}

void print_tracking(struct kmem_cache *s, void *object)
{
	if (!(s->flags & SLAB_STORE_USER))
		return;
	print_track("Allocated", get_track(s, object, TRACK_ALLOC));
	print_track("Freed", get_track(s, object, TRACK_FREE));
}

static void print_page_info(struct page *page)
{
	pr_err("INFO: Slab %p objects=%u used=%u fp=%p flags=%#lx\n", page, page->objects,
	       page->inuse, page->freelist, page->flags & ((1UL << __NR_PAGEFLAGS) - 1));
}

static void __printf(2, 3) slab_bug(struct kmem_cache *s, const char *fmt, ...)
{
	char buf[96];
	__builtin_va_list ap;

	__builtin_va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	__builtin_va_end(ap);
	__atomic_fetch_add(&slab_error_count, 1, __ATOMIC_RELAXED);
	snprintf(slab_last_bug, sizeof(slab_last_bug), "%s: %s", s->name, buf);
	pr_err("=============================================================================\n");
	pr_err("BUG %s (Not tainted): %s\n", s->name, buf);
	pr_err("-----------------------------------------------------------------------------\n");
}

static void __printf(2, 3) slab_fix(struct kmem_cache *s, const char *fmt, ...)
{
	char buf[128];
	__builtin_va_list ap;

	__builtin_va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	__builtin_va_end(ap);
	pr_err("FIX %s: %s\n", s->name, buf);
}

/* Everything about an object: callers, slab, and its bytes. */
static void print_trailer(struct kmem_cache *s, struct page *page, u8 *p)
{
	u8 *addr = page_address(page);
	unsigned int off = get_info_end(s);

	print_tracking(s, p);
	print_page_info(page);
	pr_err("INFO: Object %p @offset=%lu fp=%p\n", p, (unsigned long)(p - addr),
	       get_freepointer(s, p));
	if (s->flags & SLAB_RED_ZONE)
		print_section("Redzone  ", p - s->red_left_pad, s->red_left_pad);
	else if (p > addr + 16)
		print_section("Bytes b4 ", p - 16, 16);
	print_section("Object   ", p, min(s->object_size, (unsigned int)PAGE_SIZE));
	if (s->flags & SLAB_RED_ZONE)
		print_section("Redzone  ", p + s->object_size, s->inuse - s->object_size);
	if (s->flags & SLAB_STORE_USER)
		off += 2 * sizeof(struct track);
	if (off != size_from_object(s))
		print_section("Padding  ", p + off, size_from_object(s) - off);
	dump_stack();
}

void object_err(struct kmem_cache *s, struct page *page, void *object, const char *reason)
{
	slab_bug(s, "%s", reason);
	print_trailer(s, page, object);
}

void slab_err(struct kmem_cache *s, struct page *page, const char *fmt, ...)
{
	char buf[96];
	__builtin_va_list ap;

	__builtin_va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	__builtin_va_end(ap);
	slab_bug(s, "%s", buf);
	print_page_info(page);
	dump_stack();
}

/* ---- poison and red zones ---------------------------------------------- */

/* Paint the object's poison and red zones; val says allocated or free. */
static void init_object(struct kmem_cache *s, u8 *p, u8 val)
{
	if (s->flags & SLAB_RED_ZONE)
		memset(p - s->red_left_pad, val, s->red_left_pad);
	if (s->flags & __OBJECT_POISON) {
		memset(p, POISON_FREE, s->object_size - 1);
		p[s->object_size - 1] = POISON_END;
	}
	if (s->flags & SLAB_RED_ZONE)
		memset(p + s->object_size, val, s->inuse - s->object_size);
}

static void restore_bytes(struct kmem_cache *s, const char *message, u8 data,
			  u8 *from, u8 *to)
{
	slab_fix(s, "Restoring %s %p-%p=0x%x", message, from, to - 1, data);
	memset(from, data, to - from);
}

/* Are `bytes` bytes at `start` all `value`? If not, report and repaint them. */
static bool check_bytes_and_report(struct kmem_cache *s, struct page *page, u8 *object,
				   const char *what, u8 *start, u8 value, unsigned int bytes)
{
	u8 *fault = memchr_inv(start, value, bytes);
	u8 *end = start + bytes;

	if (!fault)
		return true;
	while (end > fault && end[-1] == value)
		end--;
	slab_bug(s, "%s overwritten", what);
	pr_err("INFO: %p-%p @offset=%lu. First byte 0x%x instead of 0x%x\n", fault, end - 1,
	       (unsigned long)(fault - (u8 *)page_address(page)), fault[0], value);
	print_trailer(s, page, object);
	restore_bytes(s, what, value, fault, end);
	return false;
}

/* The slot's unused tail must still be POISON_INUSE. */
static bool check_pad_bytes(struct kmem_cache *s, struct page *page, u8 *p)
{
	unsigned int off = get_info_end(s);

	if (s->flags & SLAB_STORE_USER)
		off += 2 * sizeof(struct track);
	if (size_from_object(s) == off)
		return true;
	return check_bytes_and_report(s, page, p, "Object padding", p + off, POISON_INUSE,
				      size_from_object(s) - off);
}

/* The end of the slab that no slot covers must still be POISON_INUSE. */
static void slab_pad_check(struct kmem_cache *s, struct page *page)
{
	u8 *start = page_address(page), *fault, *end, *pad;
	unsigned int length = PAGE_SIZE << compound_order(page);
	unsigned int remainder = length % s->size;

	if (!(s->flags & SLAB_POISON) || !remainder)
		return;
	end = start + length;
	pad = end - remainder;
	fault = memchr_inv(pad, POISON_INUSE, remainder);
	if (!fault)
		return;
	while (end > fault && end[-1] == POISON_INUSE)
		end--;
	slab_err(s, page, "Padding overwritten. %p-%p @offset=%lu", fault, end - 1,
		 (unsigned long)(fault - start));
	print_section("Padding ", pad, remainder);
	restore_bytes(s, "slab padding", POISON_INUSE, fault, end);
}

/* Check an object's red zones, poison, padding and free pointer. */
static bool check_object(struct kmem_cache *s, struct page *page, u8 *p, u8 val)
{
	u8 *endobject = p + s->object_size;
	bool ret = true;

	if (s->flags & SLAB_RED_ZONE) {
		ret &= check_bytes_and_report(s, page, p, "Left Redzone", p - s->red_left_pad,
					      val, s->red_left_pad);
		ret &= check_bytes_and_report(s, page, p, "Right Redzone", endobject, val,
					      s->inuse - s->object_size);
	} else if ((s->flags & SLAB_POISON) && s->object_size < s->inuse) {
		ret &= check_bytes_and_report(s, page, p, "Alignment padding", endobject,
					      POISON_INUSE, s->inuse - s->object_size);
	}
	if (s->flags & SLAB_POISON) {
		if (val != SLUB_RED_ACTIVE && (s->flags & __OBJECT_POISON)) {
			ret &= check_bytes_and_report(s, page, p, "Poison", p, POISON_FREE,
						      s->object_size - 1);
			ret &= check_bytes_and_report(s, page, p, "End Poison", endobject - 1,
						      POISON_END, 1);
		}
		ret &= check_pad_bytes(s, page, p);
	}
	/* An allocated object's data may look like anything. */
	if (!freeptr_outside_object(s) && val == SLUB_RED_ACTIVE)
		return ret;
	if (!check_valid_pointer(s, page, get_freepointer(s, p))) {
		object_err(s, page, p, "Freepointer corrupt");
		/* Lose the rest of the freelist rather than follow a wild pointer. */
		set_freepointer(s, p, NULL);
		ret = false;
	}
	return ret;
}

static bool check_slab(struct kmem_cache *s, struct page *page)
{
	unsigned int maxobj;

	if (!PageSlab(page)) {
		slab_err(s, page, "Not a valid slab page");
		return false;
	}
	maxobj = order_objects(compound_order(page), s->size);
	if (page->objects > maxobj) {
		slab_err(s, page, "objects %u > max %u", page->objects, maxobj);
		return false;
	}
	if (page->inuse > page->objects) {
		slab_err(s, page, "inuse %u > max %u", page->inuse, page->objects);
		return false;
	}
	slab_pad_check(s, page);
	return true;
}

/*
 * Is `search` on the slab's freelist? With search == NULL, walk it all and
 * check the counters against it, repairing what is wrong.
 */
static bool on_freelist(struct kmem_cache *s, struct page *page, void *search)
{
	void *fp = page->freelist, *object = NULL;
	unsigned int nr = 0, max_objects;

	while (fp && nr <= page->objects) {
		if (fp == search)
			return true;
		if (!check_valid_pointer(s, page, fp)) {
			if (object) {
				object_err(s, page, object, "Freechain corrupt");
				set_freepointer(s, object, NULL);
			} else {
				slab_err(s, page, "Freepointer corrupt");
				page->freelist = NULL;
				page->inuse = page->objects;
				slab_fix(s, "Freelist cleared");
				return false;
			}
			break;
		}
		object = fp;
		fp = get_freepointer(s, object);
		nr++;
	}
	max_objects = min(order_objects(compound_order(page), s->size), (unsigned int)MAX_OBJS_PER_PAGE);
	if (page->objects != max_objects) {
		slab_err(s, page, "Wrong number of objects. Found %u but should be %u",
			 page->objects, max_objects);
		page->objects = max_objects;
		slab_fix(s, "Number of objects adjusted");
	}
	if (page->inuse != page->objects - nr) {
		slab_err(s, page, "Wrong object count. Counter is %u but counted were %u",
			 page->inuse, page->objects - nr);
		page->inuse = page->objects - nr;
		slab_fix(s, "Object count adjusted");
	}
	return search == NULL;
}

/* ---- hooks called by slub.c -------------------------------------------- */

/* A new slab: everything poisoned as unused, before objects are laid out. */
void setup_slab_debug(struct kmem_cache *s, struct page *page, void *addr)
{
	if (s->flags & SLAB_POISON)
		memset(addr, POISON_INUSE, PAGE_SIZE << compound_order(page));
}

void setup_object_debug(struct kmem_cache *s, void *object)
{
	if (!(s->flags & (SLAB_STORE_USER | SLAB_RED_ZONE | __OBJECT_POISON)))
		return;
	init_object(s, object, SLUB_RED_INACTIVE);
	init_tracking(s, object);
}

/*
 * An object about to be handed out. If it is damaged the whole slab is
 * quarantined, as in Linux: its other free objects may be damaged too.
 */
bool alloc_debug_processing(struct kmem_cache *s, struct page *page, void *object,
			    unsigned long addr)
{
	if (s->flags & SLAB_CONSISTENCY_CHECKS) {
		if (!check_slab(s, page))
			goto bad;
		if (!check_valid_pointer(s, page, object)) {
			object_err(s, page, object, "Freelist Pointer check fails");
			goto bad;
		}
		if (!check_object(s, page, object, SLUB_RED_INACTIVE))
			goto bad;
	}
	if (s->flags & SLAB_STORE_USER)
		set_track(s, object, TRACK_ALLOC, addr);
	init_object(s, object, SLUB_RED_ACTIVE);
	return true;
bad:
	slab_fix(s, "Marking all objects used");
	page->inuse = page->objects;
	page->freelist = NULL;
	return false;
}

static bool free_consistency_checks(struct kmem_cache *s, struct page *page, void *object)
{
	if (!check_valid_pointer(s, page, object)) {
		slab_err(s, page, "Invalid object pointer %p", object);
		return false;
	}
	if (on_freelist(s, page, object)) {
		object_err(s, page, object, "Object already free");
		return false;
	}
	if (!check_object(s, page, object, SLUB_RED_ACTIVE))
		return false;
	if (unlikely(s != page->slab_cache)) {
		object_err(s, page, object, "page slab pointer corrupt.");
		return false;
	}
	return true;
}

/*
 * An object being freed. False means do not free it: it is already free,
 * or was damaged (repaired now; freeing it again will work), as in Linux.
 */
bool free_debug_processing(struct kmem_cache *s, struct page *page, void *object,
			   unsigned long addr)
{
	if (s->flags & SLAB_CONSISTENCY_CHECKS) {
		if (!check_slab(s, page) || !free_consistency_checks(s, page, object)) {
			slab_fix(s, "Object at %p not freed", object);
			return false;
		}
	} else if (object == page->freelist) {
		/* The cheap check every cache gets (Linux: SLAB_FREELIST_HARDENED). */
		object_err(s, page, object, "Object already free");
		return false;
	}
	if (s->flags & SLAB_STORE_USER)
		set_track(s, object, TRACK_FREE, addr);
	init_object(s, object, SLUB_RED_INACTIVE);
	return true;
}

/* A slab going back to the page allocator: every object must be free and intact. */
void free_slab_debug(struct kmem_cache *s, struct page *page)
{
	void *p;

	if (!(s->flags & SLAB_CONSISTENCY_CHECKS))
		return;
	slab_pad_check(s, page);
	for_each_object(p, s, page_address(page), page->objects)
		check_object(s, page, p, SLUB_RED_INACTIVE);
}

/* ---- walking a slab's objects ------------------------------------------ */

/* Mark the slab's free objects in object_map (object_map_lock held). */
static void fill_map(struct kmem_cache *s, struct page *page)
{
	void *addr = page_address(page);

	memset(object_map, 0, sizeof(object_map));
	for (void *p = page->freelist; p; p = get_freepointer(s, p)) {
		unsigned int i = obj_to_index(s, addr, p);

		object_map[i / BITS_PER_LONG] |= 1UL << (i % BITS_PER_LONG);
	}
}

static bool object_is_free(unsigned int i)
{
	return object_map[i / BITS_PER_LONG] & (1UL << (i % BITS_PER_LONG));
}

/* Report the objects still allocated in a slab being destroyed (list_lock held). */
void list_slab_objects(struct kmem_cache *s, struct page *page)
{
	void *addr = page_address(page), *p;

	slab_err(s, page, "Objects remaining in %s on __kmem_cache_shutdown()", s->name);
	spin_lock(&object_map_lock);
	fill_map(s, page);
	for_each_object(p, s, addr, page->objects) {
		if (!object_is_free(obj_to_index(s, addr, p))) {
			pr_err("Object %p @offset=%lu\n", p, (unsigned long)(p - addr));
			print_tracking(s, p);
		}
	}
	spin_unlock(&object_map_lock);
}

static void validate_slab(struct kmem_cache *s, struct page *page)
{
	void *addr = page_address(page), *p;

	if (!check_slab(s, page) || !on_freelist(s, page, NULL))
		return;
	spin_lock(&object_map_lock);
	fill_map(s, page);
	for_each_object(p, s, addr, page->objects) {
		u8 val = object_is_free(obj_to_index(s, addr, p)) ? SLUB_RED_INACTIVE : SLUB_RED_ACTIVE;

		if (!check_object(s, page, p, val))
			break;
	}
	spin_unlock(&object_map_lock);
}

static long validate_slab_node(struct kmem_cache *s, struct kmem_cache_node *n)
{
	unsigned long flags;
	struct page *page;
	long count = 0;

	spin_lock_irqsave(&n->list_lock, flags);
	list_for_each_entry(page, &n->partial, slab_list) {
		validate_slab(s, page);
		count++;
	}
	if (count != (long)n->nr_partial) {
		pr_err("SLUB %s: %ld partial slabs counted but counter=%lu\n", s->name,
		       count, n->nr_partial);
		__atomic_fetch_add(&slab_error_count, 1, __ATOMIC_RELAXED);
	}
	if (kmem_cache_debug(s)) {
		list_for_each_entry(page, &n->full, slab_list) {
			validate_slab(s, page);
			count++;
		}
		if (count != atomic_long_read(&n->nr_slabs)) {
			pr_err("SLUB: %s %ld slabs counted but counter=%ld\n", s->name, count,
			       atomic_long_read(&n->nr_slabs));
			__atomic_fetch_add(&slab_error_count, 1, __ATOMIC_RELAXED);
		}
	}
	spin_unlock_irqrestore(&n->list_lock, flags);
	return count;
}

/* Linux runs this when /sys/kernel/slab/<cache>/validate is written. */
long validate_slab_cache(struct kmem_cache *s)
{
	struct kmem_cache_node *n;
	long count = 0;
	int nid;

	flush_all(s);
	for_each_kmem_cache_node(s, nid, n)
		count += validate_slab_node(s, n);
	return count;
}

void __kmem_obj_info(struct kmem_obj_info *kpp, void *object, struct page *page)
{
	struct kmem_cache *s = page->slab_cache;
	void *base = page_address(page);
	unsigned long objnr = (unsigned long)(object - base) / s->size;

	kpp->kp_ptr = object;
	kpp->kp_slab = page;
	kpp->kp_slab_cache = s;
	kpp->kp_objp = base + objnr * s->size + s->red_left_pad;
	kpp->kp_ret = NULL;
	kpp->kp_free_ret = NULL;
	if (objnr >= page->objects || !(s->flags & SLAB_STORE_USER))
		return;
	kpp->kp_ret = (void *)get_track(s, kpp->kp_objp, TRACK_ALLOC)->addr;
	kpp->kp_free_ret = (void *)get_track(s, kpp->kp_objp, TRACK_FREE)->addr;
}
