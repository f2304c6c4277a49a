"""Self-tests for grading/ktap.py, on console logs written by hand.

Run with: python3 -m unittest discover grading
"""
import unittest

import ktap

BOOT = """
OpenSBI v1.1
Boot HART ID              : 0
[    0.001234] Pagoda: Linux-style mm on RISC-V Sv48
[    0.002000] ok 5 this is a boot message, not KTAP
"""

PASS = BOOT + """KTAP version 1
1..2
    KTAP version 1
    # Subtest: buddy
    1..2
    ok 1 buddy_splits_to_order
[    0.123456] zone Normal: 1024 pages
    ok 2 buddy_merges_freed_buddies
    # buddy: pass:2 fail:0 skip:0 total:2
ok 1 buddy
    KTAP version 1
    # Subtest: memblock
    1..1
    ok 1 memblock_add_merges
ok 2 memblock
[    0.500000] Pagoda: tests done
"""

NOT_OK = """KTAP version 1
1..1
    KTAP version 1
    # Subtest: buddy
    1..2
    # buddy_merges_freed_buddies: EXPECTATION FAILED at kernel/mm/tests/buddy_test.c:42
    #     Expected nr_free == before, but
    #         nr_free == 12 (0xc)
    ok 1 buddy_splits_to_order
    # buddy_merges_freed_buddies: EXPECTATION FAILED at kernel/mm/tests/buddy_test.c:42
    #     Expected nr_free == before, but
    not ok 2 buddy_merges_freed_buddies
not ok 1 buddy
"""

SKIP = """KTAP version 1
1..1
    KTAP version 1
    # Subtest: numa
    1..2
    ok 1 numa_zonelist_order # SKIP needs 2 nodes
    ok 2 numa_local_first
ok 1 numa
"""

MISSING_PLAN = """KTAP version 1
    KTAP version 1
    # Subtest: buddy
    ok 1 buddy_splits_to_order
ok 1 buddy
"""

TRUNCATED = """KTAP version 1
1..2
    KTAP version 1
    # Subtest: buddy
    1..3
    ok 1 buddy_splits_to_order
    ok 2 buddy_merges_freed_buddies
"""

PANIC = """KTAP version 1
1..1
    KTAP version 1
    # Subtest: slub
    1..2
    ok 1 slub_alloc_free
[    1.000000] Kernel panic - not syncing: corrupted freelist
"""

PARAM = """KTAP version 1
1..1
    KTAP version 1
    # Subtest: buddy
    1..1
        KTAP version 1
        # Subtest: buddy_every_order
        ok 1 order 0
        ok 2 order 1
    ok 1 buddy_every_order
ok 1 buddy
"""


class KtapTest(unittest.TestCase):
    def test_pass(self):
        run = ktap.parse(PASS)
        self.assertEqual(run.errors, [])
        self.assertEqual([s.name for s in run.suites], ['buddy', 'memblock'])
        self.assertEqual([c.full_name() for c in run.cases()],
                         ['buddy.buddy_splits_to_order',
                          'buddy.buddy_merges_freed_buddies',
                          'memblock.memblock_add_merges'])
        self.assertEqual(run.count(ktap.OK), 3)
        self.assertEqual(run.failures(), 0)

    def test_not_ok(self):
        run = ktap.parse(NOT_OK, exit_status=1)
        failed = [c for c in run.cases() if c.status == ktap.NOT_OK]
        self.assertEqual([c.name for c in failed], ['buddy_merges_freed_buddies'])
        self.assertEqual(failed[0].diag[0],
                         'buddy_merges_freed_buddies: EXPECTATION FAILED at '
                         'kernel/mm/tests/buddy_test.c:42')
        self.assertEqual(len(failed[0].diag), 2)
        self.assertTrue(run.errors)
        # The suite's "not ok" and exit status 1 are explained by the case.
        self.assertEqual(run.failures(), 1)

    def test_exit_status_counts_when_all_ok(self):
        run = ktap.parse(PASS, exit_status=1)
        self.assertEqual(run.failures(), 1)

    def test_skip(self):
        run = ktap.parse(SKIP)
        self.assertEqual(run.errors, [])
        self.assertEqual([c.status for c in run.cases()], [ktap.SKIP, ktap.OK])
        self.assertEqual(run.cases()[0].directive, 'SKIP needs 2 nodes')

    def test_missing_plan(self):
        run = ktap.parse(MISSING_PLAN)
        messages = [m for _, m in run.errors]
        self.assertIn('top level: missing plan line', messages)
        self.assertIn('buddy: missing plan line', messages)
        self.assertEqual(run.failures(), 1)

    def test_truncated(self):
        run = ktap.parse(TRUNCATED, timed_out=True)
        messages = ' / '.join(m for _, m in run.errors)
        self.assertIn('output ends inside buddy', messages)
        self.assertIn('buddy: 2 of 3 results', messages)
        self.assertIn('top level: 1 of 2 results', messages)
        self.assertIn('timed out', messages)
        self.assertEqual(run.count(ktap.OK), 2)
        self.assertEqual(run.failures(), 1)

    def test_panic(self):
        run = ktap.parse(PANIC, exit_status=3)
        self.assertTrue(run.panicked)
        messages = [m for _, m in run.errors]
        self.assertIn('kernel panic', messages)
        self.assertIn('QEMU exit status 3 (kernel panic)', messages)

    def test_no_ktap(self):
        run = ktap.parse(BOOT)
        self.assertEqual(len(run.errors), 1)
        self.assertEqual(run.failures(), 1)

    def test_parameterised_case(self):
        run = ktap.parse(PARAM)
        self.assertEqual(run.errors, [])
        case = run.cases()[0]
        self.assertEqual(case.name, 'buddy_every_order')
        self.assertEqual([c.name for c in case.children], ['order 0', 'order 1'])

    def test_streaming_returns_finished_tests(self):
        p = ktap.Parser()
        done = [p.feed(line) for line in PASS.splitlines()]
        names = [t.full_name() for t in done if t is not None]
        self.assertEqual(names, ['buddy.buddy_splits_to_order',
                                 'buddy.buddy_merges_freed_buddies', 'buddy',
                                 'memblock.memblock_add_merges', 'memblock'])


if __name__ == '__main__':
    unittest.main()
