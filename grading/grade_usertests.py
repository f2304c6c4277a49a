"""user/tests/usertests.c as grade tests, one grade line per test.

The list of tests, and each one's time limit, is read from the table in
usertests.c (lines like `{ "badptr_read", badptr_read, 5 },`), so a test
added there is graded with no change here. Tests run in batches, one
`usertests a b c ...` command per batch on the shared "usertests"
machine: the quick ones (limit <= BATCH_LIMIT s) together, each slow one
alone. usertests prints `test NAME: OK` or `test NAME: FAILED why` as each
test ends; we time each line's arrival. If the kernel panics or hangs in
test X, X fails with the reason and the console's tail, the machine is
stopped, and the tests after X run in a new batch on a fresh machine.

usertests ends each run with a leak check (MemFree and PageTables before
and after, read from /proc/meminfo with the caches dropped; see
docs/testing.md for the tolerances):

    memfree: before 123456 kB, after 123452 kB (...), tolerance 512 kB: OK
    pagetables: before 48 kB, after 48 kB, tolerance 16 kB: OK

which becomes the grade test usertests_leak (every batch must pass both).
"""
import os
import re
import subprocess
import time

from console import ConsoleError
from gradelib import Failure, add_test, machine_group
from machine import kernel_error, PROMPT_RE

SOURCE = os.environ.get('PAGODA_USERTESTS_SRC') or os.path.join(
    os.path.dirname(os.path.abspath(__file__)), '..', 'user', 'tests', 'usertests.c')
TABLE_RE = re.compile(r'^\s*\{\s*"(\w+)",\s*\w+,\s*(\d+)\s*\},', re.M)
RESULT_RE = re.compile(r'^test (\w+): (OK|FAILED)(.*)$', re.M)
LEAK_RE = re.compile(r'^memfree: (.*): (OK|FAILED)(.*)$', re.M)
PT_LEAK_RE = re.compile(r'^pagetables: (.*): (OK|FAILED)(.*)$', re.M)
EVENT_RE = re.compile(r'^test (?P<name>\w+): (?P<verdict>OK|FAILED)(?P<why>.*)$'
                      r'|(?P<leak>^memfree: )|(?P<prompt>\n\$ )', re.M)
BATCH_LIMIT = 10        # seconds; tests allowed longer run alone
# The console's line buffer holds 128 characters (xv6's INPUT_BUF): a
# longer line is cut, so a batch's command line stays under that.
BATCH_CHARS = 120
POINTS = 1
TAIL_LINES = 30

# Without swap: the suite's out-of-memory tests (oom_fault, sbrk_oom, fork
# bombs ...) mean "more than RAM", which is quick to reach; with 1 GiB of
# swap they would each have to fill it first. Swap under pressure, and the
# OOM killer with swap full, are grade_reclaim.py's.
USERTESTS = machine_group('usertests', cpus=4, mem='256M', swap_img=None)

# Tests that fill the disk run on a small image of their own (SMALL_BLOCKS
# blocks and SMALL_INODES inodes, with only init, sh and usertests on it),
# so that filling it is quick; so does removed_cwd, which waits for pgfs's
# inode allocator to come round the table to a number again. hugefile
# writes a 16 MiB file (16450 blocks with its indirect ones) twice,
# unlinking it in between, on an image with room for it once
# (MEDIUM_BLOCKS, 18262 of them free): the second fits only if nearly all
# the first one's blocks came back (KUnit's pgfs_big counts them exactly).
SMALL_BLOCKS = 2048
SMALL_INODES = 128
MEDIUM_BLOCKS = 18432
SMALL_PROGRAMS = ['init', 'sh', 'usertests']


