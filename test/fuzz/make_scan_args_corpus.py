#!/usr/bin/env python3
"""make_scan_args_corpus.py -- regenerate test/fuzz/corpus/scan_args.

Each seed is NUL-separated: the text of the response file "rsp" first, then the argv
words.  The commands are the scanner's test vectors (doc/client.md §3 and commands
run against Debian's distcc 3.4).  Run from the source tree's top.
"""
import os

OUT = "test/fuzz/corpus/scan_args"
DOTD = "/tmp/distccd_out.o: /tmp/distccd_root/src/x.c \\\n /tmp/distccd_root/inc/h.h\n"
COMMANDS = [
    "gcc -c hello.c",
    "gcc hello.c",
    "gcc -o /tmp/hello.o -c ../src/hello.c",
    "gcc -DMYNAME=quasibar.c bar.c -c -o bar.o",
    "gcc -ohello.o -c hello.c",
    "ccache gcc -c hello.c",
    "gcc -S hello.c",
    "gcc -c -S hello.c",
    "gcc -M hello.c",
    "gcc -MD -c hello.c -MT t -MF x.d",
    "gcc -S foo.c -o -",
    "gcc -Wa,-alh,-a=foo.lst -c foo.c",
    "gcc -x assembler-with-cpp -c foo.c",
    "gcc -xc++ c++ -c foo.c",
    "gcc -Wp,-MD,.deps/x.pp -Wp,,,-DA -include ../config-defs.h -c hello.c",
    "gcc -I/abs/inc -iquote /q -iwithprefixbefore /x -c /abs/src/x.c -o x.o -MD -MT x.o",
    "gcc -c a.c b.o",
    "gcc -c conftest.c",
    "clang -c x.c -o x.o -target x86_64-linux-gnu",
    "gcc @rsp -c x.c",
    "gcc @dir -c x.c",
    "-c hello.c",
]
RESPONSES = {
    "rsp_quotes": ("-DA='x y' \"-DB=1 2\" -DC=a\\ b -c x.c", "gcc @rsp"),
    "rsp_nested": ("-O2 @rsp", "gcc @rsp -c x.c"),
    "rsp_unterminated": ("a '' b \"\" c 'unterminated x\n", "gcc @rsp -c x.c"),
}
os.makedirs(OUT, exist_ok=True)
for i, command in enumerate(COMMANDS):
    with open(os.path.join(OUT, "cmd_%02d" % i), "wb") as f:
        f.write(("\0".join([DOTD] + command.split(" "))).encode())
for name, (text, command) in RESPONSES.items():
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(("\0".join([text] + command.split(" "))).encode())
