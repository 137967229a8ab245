"""Comparing object files from a distributed compile with a local one.

`compare(a, b)` answers with one of
  "identical"           byte for byte equal
  "debug-only"          code and data equal; only DWARF sections differ (plain mode with
                        -g where macros expand, see spec README "Object identity")
  "different"           anything else
plus the names of the differing sections, read with a small ELF parser, so that a
test can assert *which* bytes differ and why.
"""
import os
import re
import shutil
import struct
import subprocess
import tempfile


def read(path):
    with open(path, "rb") as f:
        return f.read()


def elf_sections(data):
    """{name: bytes} of an ELF32/ELF64 file; {} if it is not ELF."""
    if data[:4] != b"\x7fELF":
        return {}
    is64 = data[4] == 2
    endian = "<" if data[5] == 1 else ">"
    if is64:
        shoff, = struct.unpack_from(endian + "Q", data, 0x28)
        shentsize, shnum, shstrndx = struct.unpack_from(endian + "HHH", data, 0x3A)
    else:
        shoff, = struct.unpack_from(endian + "I", data, 0x20)
        shentsize, shnum, shstrndx = struct.unpack_from(endian + "HHH", data, 0x2E)
    headers = []
    for i in range(shnum):
        base = shoff + i * shentsize
        if is64:
            name, stype, _flags, _addr, off, size = struct.unpack_from(endian + "IIQQQQ", data, base)
        else:
            name, stype, _flags, _addr, off, size = struct.unpack_from(endian + "IIIIII", data, base)
        headers.append((name, stype, off, size))
    _, _, stroff, strsize = headers[shstrndx]
    strtab = data[stroff:stroff + strsize]
    out = {}
    for name, stype, off, size in headers:
        end = strtab.find(b"\0", name)
        label = strtab[name:end].decode(errors="replace")
        out[label] = b"" if stype == 8 else data[off:off + size]  # SHT_NOBITS has no bytes
    return out


def differing_sections(a, b):
    sa, sb = elf_sections(read(a)), elf_sections(read(b))
    names = sorted(set(sa) | set(sb))
    return [n for n in names if sa.get(n) != sb.get(n)]


def strip_debug(path, out):
    subprocess.run(["objcopy", "--strip-debug", path, out], check=True, timeout=60)


def compare(a, b):
    """(verdict, differing section names) for two object files."""
    da, db = read(a), read(b)
    if da == db:
        return "identical", []
    diff = differing_sections(a, b)
    with tempfile.TemporaryDirectory() as tmp:
        sa, sb = os.path.join(tmp, "a.o"), os.path.join(tmp, "b.o")
        strip_debug(a, sa)
        strip_debug(b, sb)
        if read(sa) == read(sb):
            return "debug-only", diff
    return "different", diff


# DWARF sections whose bytes carry column numbers and may legitimately differ in plain
# mode under -g (gcc -E output moves tokens where macros expand).
# (.debug_abbrev changes when a column attribute needs a wider form; the relocation
# sections follow the DIE offsets.)
COLUMN_SECTIONS = {".debug_info", ".debug_line", ".debug_abbrev", ".rela.debug_info",
                   ".rela.debug_line", ".debug_loclists", ".debug_rnglists",
                   ".rela.debug_loclists", ".rela.debug_rnglists"}


COLUMN_ATTRIBUTES = re.compile(r"DW_AT_(decl|call)_column")
# gcc numbers abbreviations in order of first use, so in a big unit (googletest's
# gmock-all.cc) a column that needs another form renumbers the ones after it.
ABBREV_NUMBER = re.compile(r"Abbrev Number: \d+")
DIE_OFFSETS = re.compile(r"<0x[0-9a-f]+>|<[0-9a-f]+>|\(indirect (line )?string, offset: 0x[0-9a-f]+\)")


def debug_dumps(path):
    """readelf's text of an object's DWARF: (debug info, decoded line table)."""
    return tuple(subprocess.run(["readelf", f"--debug-dump={section}", path], stdout=subprocess.PIPE,
                                text=True, timeout=60, check=True).stdout
                 for section in ("info", "decodedline"))


def dwarf_without_columns(path):
    """The DWARF of an object as text with column numbers and byte offsets removed:
    DIEs with names, files, lines and types (readelf -wi), and the decoded line table
    (file, line, address -- readelf -wL has no columns)."""
    info, lines = debug_dumps(path)
    # Column attributes may change their encoded size (data1 vs data2), which moves
    # every later DIE and changes the unit's length: drop offsets and lengths too.
    kept = [ABBREV_NUMBER.sub("Abbrev Number: N", DIE_OFFSETS.sub("<>", l)) for l in info.splitlines()
            if not COLUMN_ATTRIBUTES.search(l) and not l.strip().startswith("Length:")]
    return "\n".join(kept[1:]) + "\n" + "\n".join(line_rows_without_columns(lines))


