// SPDX-License-Identifier: GPL-2.0-or-later
// The process-wide list of temporary paths to delete at exit and on fatal signals.
// Registration allocates; running the list does not, so it is safe inside a signal
// handler.  Directories registered with `remove_tree` are emptied recursively with
// raw syscalls.  Honours "keep temps" (DISTCC_SAVE_TEMPS) as a flag the program sets.
#pragma once

#include <atomic>
#include <string>

namespace dcc::cleanup {

enum class Kind { file, tree };

// Register a path.  Files are unlinked; trees are removed recursively.  Paths are
// removed in reverse order of registration (files in a directory before it).
void add(const std::string& path, Kind kind = Kind::file);

// Remove a path from the list without deleting it (e.g. an output that was kept).
void forget(const std::string& path);

// Delete everything registered now (unless keep is set) and empty the list.
void run();

// The same from a signal handler: does not free the list's memory, since free() is
// not async-signal-safe and the process is about to die anyway.
void run_signal_safe();

// Keep temp files instead of deleting them (DISTCC_SAVE_TEMPS=1).
void set_keep(bool keep);

// Remove a directory tree without allocating (async-signal-safe).  Does not follow
// symlinks: a symlink inside the tree is unlinked, never entered.
void remove_tree(const char* path);

// One directory tree that a fatal-signal hook removes (again) after the list ran --
// a daemon worker's work directory, say, into which a compiler that was still
// running may have written since.  set() and clear() are for normal code; remove()
// is async-signal-safe.  Meant for objects of static storage duration.
class TreeSlot {
public:
    // A path too long for the slot is not remembered (the list still has it).
    void set(const std::string& path);
    void clear() { m_set.store(false); }
    // Remove the tree, if one is set, and forget it.  Async-signal-safe.
    void remove();

private:
    char m_path[4096] = {};
    std::atomic<bool> m_set{false};
};

}  // namespace dcc::cleanup