def make_image(args, name, blocks):
    """<out>/name, made afresh with mkfs (it takes no time)."""
    image = os.path.join(args.out, name)
    progs = []
    for prog_name in SMALL_PROGRAMS:
        prog = os.path.join(args.build, 'user', 'stripped', prog_name)
        if not os.path.isfile(prog):
            prog = os.path.join(args.build, 'user', prog_name)
        progs.append(prog)
    for need in [args.mkfs] + progs:
        if not os.path.isfile(need):
            raise Failure('%s is missing (make %s)' % (need, need))
    os.makedirs(args.out, exist_ok=True)
    p = subprocess.run([args.mkfs, '-s', str(blocks), '-i', str(SMALL_INODES),
                        image + '.tmp'] + progs,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if p.returncode != 0:
        raise Failure('mkfs of %s failed:\n%s' % (name, p.stdout))
    os.replace(image + '.tmp', image)
    return image


def small_image(args):
    return make_image(args, 'usertests-small.img', SMALL_BLOCKS)


def medium_image(args):
    return make_image(args, 'usertests-medium.img', MEDIUM_BLOCKS)


USERTESTS_SMALL = machine_group('usertests_smalldisk', cpus=4, mem='256M',
                                fs_img=small_image, swap_img=None)
USERTESTS_MEDIUM = machine_group('usertests_mediumdisk', cpus=4, mem='256M',
                                 fs_img=medium_image, swap_img=None)
OWN_DISK = {'fulldisk': USERTESTS_SMALL, 'inodes_full': USERTESTS_SMALL,
            'removed_cwd': USERTESTS_SMALL, 'hugefile': USERTESTS_MEDIUM}


def read_table():
    try:
        with open(SOURCE) as f:
            return [(name, int(limit)) for name, limit in TABLE_RE.findall(f.read())]
    except OSError:
        return []


TABLE = read_table()
LIMIT = dict(TABLE)


def batch_from(name, done):
    """The batch that starts at `name`: the quick tests from there on not
    yet run, as many as fit in a command line of BATCH_CHARS, or `name`
    alone if it is slow."""
    names = [n for n, _ in TABLE]
    if LIMIT[name] > BATCH_LIMIT or name in OWN_DISK:
        return [name]
    batch, length = [], len('usertests')
    for n in names[names.index(name):]:
        if n in done or LIMIT[n] > BATCH_LIMIT or n in OWN_DISK:
            continue
        if batch and length + 1 + len(n) > BATCH_CHARS:
            break
        batch.append(n)
        length += 1 + len(n)
    return batch


def run_batch(t, names):
    """Run `usertests names...` and store each test's result in the
    group's state: name -> (ok, seconds, lines of report)."""
    st = USERTESTS.state
    m = t.sh
    m.last_cmd = 'usertests ' + ' '.join(names)
    m.type_line(m.last_cmd)
    m.send('\n')
    since = time.monotonic()
    pos = m.con.mark()
    left = list(names)
    try:
        while left:
            match = m.expect(EVENT_RE, timeout=LIMIT[left[0]] + 2,
                             what='"test %s: OK" (its limit is %ds)'
                             % (left[0], LIMIT[left[0]]))
            if match.group('prompt') is not None or match.group('leak'):
                raise ConsoleError('usertests ended without a word on %s:\n%s'
                                   % (left[0], m.con.since(pos).strip()))
            name, verdict, why = match.group('name', 'verdict', 'why')
            now = time.monotonic()
            segment = m.con.since(pos)[:match.end() - pos]
            trouble = kernel_error(segment)
            ok = verdict == 'OK' and trouble is None
            lines = [] if ok else [
                'test %s: %s%s' % (name, verdict, why) if verdict != 'OK'
                else '%s: %s' % trouble]
            st['results'][name] = (ok, now - since, lines)
            since, pos = now, match.end()
            if name in left:
                left = left[left.index(name) + 1:]
        leak = m.expect(LEAK_RE, timeout=10, what='the leak check')
        st['leaks'].append((leak.group(2) == 'OK', leak.group(0)))
        leak = m.expect(PT_LEAK_RE, timeout=10, what='the page-table leak check')
        st['leaks'].append((leak.group(2) == 'OK', leak.group(0)))
        m.expect(PROMPT_RE, timeout=10, what='the prompt after usertests')
    except ConsoleError as e:
        if left:
            # The test that was running takes the blame and the console.
            if str(e).startswith('hang:'):
                m.show_state()
            st['results'][left[0]] = (False, time.monotonic() - since, [
                str(e), 'last %d console lines (%s):' % (TAIL_LINES, m.log)] +
                ['| ' + l for l in m.tail(TAIL_LINES)])
        else:
            st['leaks'].append((False, 'leak check: %s' % e))
        m.kill()        # the next batch boots afresh
    t.marks[m] = m.con.mark()   # kernel errors were blamed above


def make_test(name):
    def test(t):
        st = USERTESTS.state
        st.setdefault('results', {})
        st.setdefault('leaks', [])
        if name not in st['results']:
            run_batch(t, batch_from(name, st['results']))
        ok, seconds, lines = st['results'].get(
            name, (False, 0, ['usertests never reported on %s' % name]))
        t.seconds = seconds
        t.no_tail = True
        if not ok:
            raise Failure('\n'.join(lines))
    return test


def leak_test(t):
    leaks = USERTESTS.state.get('leaks', [])
    t.no_tail = True
    if not leaks:
        raise Failure('no usertests run finished its leak check')
    bad = [line for ok, line in leaks if not ok]
    if bad:
        raise Failure('\n'.join(bad))


def register():
    if not TABLE:
        def missing(t):
            raise Failure('no test table found in %s' % SOURCE)
        add_test('usertests', POINTS, 10, missing)
        return
    # The test that starts a batch waits for all of it (and a boot).
    batch_seconds = sum(l for _, l in TABLE if l <= BATCH_LIMIT) + 60
    for name, limit in TABLE:
        add_test('usertests_' + name, POINTS,
                 batch_seconds if limit <= BATCH_LIMIT else limit + 60,
                 make_test(name), OWN_DISK.get(name, USERTESTS))
    add_test('usertests_leak', 2, 10, leak_test)     # needs no machine


register()