def line_rows_without_columns(decoded):
    """Rows of `readelf -wL` as (file, line); a row that repeats the previous row's
    file and line exists only because the column changed, so it is dropped."""
    rows = []
    for text in decoded.splitlines()[1:]:
        words = text.split()
        if len(words) >= 3 and words[1].isdigit() and words[2].startswith("0x"):
            key = f"{words[0]} {words[1]}"
            if rows and rows[-1] == key:
                continue
            rows.append(key)
        elif words and not text.startswith(" "):
            rows.append(text.strip())
    return rows


def compare_modulo_columns(a, b):
    """True when two objects have identical code and data and DWARF that differs only
    in column numbers (the normalisation plain mode needs under -g)."""
    verdict, sections = compare(a, b)
    if verdict == "identical":
        return True
    if verdict != "debug-only" or not set(sections) <= COLUMN_SECTIONS:
        return False
    return dwarf_without_columns(a) == dwarf_without_columns(b)


PRODUCER = re.compile(r"DW_AT_producer")
# readelf writes a string offset of zero as "offset: 0", any other as "offset: 0x..."
STRING_OFFSET = re.compile(r"\(indirect (line )?string, offset: (0x)?[0-9a-f]+\)")


def dwarf_without_producer(path):
    """The DWARF of an object as text (readelf -wi with byte offsets removed, and the
    full decoded line table, columns included) without the DW_AT_producer line."""
    info, lines = debug_dumps(path)
    kept = [DIE_OFFSETS.sub("<>", STRING_OFFSET.sub("<>", l)) for l in info.splitlines()
            if not PRODUCER.search(l) and not l.strip().startswith("Length:")]
    return "\n".join(kept[1:]) + "\n" + "\n".join(lines.splitlines()[1:])


def compare_modulo_producer(a, b):
    """True when two objects have identical code and data and DWARF that differs only
    in DW_AT_producer: what gcc's warning-faithful plain mode gives under -g, where
    the server's gcc records -fdirectives-only (doc/client.md §9.1)."""
    verdict, sections = compare(a, b)
    if verdict == "identical":
        return True
    if verdict != "debug-only" or not set(sections) <= {".debug_str", ".rela.debug_info", ".debug_info"}:
        return False
    return dwarf_without_producer(a) == dwarf_without_producer(b)


def split_dwarf_without_producer(path):
    """A .dwo's DWARF as llvm-dwarfdump prints it, without DW_AT_producer and the
    first line (the file name); None without llvm-dwarfdump.  readelf cannot be used:
    it resolves a lone .dwo's indexed strings against the wrong table."""
    dwarfdump = shutil.which("llvm-dwarfdump") or shutil.which("llvm-dwarfdump-14")
    if not dwarfdump:
        return None
    text = subprocess.run([dwarfdump, "--debug-info", path], stdout=subprocess.PIPE, text=True, timeout=60,
                          check=True).stdout
    return "\n".join(l for l in text.splitlines()[1:] if not PRODUCER.search(l))


def compare_dwo_modulo_producer(a, b):
    """True when two .dwo files are identical but for DW_AT_producer (and the string
    table offsets that follow from its length): faithful mode under -gsplit-dwarf.
    Raises RuntimeError without llvm-dwarfdump."""
    if read(a) == read(b):
        return True
    if not set(differing_sections(a, b)) <= {".debug_info.dwo", ".debug_str.dwo", ".debug_str_offsets.dwo"}:
        return False
    text_a, text_b = split_dwarf_without_producer(a), split_dwarf_without_producer(b)
    if text_a is None:
        raise RuntimeError("llvm-dwarfdump is not installed")
    return text_a == text_b


def assert_same_object(distributed, local, allow_debug_columns=False):
    """Assert two objects match: byte-identical, or (when allowed) equal in code and
    data with DWARF differing only in column numbers.  The message names the differing
    sections."""
    verdict, diff = compare(distributed, local)
    if verdict == "identical":
        return verdict
    if allow_debug_columns and verdict == "debug-only" and compare_modulo_columns(distributed, local):
        return "columns-only"
    raise AssertionError(f"{distributed} vs {local}: {verdict}; differing sections: {diff}")
