// SPDX-License-Identifier: GPL-2.0-or-later
// A whole file mapped read-only into memory, for sending large inputs (the client's
// preprocessed source) without copying them through a user-space buffer.  Empty
// files give an empty view without a mapping.  Not for files that another process
// may truncate while they are mapped.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace dcc {

class MappedFile {
public:
    MappedFile() = default;
    MappedFile(MappedFile&& other) noexcept;
    MappedFile& operator=(MappedFile&& other) noexcept;
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    ~MappedFile();

    // Map what `fd` holds (from offset 0); `name` is for messages.  io_error on
    // failure, or when the file is larger than `max_size`.
    static Result<MappedFile> map(int fd, const std::string& name, std::size_t max_size);
    // Open `path` read-only and map it; no_such_file when it does not exist.
    static Result<MappedFile> open(const std::string& path, std::size_t max_size);

    std::string_view view() const { return std::string_view(static_cast<const char*>(m_data), m_size); }
    std::size_t size() const { return m_size; }

private:
    void reset();

    void* m_data = nullptr;
    std::size_t m_size = 0;
};

}  // namespace dcc
