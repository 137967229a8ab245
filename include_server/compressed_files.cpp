// SPDX-License-Identifier: GPL-2.0-or-later
// Naming, claiming and writing the compressed copies (upstream's
// CompressFiles.Compress, with the writing moved out of the analysis lock).
#include "include_server/compressed_files.hpp"

#include "include_server/failure.hpp"
#include "proto/lzo_codec.hpp"

namespace dcc::include_server {

std::string compress_for_mirror(std::string_view contents) {
    // lzo1x_1 turns an empty input into its end marker; our codec returns "" for it
    // because the wire sends empty items without a body, but a mirror file must
    // hold a valid stream.
    if (contents.empty()) return std::string("\x11\x00\x00", 3);
    return proto::lzo_compress(contents);
}

void CopyBoard::claim(CopyKey key) {
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_states.emplace(key, State::writing).second) ++m_pending;
}

void CopyBoard::settle(CopyKey key, bool written) {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        auto it = m_states.find(key);
        if (it == m_states.end() || it->second != State::writing) return;
        it->second = written ? State::written : State::failed;
        if (!written) m_failed = true;
        --m_pending;
    }
    m_settled.notify_all();
}

bool CopyBoard::wait(const std::vector<CopyKey>& keys) {
    if (keys.empty() || (m_pending == 0 && !m_failed)) return true;
    std::unique_lock<std::mutex> lock(m_mutex);
    for (CopyKey key : keys) {
        auto it = m_states.find(key);
        if (it == m_states.end()) continue;
        m_settled.wait(lock, [&] { return it->second != State::writing; });
        if (it->second == State::failed) return false;
    }
    return true;
}

Status write_copies(FileSystem& fs, const CopyPlan& plan) {
    Status status;
    for (const CopyTask& task : plan.to_write) {
        if (!status.ok()) {
            plan.board->settle(task.key, false);
            continue;
        }
        auto contents = fs.read_file(task.source);
        if (!contents.ok()) {
            status = fatal("Could not open '" + task.source + "' for reading: " + contents.error().message);
        } else {
            Status written = fs.write_file(task.mirror_path, compress_for_mirror(task.prefix + *contents));
            if (!written.ok())
                status = fatal("Could not write to '" + task.mirror_path + "': " + written.error().message);
        }
        plan.board->settle(task.key, status.ok());
    }
    if (status.ok() && !plan.board->wait(plan.to_wait_for))
        status = fatal("A compressed copy of this request's closure could not be written");
    return status;
}

Result<CopyTask> CompressedFiles::task_for(CopyKey key, std::string mirror_path, const ClosureFile& file, Id cwd) {
    CopyTask task{key, std::move(mirror_path), std::string(m_caches.realpaths().text(file.realpath)), {}};
    std::string dir = task.mirror_path.substr(0, task.mirror_path.rfind('/'));
    if (!m_caches.fs().is_directory(dir)) DCC_TRY(m_mirror.mirror(task.source, cwd));
    if (file.absolute_pair) {
        task.prefix = "#line 1 \"";
        task.prefix += m_caches.directories().text(file.absolute_pair->searchdir);
        task.prefix += m_caches.includepaths().text(file.absolute_pair->includepath);
        task.prefix += "\"\n";
    }
    return task;
}

Result<CompressedFiles::Copies> CompressedFiles::compress(const std::vector<ClosureFile>& closure, Id cwd) {
    Copies out;
    out.plan.board = m_board;
    out.paths.reserve(closure.size());
    for (const ClosureFile& file : closure) {
        std::string path = m_mirror.root();
        path += m_caches.realpaths().text(file.realpath);
        path += file.absolute_pair ? ".lzo.abs" : ".lzo";
        CopyKey key = (CopyKey(file.realpath) << 1) | (file.absolute_pair ? 1 : 0);
        if (m_claimed.insert(key).second) {
            auto task = task_for(key, path, file, cwd);
            if (!task.ok()) {
                m_claimed.erase(key);
                for (const CopyTask& claimed : out.plan.to_write) m_board->settle(claimed.key, false);
                return std::move(task).error();
            }
            m_board->claim(key);
            out.plan.to_write.push_back(std::move(*task));
        } else {
            out.plan.to_wait_for.push_back(key);
        }
        out.paths.push_back(std::move(path));
    }
    return out;
}

}  // namespace dcc::include_server
