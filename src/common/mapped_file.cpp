// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of mapped_file.hpp with mmap(2).
#include "common/mapped_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "common/fd.hpp"
#include "common/strings.hpp"

namespace dcc {

MappedFile::MappedFile(MappedFile&& other) noexcept
    : m_data(std::exchange(other.m_data, nullptr)), m_size(std::exchange(other.m_size, 0)) {}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
    if (this != &other) {
        reset();
        m_data = std::exchange(other.m_data, nullptr);
        m_size = std::exchange(other.m_size, 0);
    }
    return *this;
}

MappedFile::~MappedFile() { reset(); }

void MappedFile::reset() {
    if (m_data) ::munmap(m_data, m_size);
    m_data = nullptr;
    m_size = 0;
}

Result<MappedFile> MappedFile::map(int fd, const std::string& name, std::size_t max_size) {
    struct stat st{};
    if (::fstat(fd, &st) != 0)
        return make_error(ExitCode::io_error, strings::format("fstat %s failed: %s", name.c_str(), std::strerror(errno)));
    if (static_cast<unsigned long long>(st.st_size) > max_size)
        return make_error(ExitCode::io_error, strings::format("%s: file of %lld bytes exceeds the limit of %zu",
                                                              name.c_str(), static_cast<long long>(st.st_size), max_size));
    MappedFile mapped;
    if (st.st_size == 0) return mapped;
    void* data = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
    if (data == MAP_FAILED)
        return make_error(ExitCode::io_error, strings::format("mmap %s failed: %s", name.c_str(), std::strerror(errno)));
    mapped.m_data = data;
    mapped.m_size = static_cast<std::size_t>(st.st_size);
    return mapped;
}

Result<MappedFile> MappedFile::open(const std::string& path, std::size_t max_size) {
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd)
        return make_error(errno == ENOENT ? ExitCode::no_such_file : ExitCode::io_error,
                          strings::format("failed to open %s: %s", path.c_str(), std::strerror(errno)));
    return map(fd.get(), path, max_size);
}

}  // namespace dcc
