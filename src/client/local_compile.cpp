// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of local_compile.hpp (upstream dcc_compile_local and
// dcc_critique_status).
#include "client/local_compile.hpp"

#include <sys/wait.h>

#include <cstring>
#include <string>

#include "common/exec.hpp"
#include "common/log.hpp"
#include "common/strings.hpp"

namespace dcc::client {

Result<int> run_compiler(const std::vector<std::string>& argv) {
    if (log::enabled(log::Level::info)) DCC_INFO("exec on localhost: %s", strings::join(argv, " ").c_str());
    auto pid = exec::spawn(argv, exec::SpawnOptions{});
    if (!pid) return std::move(pid).error();
    return exec::wait_for(*pid);
}

void log_critique(int wait_status, std::string_view command, std::string_view file, std::string_view host) {
    std::string subject = strings::format("%.*s %.*s on %.*s", static_cast<int>(command.size()), command.data(),
                                          file.empty() ? 6 : static_cast<int>(file.size()),
                                          file.empty() ? "(null)" : file.data(), static_cast<int>(host.size()),
                                          host.data());
    log::Level level = exec::critique_is_failure(wait_status) ? log::Level::error : log::Level::info;
    if (log::enabled(level)) log::write(level, nullptr, exec::critique(wait_status, subject));
}

}  // namespace dcc::client
