// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of cleanup.hpp.  The list is a fixed array of heap-allocated C
// strings; a signal handler reads it through an atomic count, so registering from
// the main thread and running from a handler never see a half-written entry.
#include "common/cleanup.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <cstring>

namespace dcc::cleanup {
namespace {

constexpr int k_max_entries = 512;

struct Entry {
    char* path;
    Kind kind;
};

Entry g_entries[k_max_entries];
std::atomic<int> g_count{0};
std::atomic<bool> g_keep{false};

struct LinuxDirent64 {
    ino64_t d_ino;
    off64_t d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[];
};

// Depth-limited so that a hostile tree cannot exhaust the stack.
void remove_entries(int dir_fd, int depth) {
    if (depth > 64) return;
    alignas(8) char buf[4096];
    bool removed_any = true;
    // Re-read from the start after each batch of removals: deleting entries while
    // iterating a directory may skip names.
    while (removed_any) {
        removed_any = false;
        lseek(dir_fd, 0, SEEK_SET);
        while (true) {
            long n = syscall(SYS_getdents64, dir_fd, buf, sizeof buf);
            if (n <= 0) break;
            for (long off = 0; off < n;) {
                auto* d = reinterpret_cast<LinuxDirent64*>(buf + off);
                off += d->d_reclen;
                const char* name = d->d_name;
                if (std::strcmp(name, ".") == 0 || std::strcmp(name, "..") == 0) continue;
                if (unlinkat(dir_fd, name, 0) == 0) {
                    removed_any = true;
                    continue;
                }
                int child = openat(dir_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                if (child < 0) continue;
                remove_entries(child, depth + 1);
                close(child);
                if (unlinkat(dir_fd, name, AT_REMOVEDIR) == 0) removed_any = true;
            }
        }
    }
}

}  // namespace

void add(const std::string& path, Kind kind) {
    int n = g_count.load();
    if (n >= k_max_entries) return;  // beyond this, leftovers are the lesser evil
    char* copy = strdup(path.c_str());
    if (!copy) return;
    g_entries[n] = Entry{copy, kind};
    g_count.store(n + 1);
}

void forget(const std::string& path) {
    int n = g_count.load();
    for (int i = 0; i < n; ++i) {
        if (g_entries[i].path && path == g_entries[i].path) {
            char* old = g_entries[i].path;
            g_entries[i].path = nullptr;
            free(old);
        }
    }
    // Give trailing free slots back, so a long-lived process that registers and
    // forgets one path per job never fills the list.
    while (n > 0 && g_entries[n - 1].path == nullptr) --n;
    g_count.store(n);
}

void set_keep(bool keep) { g_keep.store(keep); }

void remove_tree(const char* path) {
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        unlink(path);
        return;
    }
    remove_entries(fd, 0);
    close(fd);
    rmdir(path);
}

void TreeSlot::set(const std::string& path) {
    m_set.store(false);
    if (path.size() >= sizeof m_path) return;
    std::memcpy(m_path, path.c_str(), path.size() + 1);
    m_set.store(true);
}

void TreeSlot::remove() {
    if (m_set.exchange(false)) remove_tree(m_path);
}

namespace {

void run_entries(bool release_memory) {
    int n = g_count.exchange(0);
    bool keep = g_keep.load();
    for (int i = n - 1; i >= 0; --i) {
        char* path = g_entries[i].path;
        if (!path) continue;
        if (!keep) {
            if (g_entries[i].kind == Kind::tree)
                remove_tree(path);
            else if (unlink(path) != 0)
                rmdir(path);  // an empty directory registered as a file
        }
        g_entries[i].path = nullptr;
        if (release_memory) free(path);
    }
}

}  // namespace

void run() { run_entries(true); }
void run_signal_safe() { run_entries(false); }

}  // namespace dcc::cleanup
