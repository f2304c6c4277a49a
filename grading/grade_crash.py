"""Crash consistency: pull the plug mid-write, then check the disk.

Each round boots a writable copy of fs.img and runs user/tests/fscrash.c,
which creates, writes, renames (link + unlink) and deletes files under
/crash in a fixed sequence, printing "commit N" after each step N has
returned. QEMU is killed (SIGKILL to its process group: nothing is
flushed) a seeded-random number of commits in, plus a seeded-random
delay. Then:

1. the host checker ($(BUILD)/mkfs/fsck) must find the image consistent;
2. a fresh boot of the same image runs `fscrash check`, which lists
   every file in /crash with its size and an FNV-1a hash of its bytes
   (and fsck checks the image again after that boot);
3. that listing must be a state the sequence passes through at or after
   the last commit printed: every committed step is there, nothing
   half-done except a step still in progress (a file being written may
   hold a prefix of its data; a rename may have both names).

The sequence (the same in fscrash.c; keep them in step): step i works on
slot s = i % SLOTS and does, by (i / SLOTS) % 3,
   0: create crash/fS and write content(i) to it in one write();
   1: link crash/fS to crash/gS, then unlink crash/fS;
   2: unlink crash/gS.
"""
import os
import random
import re
import shutil
import subprocess
import time

from gradelib import Failure, grade_test

SLOTS = 8
ROUNDS = 3
# The kernel may run ahead of the console (output not yet out when QEMU
# dies): a state up to this many steps past the last printed commit is
# still a state the sequence passes through.
SLACK = 16
FSCK_TIMEOUT = 60
COMMIT_RE = re.compile(r'^commit (\d+)$', re.M)
FILE_RE = re.compile(r'^file (\S+) (\d+) ([0-9a-f]{8})$', re.M)


def content(i):
    size = 100 + (i * 37) % 1900
    return bytes(ord('a') + (i * 7 + j) % 26 for j in range(size))


def fnv1a(data):
    h = 0x811c9dc5
    for b in data:
        h = ((h ^ b) * 0x01000193) & 0xffffffff
    return h


def step_ops(i):
    """Step i as a list of single-system-call changes to the state."""
    s, kind = i % SLOTS, (i // SLOTS) % 3
    f, g = 'f%d' % s, 'g%d' % s
    if kind == 0:
        return [('create', f, None), ('write', f, content(i))]
    if kind == 1:
        return [('link', f, g), ('unlink', f, None)]
    return [('unlink', g, None)]


def apply(state, op):
    what, a, b = op
    state = dict(state)
    if what == 'create':
        state[a] = b''
    elif what == 'write':
        state[a] = b
    elif what == 'link':
        state[b] = state[a]
    elif what == 'unlink':
        del state[a]
    return state


def matches(state, listing, partial=None):
    """Does the listing {name: (size, hash)} show `state`? `partial`, the
    file being written by the step in progress, may hold any prefix."""
    if set(state) != set(listing):
        return False
    for name, data in state.items():
        size, h = listing[name]
        if name == partial and size <= len(data) and fnv1a(data[:size]) == h:
            continue
        if size != len(data) or fnv1a(data) != h:
            return False
    return True


def acceptable(committed, listing):
    """Is `listing` a state at or after `committed` whole steps (within
    SLACK), including the middle of a step? Returns a description of the
    state it matched, or None."""
    state = {}
    for i in range(committed):
        for op in step_ops(i):
            state = apply(state, op)
    for i in range(committed, committed + SLACK + 1):
        if matches(state, listing):
            return 'after %d steps' % i
        for n, op in enumerate(step_ops(i)):
            partial = op[1] if op[0] == 'write' else None
            state = apply(state, op)
            if matches(state, listing, partial):
                return 'in step %d, after its system call %d' % (i, n + 1)
    return None


def fsck(t, image):
    if not os.path.isfile(t.args.fsck):
        raise Failure('no host file-system checker at %s (make %s)'
                      % (t.args.fsck, t.args.fsck))
    try:
        p = subprocess.run([t.args.fsck, image], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True,
                           timeout=FSCK_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise Failure('fsck %s took longer than %ds' % (image, FSCK_TIMEOUT))
    if p.returncode != 0:
        raise Failure('fsck found the crashed image inconsistent (exit %d):\n%s'
                      % (p.returncode, '\n'.join(p.stdout.splitlines()[-20:])))


def crash_round(t, rnd, image, rng):
    kill_at = rng.randint(20, 120)
    delay = rng.uniform(0, 0.05)
    shutil.copyfile(t.args.fs_img, image)
    m = t.machine(cpus=2, mem='256M', fs_img=image, snapshot=False,
                  log_suffix='-round%d-run' % rnd)
    m.boot()
    m.send('fscrash run\n')
    m.expect(r'commit %d\n' % kill_at, timeout=60,
             what='commit %d from fscrash' % kill_at)
    time.sleep(delay)
    m.kill()
    m.con.wait(5)
    commits = [int(n) for n in COMMIT_RE.findall(m.con.since(0))]
    m.close()
    committed = max(commits) + 1 if commits else 0

    fsck(t, image)

    m = t.machine(cpus=2, mem='256M', fs_img=image, snapshot=False,
                  log_suffix='-round%d-check' % rnd)
    m.boot()
    out = m.run('fscrash check', timeout=30)
    if not re.search(r'^fscrash: check done', out, re.M):
        raise Failure('fscrash check did not finish:\n' + out)
    listing = {n: (int(size), int(h, 16)) for n, size, h in FILE_RE.findall(out)}
    where = acceptable(committed, listing)
    if where is None:
        raise Failure('round %d: after the crash at commit %d, /crash holds\n%s\n'
                      'which is no state of the sequence from step %d to %d'
                      % (rnd, committed - 1, out.rstrip(), committed,
                         committed + SLACK))
    m.kill()
    m.close()
    fsck(t, image)      # the check boot replayed any log: still consistent
    return committed, where


@grade_test(6, timeout=240)
def crash_consistency(t):
    rng = random.Random(t.args.seed)
    image = os.path.join(t.args.out, 'crash.img')
    for rnd in range(1, ROUNDS + 1):
        crash_round(t, rnd, image, rng)
