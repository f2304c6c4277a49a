"""Self-tests for the runners (qemu.py, run_ktests.py, bench.py; the
grader has its own, test_grade.py).

The runners are pointed at a fake QEMU (PAGODA_QEMU) that prints a canned
console, so these tests need no kernel and take a few seconds.
"""
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import unittest

import machine
import qemu

HERE = os.path.dirname(os.path.abspath(__file__))

# Acts on the kernel command line the way the real kernel would.
FAKE_QEMU = r'''#!/usr/bin/env python3
import os, sys, time
argv = sys.argv
append = argv[argv.index('-append') + 1]
mem = argv[argv.index('-m') + 1]
print('OpenSBI v1.1\r\nBoot HART ID              : 0\r')
print('[    0.000100] Pagoda booting, mem=%s append=%s' % (mem, append))
for i, a in enumerate(argv):
    if a == '-drive':
        print('[    0.000200] drive ' + argv[i + 1])
if 'kunit.enable=1' in append:
    sys.stdout.write(open(os.environ['FAKE_KTAP']).read())
elif 'bench=all' in append:
    print('bench            median\nbuddy_alloc      120 ns')
    print('BENCH buddy_alloc 120 100 150 ns')
    print('BENCH_RATIO pcp_speedup 3.1 2.9 3.3 2.0')
    print('BENCH_RATIO slab_overhead 1.3 1.2 1.4 <=1.1')
elif 'bench=meminit' in append:
    gib = {'128M': 0.125, '1G': 1, '2G': 2}[mem]
    time.sleep(0.05 * gib)
    print('[    0.200000] mem_init_done in %.1f ms' % (50 * gib))
else:
    print('Pagoda: boot complete')
sys.stdout.flush()
if os.environ.get('FAKE_HANG'):
    time.sleep(60)
sys.exit(int(os.environ.get('FAKE_STATUS', '0')))
'''

KTAP_PASS = textwrap.dedent('''\
    KTAP version 1
    1..1
        KTAP version 1
        # Subtest: buddy
        1..2
        ok 1 buddy_splits_to_order
        ok 2 buddy_every_order # SKIP needs 2 nodes
    ok 1 buddy
    ''')

KTAP_FAIL = textwrap.dedent('''\
    KTAP version 1
    1..1
        KTAP version 1
        # Subtest: buddy
        1..2
        ok 1 buddy_splits_to_order
        # buddy_merges_freed_buddies: EXPECTATION FAILED at buddy_test.c:42
        not ok 2 buddy_merges_freed_buddies
    not ok 1 buddy
    ''')


@unittest.skipUnless(any(os.path.isfile(p) for p in qemu.FIRMWARE_PATHS),
                     'OpenSBI firmware not installed')
class RunnerTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        fake = os.path.join(self.dir, 'fake-qemu')
        with open(fake, 'w') as f:
            f.write(FAKE_QEMU)
        os.chmod(fake, 0o755)
        self.kernel = os.path.join(self.dir, 'kernel.bin')
        open(self.kernel, 'w').close()
        self.env = dict(os.environ, PAGODA_QEMU=fake)

    def tearDown(self):
        self.tmp.cleanup()

    def run_tool(self, tool, *args, ktap=None, **env):
        if ktap is not None:
            path = os.path.join(self.dir, 'ktap.txt')
            with open(path, 'w') as f:
                f.write(ktap)
            env['FAKE_KTAP'] = path
        p = subprocess.run([sys.executable, os.path.join(HERE, tool),
                            '--kernel', self.kernel] + list(args),
                           cwd=self.dir, env=dict(self.env, **env),
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True, timeout=60)
        return p.returncode, p.stdout

    def build(self, name):
        return os.path.join(self.dir, 'build', name)

    def test_ktests_pass(self):
        rc, out = self.run_tool('run_ktests.py', '--machines', 'default,numa2',
                                '-j', '2', ktap=KTAP_PASS)
        self.assertEqual(rc, 0, out)
        self.assertIn('default: buddy.buddy_splits_to_order ... ok', out)
        self.assertIn('numa2: buddy.buddy_every_order ... skipped (needs 2 nodes)', out)
        self.assertEqual(out.splitlines()[-1], '2 passed, 0 failed')
        with open(self.build('run_ktests.summary')) as f:
            self.assertEqual(f.read().split(), ['2', '0'])
        with open(self.build('logs/ktest-numa2.log')) as f:
            log = f.read()
        self.assertIn('append=loglevel=5 kunit.enable=1', log)
        self.assertIn('mem=512M', log)

    def test_ktests_scratch_disk(self):
        rc, out = self.run_tool('run_ktests.py', '--machines', 'small',
                                ktap=KTAP_PASS)
        self.assertEqual(rc, 0, out)
        path = os.path.join(self.dir, 'ktest-scratch.img')
        with open(path, 'rb') as f:
            data = f.read()
        self.assertEqual(len(data), 4 << 20)
        self.assertTrue(data.startswith(b'PAGODA-SCRATCH\n'))
        self.assertEqual(data[100 * 512 + 7], (100 * 31 + 7) & 0xff)
        with open(self.build('logs/ktest-small.log')) as f:
            self.assertIn('drive file=%s,if=none,format=raw,id=disk0,snapshot=on'
                          % path, f.read())
        # With a file system image beside the kernel, it is vda and the scratch vdb.
        fs_img = os.path.join(self.dir, 'fs.img')
        open(fs_img, 'w').close()
        rc, out = self.run_tool('run_ktests.py', '--machines', 'small',
                                ktap=KTAP_PASS)
        self.assertEqual(rc, 0, out)
        with open(self.build('logs/ktest-small.log')) as f:
            log = f.read()
        self.assertIn('drive file=%s,if=none,format=raw,id=disk0,snapshot=on' % fs_img, log)
        self.assertIn('drive file=%s,if=none,format=raw,id=disk1,snapshot=on' % path, log)

    def test_ktests_failure_and_filter(self):
        rc, out = self.run_tool('run_ktests.py', '--machines', 'default',
                                '--filter', 'buddy.*', ktap=KTAP_FAIL,
                                FAKE_STATUS='1')
        self.assertEqual(rc, 1)
        self.assertIn('default: buddy.buddy_merges_freed_buddies ... not ok', out)
        self.assertIn('    # buddy_merges_freed_buddies: EXPECTATION FAILED', out)
        self.assertEqual(out.splitlines()[-1], '1 passed, 1 failed')
        with open(self.build('run_ktests.summary')) as f:
            self.assertEqual(f.read().splitlines(),
                             ['1 1', 'default: buddy.buddy_merges_freed_buddies '
                              '(buddy_merges_freed_buddies: EXPECTATION FAILED at '
                              'buddy_test.c:42)'])
        with open(self.build('logs/ktest-default.log')) as f:
            self.assertIn('movablecore=64M kunit.filter_glob=buddy.*', f.read())

    def test_ktests_hang(self):
        rc, out = self.run_tool('run_ktests.py', '--machines', 'small',
                                '--timeout', '2', ktap=KTAP_PASS[:60],
                                FAKE_HANG='1')
        self.assertEqual(rc, 1)
        self.assertIn('small: timed out', out)
        self.assertIn('small: last 30 console lines:', out)
        self.assertEqual(out.splitlines()[-1], '0 passed, 1 failed')
        with open(self.build('run_ktests.summary')) as f:
            self.assertIn('small: timed out', f.read())

    def test_bench(self):
        rc, out = self.run_tool('bench.py', '--sizes', '128M,1G,2G', '--repeat', '1')
        self.assertEqual(rc, 0, out)
        with open(self.build('bench.json')) as f:
            report = json.load(f)
        self.assertEqual(report['bench'][0]['median'], 120.0)
        self.assertEqual([r['pass'] for r in report['ratios']], [True, False])
        self.assertAlmostEqual(report['meminit'][2]['kernel_s']['median'], 0.1)
        self.assertTrue(report['linearity']['pass'])
        self.assertEqual(report['kernel_table'],
                         ['bench            median', 'buddy_alloc      120 ns'])
        self.assertIn('MISS', out)
        # The micro boot's disks: an empty vda, and vdb for bench=swapdisk,
        # written through to the raw file, marked as writable.
        vda = os.path.join(self.dir, 'bench-vda.img')
        vdb = os.path.join(self.dir, 'bench-disk.img')
        with open(self.build('logs/bench-all.log')) as f:
            log = f.read()
        self.assertIn('drive file=%s,if=none,format=raw,id=disk0,snapshot=on' % vda, log)
        self.assertIn('drive file=%s,if=none,format=raw,id=disk1\n' % vdb, log)
        self.assertEqual(os.path.getsize(vdb), 256 << 20)
        with open(vdb, 'rb') as f:
            self.assertEqual(f.read(17), b'PAGODA-BENCHDISK\n')


