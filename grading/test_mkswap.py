"""Host-side tests of mkfs/mkswap.c (no kernel needed).

The header mkswap writes is read back here byte by byte, at the offsets
of Linux's union swap_header (include/linux/swap.h) that the kernel's
read_swap_header (kernel/mm/swapfile.c) checks: version 1, last_page,
nr_badpages 0, a version 4 UUID, the label, "SWAPSPACE2" in the last ten
bytes of page 0. The image must be sparse, and bad sizes and paths must
fail with a message and exit status 1, leaving nothing behind.

    python3 -m unittest grading.test_mkswap   (or with the other grading/test_*.py)
"""
import os
import shutil
import struct
import subprocess
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
HOST_CC = shutil.which('gcc') or shutil.which('cc')

PAGE = 4096
MIB = 1 << 20
MAGIC = b'SWAPSPACE2'


def header(path):
    """The fields of page 0 of a swap area."""
    with open(path, 'rb') as f:
        page = f.read(PAGE)
    version, last_page, nr_bad = struct.unpack_from('<3I', page, 1024)
    return {'boot': page[:1024], 'version': version, 'last_page': last_page,
            'nr_badpages': nr_bad, 'uuid': page[1036:1052], 'label': page[1052:1068],
            'rest': page[1068:PAGE - 10], 'magic': page[PAGE - 10:]}


@unittest.skipUnless(HOST_CC, 'no host C compiler')
class MkswapTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix='pagoda-mkswap-test-')
        cls.mkswap = os.path.join(cls.tmp, 'mkswap')
        subprocess.run([HOST_CC, '-std=gnu11', '-O2', '-Wall', '-Wextra', '-Werror',
                        '-o', cls.mkswap, os.path.join(TOP, 'mkfs/mkswap.c')], check=True)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def run_mkswap(self, *args):
        return subprocess.run([self.mkswap] + list(args), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, universal_newlines=True, timeout=30)

    def path(self, name):
        p = os.path.join(self.tmp, name)
        if os.path.exists(p):
            os.remove(p)
        return p

    def test_header_fields(self):
        img = self.path('h.img')
        r = self.run_mkswap('-s', '16', img)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(os.path.getsize(img), 16 * MIB)
        h = header(img)
        self.assertEqual(h['version'], 1)
        self.assertEqual(h['last_page'], 16 * MIB // PAGE - 1)
        self.assertEqual(h['nr_badpages'], 0)
        self.assertEqual(h['magic'], MAGIC)
        self.assertEqual(h['boot'], bytes(1024))
        self.assertEqual(h['label'], bytes(16))
        self.assertEqual(h['rest'], bytes(len(h['rest'])))
        # A version 4 (random) UUID of the RFC 4122 variant, and printed.
        self.assertEqual(h['uuid'][6] >> 4, 4)
        self.assertEqual(h['uuid'][8] >> 6, 2)
        self.assertIn('UUID=' + h['uuid'][:4].hex(), r.stdout)
        self.assertIn('no label', r.stdout)
        # The usable size is the area less its header page.
        self.assertIn('size = %d KiB' % (16 * 1024 - 4), r.stdout)

    def test_uuids_differ(self):
        a, b = self.path('u1.img'), self.path('u2.img')
        self.assertEqual(self.run_mkswap('-s', '1', a).returncode, 0)
        self.assertEqual(self.run_mkswap('-s', '1', b).returncode, 0)
        self.assertNotEqual(header(a)['uuid'], header(b)['uuid'])

    def test_label(self):
        img = self.path('l.img')
        r = self.run_mkswap('-L', 'pagoda-swap', '-s', '1', img)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(header(img)['label'], b'pagoda-swap'.ljust(16, b'\0'))
        self.assertIn('LABEL=pagoda-swap', r.stdout)
        # Linux's label field is 16 bytes: a longer one is cut, with a warning.
        r = self.run_mkswap('-L', 'x' * 20, '-s', '1', img)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(header(img)['label'], b'x' * 16)
        self.assertIn('warning', r.stderr)

    def test_sparse(self):
        img = self.path('sparse.img')
        self.assertEqual(self.run_mkswap('-s', '1024', img).returncode, 0)
        st = os.stat(img)
        self.assertEqual(st.st_size, 1024 * MIB)
        # One page written; a host file system may round up a little.
        self.assertLess(st.st_blocks * 512, MIB)

    def test_suffixes_and_resizing(self):
        img = self.path('s.img')
        for arg, size in (('512K', 512 << 10), ('2M', 2 * MIB), ('3MiB', 3 * MIB),
                          ('1G', 1024 * MIB), ('8', 8 * MIB)):
            r = self.run_mkswap('-s', arg, img)
            self.assertEqual(r.returncode, 0, r.stderr)
            # Cut or grown to exactly the size asked for, even from a bigger file.
            self.assertEqual(os.path.getsize(img), size, arg)
            self.assertEqual(header(img)['last_page'], size // PAGE - 1, arg)

    def test_existing_file_without_size(self):
        img = self.path('e.img')
        with open(img, 'wb') as f:
            f.write(b'\xff' * (40 * PAGE + 100))   # a partial last page is left out
        r = self.run_mkswap(img)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(os.path.getsize(img), 40 * PAGE + 100)
        h = header(img)
        self.assertEqual(h['last_page'], 39)
        self.assertEqual(h['boot'], bytes(1024))    # old bytes of page 0 are gone
        self.assertEqual(h['magic'], MAGIC)

    def test_bad_sizes(self):
        img = self.path('bad.img')
        for arg in ('0', 'abc', '-5', '12x', '1.5', '', '20K', '99999999999999999999',
                    '99999999T', '17000000G'):
            r = self.run_mkswap('-s', arg, img)
            self.assertEqual(r.returncode, 1, 'mkswap -s %r exited %d' % (arg, r.returncode))
            self.assertIn('size', r.stderr, arg)
            self.assertFalse(os.path.exists(img), 'mkswap -s %r made the file' % arg)

    def test_too_small_existing_file(self):
        img = self.path('tiny.img')
        with open(img, 'wb') as f:
            f.write(bytes(9 * PAGE))
        r = self.run_mkswap(img)
        self.assertEqual(r.returncode, 1)
        self.assertIn('too small', r.stderr)
        with open(img, 'rb') as f:
            self.assertEqual(f.read(), bytes(9 * PAGE))    # left alone

    def test_unwritable_paths(self):
        for path, why in ((os.path.join(self.tmp, 'no', 'such', 'dir.img'), 'No such file'),
                          (self.tmp, 'directory'),
                          (os.path.join(self.tmp, 'missing.img'), 'No such file')):
            args = ['-s', '1', path] if 'missing' not in path else [path]
            r = self.run_mkswap(*args)
            self.assertEqual(r.returncode, 1, path)
            self.assertIn(why, r.stderr)
            self.assertTrue(r.stderr.startswith('mkswap: '), r.stderr)

    def test_usage(self):
        for args in ([], ['-s'], ['-q', 'x.img'], ['a.img', 'b.img']):
            r = self.run_mkswap(*args)
            self.assertEqual(r.returncode, 1, args)
            self.assertIn('usage: mkswap', r.stderr)


if __name__ == '__main__':
    unittest.main()
