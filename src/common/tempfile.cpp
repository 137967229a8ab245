// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of tempfile.hpp.
#include "common/tempfile.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <vector>

#include "common/cleanup.hpp"
#include "common/clock.hpp"
#include "common/strings.hpp"

namespace dcc {

Result<TempFile> make_temp_file(const std::string& dir, const std::string& prefix, const std::string& suffix) {
    timespec now = clock::realtime();
    // Same seed as upstream: ((pid << 16) ^ (usec << 16) ^ sec), 32 bits.
    uint32_t random = static_cast<uint32_t>((static_cast<uint64_t>(getpid()) << 16) ^
                                            (static_cast<uint64_t>(now.tv_nsec / 1000) << 16) ^
                                            static_cast<uint64_t>(now.tv_sec));
    for (int attempt = 0; attempt < 1000; ++attempt) {
        std::string path = strings::format("%s/%s_%08x%s", dir.c_str(), prefix.c_str(), random, suffix.c_str());
        int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd >= 0) {
            cleanup::add(path);
            return TempFile{std::move(path), UniqueFd(fd)};
        }
        if (errno != EEXIST)
            return make_error(ExitCode::io_error,
                              strings::format("failed to create temp file %s: %s", path.c_str(), std::strerror(errno)));
        random += 7777;
    }
    return make_error(ExitCode::io_error, "could not find a free temp file name in " + dir);
}

Result<std::string> make_temp_dir(const std::string& dir, const std::string& prefix) {
    std::string pattern = dir + "/" + prefix + "_XXXXXX";
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back('\0');
    if (!mkdtemp(buf.data()))
        return make_error(ExitCode::io_error,
                          strings::format("mkdtemp %s failed: %s", pattern.c_str(), std::strerror(errno)));
    std::string path(buf.data());
    cleanup::add(path, cleanup::Kind::tree);
    return path;
}

}  // namespace dcc
