// SPDX-License-Identifier: GPL-2.0-or-later
// bench/sleep-cc: the "compiler" of the scale benchmark, copied under a real
// compiler's name into a directory first on each distccd's PATH.  It sleeps for the
// milliseconds written in `sleep_ms` beside it, then copies `template.o` (also
// beside it) to the file named by -o, so the daemon returns a real object while
// using next to no CPU.  It parses nothing else and never compiles anything.
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "common/files.hpp"
#include "common/path.hpp"
#include "common/strings.hpp"

namespace {

using namespace dcc;

constexpr std::size_t k_max_template = 1 << 20;

std::string own_dir() {
    char buf[4096];
    ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
    return n > 0 ? path::dirname(std::string_view(buf, static_cast<std::size_t>(n))) : std::string(".");
}

void sleep_ms(long ms) {
    struct timespec delay{ms / 1000, (ms % 1000) * 1000000L};
    while (::nanosleep(&delay, &delay) != 0 && errno == EINTR) {
    }
}

}  // namespace

int main(int argc, char** argv) {
    std::string dir = own_dir();
    const char* output = nullptr;
    for (int i = 1; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], "-o") == 0) output = argv[i + 1];
    auto delay = files::read_file(path::join(dir, "sleep_ms"), 64);
    auto object = files::read_file(path::join(dir, "template.o"), k_max_template);
    if (!delay || !object || !output) {
        std::fprintf(stderr, "sleep-cc: needs sleep_ms and template.o in %s and an -o argument\n", dir.c_str());
        return 1;
    }
    sleep_ms(strings::atoi_like(*delay));
    auto written = files::write_file(output, *object);
    if (!written) {
        std::fprintf(stderr, "sleep-cc: %s\n", written.error().message.c_str());
        return 1;
    }
    return 0;
}
