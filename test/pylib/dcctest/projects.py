"""projects -- real projects whose sources Debian ships, as build corpora.

  Libiberty    GNU libiberty (C, autoconf, 66 objects) from binutils-source's
               tarball (/usr/src/binutils/binutils-*.tar.xz): configure once, then
               `make CC=...`.
  Googletest   googletest + googlemock (C++, CMake, 4 heavy objects with -MD -MF .d
               files) from /usr/src/googletest (package googletest, pulled in by
               libgtest-dev), built through CMAKE_{C,CXX}_COMPILER_LAUNCHER.

Each is prepared and built locally once at a fixed path; build(...) then rebuilds it
through distcc at the same path (DW_AT_comp_dir and every absolute path match) and
returns the make result, for outputs.compare_objects/compare_deps against
`self.local`.  What it deliberately does not do: judge the results.
"""
import glob
import os
import shutil

from . import procs, trees


class Unavailable(Exception):
    """The project's sources or tools are not installed (the message says what to
    install)."""


def _run(argv, cwd, env=None, timeout=600):
    r = procs.run(argv, cwd=cwd, env=env, timeout=timeout)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} in {cwd} failed ({r.returncode}):\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}")
    return r


class Libiberty:
    name = "libiberty"
    objects = 66
    MEMBERS = ("libiberty", "include", "config", "install-sh", "config.guess", "config.sub",
               "mkinstalldirs", "move-if-change")

    def __init__(self, base, jobs=2):
        tarballs = sorted(glob.glob("/usr/src/binutils/binutils-*.tar.xz"))
        if not tarballs:
            raise Unavailable("binutils-source is not installed (apt-get install binutils-source)")
        top = os.path.basename(tarballs[-1])[:-len(".tar.xz")]
        _run(["tar", "-xJf", tarballs[-1], *(f"{top}/{m}" for m in self.MEMBERS)], cwd=base)
        self.path = os.path.join(base, top, "libiberty")
        self.local = os.path.join(base, "libiberty.local")
        _run(["./configure", "-q", "CC=gcc"], cwd=self.path)
        self.local_result = _run(["make", f"-j{jobs}"], cwd=self.path)
        trees.collect_outputs(self.path, self.local)
        self._clean()

    def _clean(self):
        _run(["make", "clean"], cwd=self.path)

    def build(self, client, env, jobs=4):
        self._clean()
        return trees.make(self.path, [f"CC={client} gcc"], env=env, jobs=jobs, timeout=600)


class Googletest:
    name = "googletest"
    objects = 4
    SOURCE = "/usr/src/googletest"

    def __init__(self, base, jobs=2):
        if not os.path.isfile(os.path.join(self.SOURCE, "CMakeLists.txt")):
            raise Unavailable("googletest sources are not installed (apt-get install googletest)")
        if not procs.tool_exists("cmake"):
            raise Unavailable("cmake is not installed (apt-get install cmake)")
        self.source = os.path.join(base, "googletest")
        shutil.copytree(self.SOURCE, self.source)
        self.path = os.path.join(base, "googletest-build")
        self.local = self.path + ".local"
        self._configure([])
        self.local_result = _run(["make", f"-j{jobs}"], cwd=self.path)
        trees.collect_outputs(self.path, self.local)

    def _configure(self, extra, env=None):
        shutil.rmtree(self.path, ignore_errors=True)
        os.makedirs(self.path)
        # Debug (-g): the same distcc paths as -O2 at a third of the compile time.
        _run(["cmake", "-S", self.source, "-B", self.path, "-DCMAKE_BUILD_TYPE=Debug", *extra],
             cwd=self.path, env=env)

    def build(self, client, env, jobs=4):
        self._configure([f"-DCMAKE_C_COMPILER_LAUNCHER={client}",
                         f"-DCMAKE_CXX_COMPILER_LAUNCHER={client}"], env=env)
        return trees.make(self.path, [], env=env, jobs=jobs, timeout=600)
