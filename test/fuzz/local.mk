# test/fuzz/local.mk -- libFuzzer targets and the plain replay driver.
# Each target is one LLVMFuzzerTestOneInput.  `make check` replays its seed corpus
# through replay_main.cpp with any compiler; --enable-fuzzers (clang) also builds the
# real fuzzers, run by hand: ./fuzz_request_reader test/fuzz/corpus/request_reader

DCC_FUZZ_CPPFLAGS = $(AM_CPPFLAGS) -DDCC_FUZZ_CORPUS_ROOT='"$(abs_top_srcdir)/test/fuzz/corpus"'

check_PROGRAMS += fuzz_replay_request_reader
TESTS += fuzz_replay_request_reader
fuzz_replay_request_reader_CPPFLAGS = $(DCC_FUZZ_CPPFLAGS) -DDCC_FUZZ_TARGET='"request_reader"'
fuzz_replay_request_reader_SOURCES = %reldir%/replay_main.cpp %reldir%/request_reader_fuzz.cpp
fuzz_replay_request_reader_LDADD = $(DCC_PROTO_LIBS)

if WITH_FUZZERS
noinst_PROGRAMS += fuzz_request_reader
fuzz_request_reader_SOURCES = %reldir%/request_reader_fuzz.cpp
fuzz_request_reader_CXXFLAGS = $(AM_CXXFLAGS) -fsanitize=fuzzer
fuzz_request_reader_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
fuzz_request_reader_LDADD = $(DCC_PROTO_LIBS)
endif

EXTRA_DIST += %reldir%/corpus %reldir%/make_seed_corpus.py %reldir%/run_include_server_fuzzers.sh

# Scanner, response files and argv rewrites (src/compiler); corpus from
# make_scan_args_corpus.py.
check_PROGRAMS += fuzz_replay_scan_args
TESTS += fuzz_replay_scan_args
fuzz_replay_scan_args_CPPFLAGS = $(DCC_FUZZ_CPPFLAGS) -DDCC_FUZZ_TARGET='"scan_args"'
fuzz_replay_scan_args_SOURCES = %reldir%/replay_main.cpp %reldir%/scan_args_fuzz.cpp
fuzz_replay_scan_args_LDADD = $(DCC_COMPILER_LIBS)

if WITH_FUZZERS
noinst_PROGRAMS += fuzz_scan_args
fuzz_scan_args_SOURCES = %reldir%/scan_args_fuzz.cpp
fuzz_scan_args_CXXFLAGS = $(AM_CXXFLAGS) -fsanitize=fuzzer
fuzz_scan_args_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
fuzz_scan_args_LDADD = $(DCC_COMPILER_LIBS)
endif

EXTRA_DIST += %reldir%/make_scan_args_corpus.py

# distccd's request handling (src/daemon): header judgement, argv rewrite, DOTI
# reception; corpus from make_daemon_request_corpus.py.
check_PROGRAMS += fuzz_replay_daemon_request
TESTS += fuzz_replay_daemon_request
fuzz_replay_daemon_request_CPPFLAGS = $(DCC_FUZZ_CPPFLAGS) -DDCC_FUZZ_TARGET='"daemon_request"'
fuzz_replay_daemon_request_SOURCES = %reldir%/replay_main.cpp %reldir%/daemon_request_fuzz.cpp
fuzz_replay_daemon_request_LDADD = $(DCC_DAEMON_LIBS)

if WITH_FUZZERS
noinst_PROGRAMS += fuzz_daemon_request
fuzz_daemon_request_SOURCES = %reldir%/daemon_request_fuzz.cpp
fuzz_daemon_request_CXXFLAGS = $(AM_CXXFLAGS) -fsanitize=fuzzer
fuzz_daemon_request_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
fuzz_daemon_request_LDADD = $(DCC_DAEMON_LIBS)
endif

EXTRA_DIST += %reldir%/make_daemon_request_corpus.py

# The include server's socket request reader (include_server/request.cpp).
check_PROGRAMS += fuzz_replay_include_server_request
TESTS += fuzz_replay_include_server_request
fuzz_replay_include_server_request_CPPFLAGS = $(DCC_FUZZ_CPPFLAGS) -I$(srcdir) \
	-DDCC_FUZZ_TARGET='"include_server_request"'
fuzz_replay_include_server_request_SOURCES = %reldir%/replay_main.cpp %reldir%/include_server_request_fuzz.cpp
fuzz_replay_include_server_request_LDADD = $(DCC_INCLUDE_SERVER_LIBS)

# The include server's directive scanner and macro evaluation.
check_PROGRAMS += fuzz_replay_directive_scanner
TESTS += fuzz_replay_directive_scanner
fuzz_replay_directive_scanner_CPPFLAGS = $(DCC_FUZZ_CPPFLAGS) -I$(srcdir) -DDCC_FUZZ_TARGET='"directive_scanner"'
fuzz_replay_directive_scanner_SOURCES = %reldir%/replay_main.cpp %reldir%/directive_scanner_fuzz.cpp
fuzz_replay_directive_scanner_LDADD = $(DCC_INCLUDE_SERVER_LIBS)

if WITH_FUZZERS
noinst_PROGRAMS += fuzz_include_server_request fuzz_directive_scanner
fuzz_include_server_request_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)
fuzz_include_server_request_SOURCES = %reldir%/include_server_request_fuzz.cpp
fuzz_include_server_request_CXXFLAGS = $(AM_CXXFLAGS) -fsanitize=fuzzer
fuzz_include_server_request_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
fuzz_include_server_request_LDADD = $(DCC_INCLUDE_SERVER_LIBS)
fuzz_directive_scanner_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)
fuzz_directive_scanner_SOURCES = %reldir%/directive_scanner_fuzz.cpp
fuzz_directive_scanner_CXXFLAGS = $(AM_CXXFLAGS) -fsanitize=fuzzer
fuzz_directive_scanner_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
fuzz_directive_scanner_LDADD = $(DCC_INCLUDE_SERVER_LIBS)
endif

# Line-marker names and clang coverage placeholders (src/compiler/source_names.cpp).
check_PROGRAMS += fuzz_replay_source_names
TESTS += fuzz_replay_source_names
fuzz_replay_source_names_CPPFLAGS = $(DCC_FUZZ_CPPFLAGS) -DDCC_FUZZ_TARGET='"source_names"'
fuzz_replay_source_names_SOURCES = %reldir%/replay_main.cpp %reldir%/source_names_fuzz.cpp
fuzz_replay_source_names_LDADD = $(DCC_COMPILER_LIBS)

if WITH_FUZZERS
noinst_PROGRAMS += fuzz_source_names
fuzz_source_names_SOURCES = %reldir%/source_names_fuzz.cpp
fuzz_source_names_CXXFLAGS = $(AM_CXXFLAGS) -fsanitize=fuzzer
fuzz_source_names_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
fuzz_source_names_LDADD = $(DCC_COMPILER_LIBS)
endif
