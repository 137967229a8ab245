// SPDX-License-Identifier: GPL-2.0-or-later
// CompressedFiles: the LZO copies of closure files under the client root
// (doc/include-server.md, "The client root"), upstream's compress_files.py.  A file
// reached only relatively becomes <root><realpath>.lzo; one reached through an
// absolute search directory becomes <root><realpath>.lzo.abs and starts with
// `#line 1 "<searchdir><includepath>"` so the server's diagnostics name the client
// path.  Each copy is written once per generation, through a temporary name and a
// rename, so no client ever reads half of one.
//
// Naming the copies (and creating their directories) belongs to the serial
// analysis; writing them does not (doc/include-server.md, "Answering a request"):
// compress() claims each new copy for the request that first needs it, and
// write_copies() -- called outside the analysis lock -- writes the request's own
// claims and then waits for copies its closure shares with requests still writing.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/result.hpp"
#include "include_server/caches.hpp"
#include "include_server/path_mirror.hpp"

namespace dcc::include_server {

// One file of a request's closure: its realpath and, when it was reached through
// an absolute search directory, the first such (searchdir, includepath).
struct ClosureFile {
    Id realpath = 0;
    std::optional<FilePair> absolute_pair;
};

// The LZO stream of a file's bytes; an empty file gives the 3-byte end marker.
std::string compress_for_mirror(std::string_view contents);

// A copy's identity within a generation: the realpath id and whether it is the
// ".lzo.abs" variant.
using CopyKey = uint64_t;

// The state of every copy of one generation, shared by the analysis (which claims)
// and the workers writing copies.  Thread-safe.
class CopyBoard {
public:
    // Register a copy `key` claimed by a request, not yet written.
    void claim(CopyKey key);
    // The claimant's outcome: wakes every waiter.
    void settle(CopyKey key, bool written);
    // Blocks until every one of `keys` is settled; false when one could not be written.
    bool wait(const std::vector<CopyKey>& keys);

private:
    enum class State { writing, written, failed };
    std::mutex m_mutex;
    std::condition_variable m_settled;
    std::unordered_map<CopyKey, State> m_states;
    // Claims not settled yet, and whether any failed: with none pending and no
    // failure, wait() needs no lock.
    std::atomic<uint64_t> m_pending{0};
    std::atomic<bool> m_failed{false};
};

// One copy a request must write: its path, the file it holds and the text put
// before the file's bytes.
struct CopyTask {
    CopyKey key = 0;
    std::string mirror_path;
    std::string source;
    std::string prefix;
};

// The copies behind one reply.
struct CopyPlan {
    std::shared_ptr<CopyBoard> board;
    std::vector<CopyTask> to_write;    // claimed by this request
    std::vector<CopyKey> to_wait_for;  // claimed earlier, maybe still being written
    bool empty() const { return to_write.empty() && to_wait_for.empty(); }
};

// Write the plan's own copies, then wait for the others.  Failing to read or write
// a file is fatal; every claim of the plan is settled whatever happens, so no
// waiter hangs.
Status write_copies(FileSystem& fs, const CopyPlan& plan);

class CompressedFiles {
public:
    CompressedFiles(Caches& caches, PathMirror& mirror)
        : m_caches(caches), m_mirror(mirror), m_board(std::make_shared<CopyBoard>()) {}

    struct Copies {
        std::vector<std::string> paths;  // the mirror paths of the closure, in order
        CopyPlan plan;
    };
    // Name the copies of `closure`, create the directories of new ones and claim
    // them (under the analysis lock).  Failing to create a directory is fatal.
    Result<Copies> compress(const std::vector<ClosureFile>& closure, Id cwd);

    // Copies claimed so far in this generation.
    uint64_t files_written() const { return m_claimed.size(); }

private:
    Result<CopyTask> task_for(CopyKey key, std::string mirror_path, const ClosureFile& file, Id cwd);

    Caches& m_caches;
    PathMirror& m_mirror;
    std::shared_ptr<CopyBoard> m_board;
    std::unordered_set<CopyKey> m_claimed;  // read and written under the analysis lock only
};

}  // namespace dcc::include_server
