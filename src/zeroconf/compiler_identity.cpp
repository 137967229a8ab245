// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of compiler_identity.hpp.
#include "zeroconf/compiler_identity.hpp"

#include <fcntl.h>
#include <unistd.h>

#include "common/exec.hpp"
#include "common/fd.hpp"
#include "common/io.hpp"
#include "common/log.hpp"

namespace dcc::zeroconf {
namespace {

// Plenty for one version or triple; the rest of a chatty output is not read.
constexpr std::size_t k_max_output = 4096;
constexpr int k_read_timeout_ms = 30 * 1000;

}  // namespace

std::optional<std::string> command_first_word(const std::vector<std::string>& argv) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return std::nullopt;
    UniqueFd read_end(fds[0]), write_end(fds[1]);
    UniqueFd null(::open("/dev/null", O_RDWR | O_CLOEXEC));
    exec::SpawnOptions options;
    options.stdin_fd = null.get();
    options.stdout_fd = write_end.get();
    options.stderr_fd = null.get();
    auto pid = exec::spawn(argv, options);
    write_end.reset();
    if (!pid) {
        DCC_WARNING("Failed to read string from C compiler: %s", pid.error().message.c_str());
        return std::nullopt;
    }
    std::string output;
    char buffer[512];
    while (output.size() < k_max_output) {
        auto n = io::read_some(read_end.get(), buffer, sizeof buffer, k_read_timeout_ms);
        if (!n || *n == 0) break;
        output.append(buffer, *n);
    }
    read_end.reset();  // a child still writing gets EPIPE rather than blocking us
    (void)exec::wait_for(*pid);
    return first_word(output);
}

CompilerIdentity query_compiler_identity(const std::string& compiler) {
    return CompilerIdentity{command_first_word({compiler, "-dumpversion"}),
                            command_first_word({compiler, "-dumpmachine"})};
}

}  // namespace dcc::zeroconf
