// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of pump_area.hpp.
#include "daemon/pump_area.hpp"

#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "common/cleanup.hpp"
#include "common/strings.hpp"
#include "common/tempfile.hpp"

namespace dcc::daemon {
namespace {

// The area of this process, for remove_current_pump_area().
cleanup::TreeSlot g_current_area;

}  // namespace

Result<PumpArea> PumpArea::create(const std::string& dir) {
    auto path = make_temp_dir(dir, "distccd-pump");  // mode 0700, registered for cleanup
    if (!path) return std::move(path).error();
    PumpArea area;
    area.m_path = std::move(*path);
    g_current_area.set(area.m_path);
    return area;
}

PumpArea::PumpArea(PumpArea&& other) noexcept : m_path(std::exchange(other.m_path, std::string())) {}

PumpArea::~PumpArea() {
    if (m_path.empty()) return;
    g_current_area.clear();
    cleanup::remove_tree(m_path.c_str());
    cleanup::forget(m_path);
}

bool is_writable_tmpfs(const std::string& dir) {
    struct statfs fs {};
    struct stat st {};
    return ::statfs(dir.c_str(), &fs) == 0 && fs.f_type == TMPFS_MAGIC && ::stat(dir.c_str(), &st) == 0 &&
           S_ISDIR(st.st_mode) && ::access(dir.c_str(), W_OK | X_OK) == 0;
}

std::string default_pump_tmpdir() { return is_writable_tmpfs("/dev/shm") ? "/dev/shm" : std::string(); }

Result<std::string> choose_pump_tmpdir(const std::optional<std::string>& option) {
    if (!option) return default_pump_tmpdir();
    if (option->empty()) return std::string();
    struct stat st {};
    const char* why = nullptr;
    if (::stat(option->c_str(), &st) != 0 || (S_ISDIR(st.st_mode) && ::access(option->c_str(), W_OK | X_OK) != 0))
        why = std::strerror(errno);
    else if (!S_ISDIR(st.st_mode))
        why = std::strerror(ENOTDIR);
    if (why) return make_error(ExitCode::bad_arguments, strings::format("--pump-tmpdir %s: %s", option->c_str(), why));
    return *option;
}

void remove_current_pump_area() { g_current_area.remove(); }

}  // namespace dcc::daemon