class QemuCommandTest(unittest.TestCase):
    @unittest.skipUnless(any(os.path.isfile(p) for p in qemu.FIRMWARE_PATHS),
                         'OpenSBI firmware not installed')
    def test_command(self):
        argv = qemu.qemu_command('k.bin', cpus=2, mem='64M', append='a b')
        self.assertEqual(argv[argv.index('-smp') + 1], '2')
        self.assertEqual(argv[argv.index('-append') + 1], 'a b')
        self.assertNotIn('-numa', argv)
        self.assertIn('-no-reboot', argv)

    @unittest.skipUnless(any(os.path.isfile(p) for p in qemu.FIRMWARE_PATHS),
                         'OpenSBI firmware not installed')
    def test_disks(self):
        argv = qemu.qemu_command('k.bin', disks=['fs.img', ('s,1.img', True)])
        self.assertIn('virtio-mmio.force-legacy=false', argv)
        drives = [argv[i + 1] for i, a in enumerate(argv) if a == '-drive']
        self.assertEqual(drives, ['file=fs.img,if=none,format=raw,id=disk0',
                                  'file=s,,1.img,if=none,format=raw,id=disk1,snapshot=on'])
        devices = [argv[i + 1] for i, a in enumerate(argv) if a == '-device']
        self.assertEqual(devices, ['virtio-blk-device,drive=disk0',
                                   'virtio-blk-device,drive=disk1'])
        self.assertRaises(ValueError, qemu.disk_args, ['d.img'] * 9)

    @unittest.skipUnless(any(os.path.isfile(p) for p in qemu.FIRMWARE_PATHS),
                         'OpenSBI firmware not installed')
    def test_machine_disks(self):
        """The root disk is vda, the swap disk vdb (always snapshot=on); the
        build's swap.img is found beside the kernel; None means no swap."""
        def drives(argv):
            return [argv[i + 1] for i, a in enumerate(argv) if a == '-drive']

        with tempfile.TemporaryDirectory() as d:
            kernel = os.path.join(d, 'kernel.bin')
            argv = machine.machine_argv(kernel, fs_img='fs.img', snapshot=False,
                                        swap_img='sw.img')
            self.assertEqual(drives(argv), ['file=fs.img,if=none,format=raw,id=disk0',
                                            'file=sw.img,if=none,format=raw,id=disk1,snapshot=on'])
            auto = machine.machine_argv(kernel, fs_img='fs.img', swap_img=machine.SWAP_AUTO)
            self.assertEqual(len(drives(auto)), 1)          # no swap.img built
            open(os.path.join(d, 'swap.img'), 'w').close()
            auto = machine.machine_argv(kernel, fs_img='fs.img', swap_img=machine.SWAP_AUTO)
            self.assertEqual(drives(auto)[1], 'file=%s,if=none,format=raw,id=disk1,snapshot=on'
                             % os.path.join(d, 'swap.img'))
            self.assertEqual(machine.Machine(kernel, fs_img='fs.img').argv, auto)
            self.assertEqual(len(drives(machine.Machine(kernel, fs_img='fs.img',
                                                        swap_img=None).argv)), 1)
            # Without a root disk, swap would become vda: it is left out.
            self.assertEqual(drives(machine.machine_argv(kernel, swap_img='sw.img')), [])

    def test_numa_split(self):
        args = qemu.numa_args(4, 512 << 20, 2)
        self.assertEqual(args[:4], ['-object', 'memory-backend-ram,id=m0,size=256M',
                                    '-numa', 'node,memdev=m0,cpus=0-1,nodeid=0'])
        self.assertIn('node,memdev=m1,cpus=2-3,nodeid=1', args)
        self.assertIn('dist,src=1,dst=0,val=20', args)
        self.assertRaises(ValueError, qemu.numa_args, 3, 512 << 20, 2)

    def test_sizes(self):
        self.assertEqual(qemu.parse_size('6G'), 6 << 30)
        self.assertEqual(qemu.parse_size('512m'), 512 << 20)
        self.assertRaises(ValueError, qemu.parse_size, 'lots')

    def test_gdb_port(self):
        self.assertTrue(26000 <= qemu.gdb_port() < 31000)


if __name__ == '__main__':
    unittest.main()
