// SPDX-License-Identifier: GPL-2.0-or-later
// Writing the compressed copies (upstream's CompressFiles.Compress).
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

Status CompressedFiles::write_copy(const std::string& mirror_path, const ClosureFile& file, Id cwd) {
    FileSystem& fs = m_caches.fs();
    std::string realpath(m_caches.realpaths().text(file.realpath));
    std::string dir = mirror_path.substr(0, mirror_path.rfind('/'));
    if (!fs.is_directory(dir)) DCC_TRY(m_mirror.mirror(realpath, cwd));
    std::string text;
    if (file.absolute_pair) {
        text = "#line 1 \"";
        text += m_caches.directories().text(file.absolute_pair->searchdir);
        text += m_caches.includepaths().text(file.absolute_pair->includepath);
        text += "\"\n";
    }
    auto contents = fs.read_file(realpath);
    if (!contents.ok()) return fatal("Could not open '" + realpath + "' for reading: " + contents.error().message);
    text += *contents;
    Status written = fs.write_file(mirror_path, compress_for_mirror(text));
    if (!written.ok()) return fatal("Could not write to '" + mirror_path + "': " + written.error().message);
    return {};
}

Result<std::vector<std::string>> CompressedFiles::compress(const std::vector<ClosureFile>& closure, Id cwd) {
    std::vector<std::string> paths;
    paths.reserve(closure.size());
    for (const ClosureFile& file : closure) {
        std::string path = m_mirror.root();
        path += m_caches.realpaths().text(file.realpath);
        path += file.absolute_pair ? ".lzo.abs" : ".lzo";
        if (m_written.insert(path).second) DCC_TRY(write_copy(path, file, cwd));
        paths.push_back(std::move(path));
    }
    return paths;
}

}  // namespace dcc::include_server
