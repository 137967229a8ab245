// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of job_files.hpp.
#include "daemon/job_files.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "common/cleanup.hpp"
#include "common/log.hpp"
#include "common/strings.hpp"
#include "common/tempfile.hpp"

namespace dcc::daemon {
namespace {

// The work directory of this process, for remove_current_job_dir().
cleanup::TreeSlot g_current_dir;

Result<UniqueFd> memory_file(const char* name) {
    UniqueFd fd(::memfd_create(name, MFD_CLOEXEC));
    if (!fd)
        return make_error(ExitCode::io_error, strings::format("memfd_create failed: %s", std::strerror(errno)));
    return fd;
}

// Cut a reused stream back to empty at offset 0; one that cannot be is dropped
// (streams() makes a new one).
void empty_stream(UniqueFd& fd) {
    struct stat st{};
    if (!fd || (::fstat(fd.get(), &st) == 0 && st.st_size == 0)) return;
    if (::ftruncate(fd.get(), 0) != 0 || ::lseek(fd.get(), 0, SEEK_SET) != 0) fd.reset();
}

// Input files are reused from job to job (see open_input).
bool is_reusable_input(const dirent* entry) {
    return entry->d_type == DT_REG && std::strncmp(entry->d_name, "input.", 6) == 0;
}

}  // namespace

Result<WorkDir> WorkDir::create(const std::string& tmpdir, bool keep) {
    auto path = make_temp_dir(tmpdir, "distccd");
    if (!path) return std::move(path).error();
    WorkDir dir;
    dir.m_path = std::move(*path);
    dir.m_keep = keep;
    int fd = ::open(dir.m_path.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    dir.m_stream = fd >= 0 ? ::fdopendir(fd) : nullptr;
    if (!dir.m_stream) {
        if (fd >= 0) ::close(fd);
        return make_error(ExitCode::io_error,
                          strings::format("cannot open %s: %s", dir.m_path.c_str(), std::strerror(errno)));
    }
    if (!keep) g_current_dir.set(dir.m_path);
    return dir;
}

WorkDir::WorkDir(WorkDir&& other) noexcept
    : m_path(std::move(other.m_path)),
      m_stream(std::exchange(other.m_stream, nullptr)),
      m_keep(other.m_keep),
      m_stdout(std::move(other.m_stdout)),
      m_stderr(std::move(other.m_stderr)) {
    other.m_path.clear();
}

WorkDir::~WorkDir() {
    if (m_stream) ::closedir(m_stream);
    if (m_path.empty()) return;
    if (!m_keep) {
        g_current_dir.clear();
        cleanup::remove_tree(m_path.c_str());
    }
    cleanup::forget(m_path);
}

Result<WorkDir::Streams> WorkDir::streams() {
    if (!m_stdout) {
        auto out = memory_file("distccd-stdout");
        if (!out) return std::move(out).error();
        m_stdout = std::move(*out);
    }
    if (!m_stderr) {
        auto err = memory_file("distccd-stderr");
        if (!err) return std::move(err).error();
        m_stderr = std::move(*err);
    }
    return Streams{m_stdout.get(), m_stderr.get()};
}

void WorkDir::clear(Sweep sweep) {
    if (sweep == Sweep::full) {
        m_stdout.reset();
        m_stderr.reset();
    } else {
        empty_stream(m_stdout);
        empty_stream(m_stderr);
    }
    if (m_keep) return;
    int fd = ::dirfd(m_stream);
    if (sweep == Sweep::output_only && ++m_light_sweeps < k_full_sweep_interval) {
        ::unlinkat(fd, k_output_name, 0);
        return;
    }
    m_light_sweeps = 0;
    ::rewinddir(m_stream);
    while (const dirent* entry = ::readdir(m_stream)) {
        if (is_reusable_input(entry) || std::strcmp(entry->d_name, ".") == 0 || std::strcmp(entry->d_name, "..") == 0)
            continue;
        if (::unlinkat(fd, entry->d_name, 0) != 0 && errno == EISDIR)
            cleanup::remove_tree((m_path + "/" + entry->d_name).c_str());
    }
}

Result<JobFiles> JobFiles::create(WorkDir& dir, const std::string& input_extension) {
    auto streams = dir.streams();
    if (!streams) return std::move(streams).error();
    JobFiles files;
    files.m_dir = &dir;
    files.m_stdout = streams->out;
    files.m_stderr = streams->err;
    files.m_input_path = dir.path() + "/input" + input_extension;
    files.m_output_path = dir.path() + "/" + WorkDir::k_output_name;
    log::set_capture_fd(files.m_stderr);
    return files;
}

JobFiles::JobFiles(JobFiles&& other) noexcept
    : m_dir(std::exchange(other.m_dir, nullptr)),
      m_input_path(std::move(other.m_input_path)),
      m_output_path(std::move(other.m_output_path)),
      m_stdout(other.m_stdout),
      m_stderr(other.m_stderr),
      m_sweep(other.m_sweep) {}

JobFiles::~JobFiles() {
    if (!m_dir) return;
    log::set_capture_fd(-1);
    m_dir->clear(m_sweep);
}

Result<JobFiles::Input> JobFiles::open_input() const {
    // The file of the previous job with this extension is overwritten in place and cut
    // to length afterwards (finish_input): creating and deleting a file per job, or
    // truncating one to zero (which makes ext4 flush it on close), costs the daemon
    // far more.  Never through a symlink, never a file linked elsewhere, and never
    // waiting on a FIFO a compiler left in its place (O_NONBLOCK: no reader, ENXIO).
    UniqueFd fd(::open(m_input_path.c_str(), O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0600));
    struct stat st{};
    if (fd && (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_nlink != 1)) fd.reset();
    if (!fd) {
        st = {};
        ::unlink(m_input_path.c_str());
        fd.reset(::open(m_input_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
    }
    if (!fd)
        return make_error(ExitCode::io_error,
                          strings::format("cannot create %s: %s", m_input_path.c_str(), std::strerror(errno)));
    return Input{std::move(fd), S_ISREG(st.st_mode) ? static_cast<std::size_t>(st.st_size) : 0};
}

Status JobFiles::finish_input(const Input& input, std::size_t size) const {
    if (size < input.previous_size && ::ftruncate(input.fd.get(), static_cast<off_t>(size)) != 0)
        return make_error(ExitCode::io_error,
                          strings::format("cannot truncate %s: %s", m_input_path.c_str(), std::strerror(errno)));
    return {};
}

void remove_current_job_dir() { g_current_dir.remove(); }

}  // namespace dcc::daemon
