// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of preprocess.hpp (upstream dcc_cpp_maybe and the cpp half of
// dcc_compile_remote).
#include "client/preprocess.hpp"

#include <fcntl.h>
#include <signal.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "common/exec.hpp"
#include "common/log.hpp"
#include "common/strings.hpp"
#include "common/tempfile.hpp"

namespace dcc::client {
namespace {

// Preprocessed sources can be big, but not this big (the wire caps at 4 GiB anyway).
constexpr std::size_t k_max_preprocessed_size = std::size_t(2) << 30;

}  // namespace

PreprocessedSource PreprocessedSource::already_preprocessed(const std::string& input) {
    PreprocessedSource source;
    source.m_path = input;
    return source;
}

Result<PreprocessedSource> PreprocessedSource::start(const std::vector<std::string>& cpp_argv,
                                                     const std::string& tmpdir, const std::string& extension,
                                                     SlotLock cpp_slot) {
    auto temp = make_temp_file(tmpdir, "distcc", extension);
    if (!temp)
        return make_error(temp.error().code, strings::format("can't use TMPDIR \"%s\": %s", tmpdir.c_str(),
                                                             temp.error().message.c_str()));
    UniqueFd null_input(::open("/dev/null", O_RDONLY | O_CLOEXEC));
    exec::SpawnOptions options;
    options.stdin_fd = null_input.get();
    options.stdout_fd = temp->fd.get();
    options.new_process_group = true;
    if (log::enabled(log::Level::debug)) DCC_DEBUG("running preprocessor: %s", strings::join(cpp_argv, " ").c_str());
    auto pid = exec::spawn(cpp_argv, options);
    if (!pid) return std::move(pid).error();
    PreprocessedSource source;
    source.m_path = std::move(temp->path);
    source.m_fd = std::move(temp->fd);
    source.m_pid = *pid;
    source.m_slot = std::move(cpp_slot);
    return source;
}

PreprocessedSource::PreprocessedSource(PreprocessedSource&& other) noexcept
    : m_path(std::move(other.m_path)),
      m_fd(std::move(other.m_fd)),
      m_pid(std::exchange(other.m_pid, -1)),
      m_status(other.m_status),
      m_slot(std::move(other.m_slot)),
      m_drop_first_line(other.m_drop_first_line) {}

PreprocessedSource::~PreprocessedSource() {
    // Only reached with a live child when the job is abandoned (say, a signal is on
    // its way); do not leave a preprocessor writing into a deleted file.
    if (m_pid > 0) {
        ::kill(-m_pid, SIGTERM);
        (void)exec::wait_for(m_pid);
    }
}

Result<int> PreprocessedSource::wait() {
    if (m_status) return *m_status;
    if (m_pid <= 0) return 0;
    auto status = exec::wait_for(m_pid);
    m_pid = -1;
    m_slot.release();
    if (!status) return status;
    m_status = *status;
    DCC_DEBUG("preprocessor %s", exec::describe_status(*status).c_str());
    return *status;
}

Result<MappedFile> PreprocessedSource::map_text() {
    if (!m_fd) return MappedFile::open(m_path, k_max_preprocessed_size);
    return MappedFile::map(m_fd.get(), m_path, k_max_preprocessed_size);
}

std::string_view PreprocessedSource::text(const MappedFile& mapped) const {
    std::string_view text = mapped.view();
    if (!m_drop_first_line.empty() && text.starts_with(m_drop_first_line)) text.remove_prefix(m_drop_first_line.size());
    return text;
}

}  // namespace dcc::client
