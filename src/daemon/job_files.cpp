// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of job_files.hpp.
#include "daemon/job_files.hpp"

#include <sys/mman.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <utility>

#include "common/cleanup.hpp"
#include "common/log.hpp"
#include "common/strings.hpp"
#include "common/tempfile.hpp"

namespace dcc::daemon {
namespace {

// The directory of the job in progress, for remove_current_job_dir().
char g_current_dir[4096];
std::atomic<bool> g_have_current_dir{false};

void remember_current_dir(const std::string& dir) {
    g_have_current_dir.store(false);
    if (dir.size() >= sizeof g_current_dir) return;
    std::memcpy(g_current_dir, dir.c_str(), dir.size() + 1);
    g_have_current_dir.store(true);
}

Result<UniqueFd> memory_file(const char* name) {
    UniqueFd fd(::memfd_create(name, MFD_CLOEXEC));
    if (!fd)
        return make_error(ExitCode::io_error, strings::format("memfd_create failed: %s", std::strerror(errno)));
    return fd;
}

}  // namespace

Result<JobFiles> JobFiles::create(const std::string& tmpdir, const std::string& input_extension, bool keep) {
    JobFiles files;
    files.m_keep = keep;
    auto out = memory_file("distccd-stdout");
    if (!out) return std::move(out).error();
    auto err = memory_file("distccd-stderr");
    if (!err) return std::move(err).error();
    auto dir = make_temp_dir(tmpdir, "distccd");
    if (!dir) return std::move(dir).error();
    files.m_stdout = std::move(*out);
    files.m_stderr = std::move(*err);
    files.m_dir = std::move(*dir);
    files.m_input_path = files.m_dir + "/input" + input_extension;
    files.m_output_path = files.m_dir + "/output.o";
    log::set_capture_fd(files.m_stderr.get());
    if (!keep) remember_current_dir(files.m_dir);
    return files;
}

JobFiles::JobFiles(JobFiles&& other) noexcept
    : m_dir(std::move(other.m_dir)),
      m_input_path(std::move(other.m_input_path)),
      m_output_path(std::move(other.m_output_path)),
      m_stdout(std::move(other.m_stdout)),
      m_stderr(std::move(other.m_stderr)),
      m_keep(other.m_keep) {
    other.m_dir.clear();
}

JobFiles::~JobFiles() {
    if (m_dir.empty()) return;
    g_have_current_dir.store(false);
    log::set_capture_fd(-1);
    if (!m_keep) cleanup::remove_tree(m_dir.c_str());
    cleanup::forget(m_dir);
}

void remove_current_job_dir() {
    if (g_have_current_dir.exchange(false)) cleanup::remove_tree(g_current_dir);
}

}  // namespace dcc::daemon
