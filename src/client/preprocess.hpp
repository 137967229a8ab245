// SPDX-License-Identifier: GPL-2.0-or-later
// The translation unit a plain-mode job sends as DOTI (doc/client.md §9): either
// the output of the local preprocessor, started in the background under a local cpp
// slot so it overlaps with connecting, or the input itself when it is already
// preprocessed (.i, .ii, .mi, .mii).  Started once per job, however many hosts are
// tried.  Which command to run comes from compiler/client_argv.hpp; a faithful style
// may name a first line to leave out of the text (doc/client.md §9.1).
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "client/lock_store.hpp"
#include "common/fd.hpp"
#include "common/mapped_file.hpp"
#include "common/result.hpp"

namespace dcc::client {

class PreprocessedSource {
public:
    // Use `input` as it is.
    static PreprocessedSource already_preprocessed(const std::string& input);

    // Run `cpp_argv` with stdin /dev/null and stdout to a new temp file
    // `<tmpdir>/distcc_XXXXXXXX<extension>`, in its own process group.  `cpp_slot` is
    // held until the preprocessor has finished.
    static Result<PreprocessedSource> start(const std::vector<std::string>& cpp_argv, const std::string& tmpdir,
                                            const std::string& extension, SlotLock cpp_slot);

    // text() leaves out `line` when the output starts with it.
    void drop_first_line(std::string_view line) { m_drop_first_line = line; }

    PreprocessedSource(PreprocessedSource&& other) noexcept;
    PreprocessedSource& operator=(PreprocessedSource&& other) noexcept = delete;
    ~PreprocessedSource();

    bool runs_preprocessor() const { return m_pid > 0 || m_status.has_value(); }
    // Wait for the preprocessor (once; later calls return the same status) and release
    // the cpp slot.  0 for an already-preprocessed input.
    Result<int> wait();
    // The whole output, mapped (no copy), after a successful wait().
    Result<MappedFile> map_text();
    // What to send of the mapped output: all of it but the line drop_first_line names.
    std::string_view text(const MappedFile& mapped) const;

private:
    PreprocessedSource() = default;

    std::string m_path;
    UniqueFd m_fd;  // the temp file (read back after the preprocessor exits)
    pid_t m_pid = -1;
    std::optional<int> m_status;
    SlotLock m_slot;
    std::string_view m_drop_first_line;
};

}  // namespace dcc::client
