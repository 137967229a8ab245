// SPDX-License-Identifier: GPL-2.0-or-later
// Fuzz target: the line-marker name reader and the placeholder placement distccd uses
// for a clang coverage job (src/compiler/source_names.*, doc/protocol.md §16.7).  The
// input is the received source text, hostile bytes.  Invariants checked (a violation
// aborts): names respect the limits and are distinct; a placeholder for a name that
// climbs N levels, placed with the job's working directory nested N deep, has only
// plain relative components, so nothing is ever made outside the job directory; with
// one level less it is refused.
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

#include "compiler/source_names.hpp"

namespace {

using namespace dcc::compiler;

void require(bool condition) {
    if (!condition) std::abort();
}

// A path made of components that are neither empty, "." nor "..", and not absolute.
bool plain_relative(std::string_view path) {
    if (path.empty() || path.front() == '/') return false;
    std::size_t start = 0;
    while (true) {
        std::size_t slash = path.find('/', start);
        std::string_view part = path.substr(start, slash == std::string_view::npos ? slash : slash - start);
        if (part.empty() || part == "." || part == "..") return false;
        if (slash == std::string_view::npos) return true;
        start = slash + 1;
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size > 65536) return 0;
    std::string_view text(reinterpret_cast<const char*>(data), size);
    SourceNameLimits limits;
    limits.max_names = 64;
    limits.max_length = 512;
    auto names = line_marker_names(text, limits);
    if (!names.ok()) return 0;
    require(names->size() <= limits.max_names);
    std::set<std::string> distinct;
    for (const std::string& name : *names) {
        require(name.size() <= limits.max_length);
        require(distinct.insert(name).second);
        if (!needs_placeholder(name)) continue;
        require(name.front() != '/');
        std::size_t depth = climb_of(name);
        std::string cwd = nested_cwd(depth);
        require(plain_relative(cwd) || (depth == 0 && cwd.empty()));
        auto placement = place_in_job(name, depth);
        if (placement) {
            require(plain_relative(placement->file));
            for (const std::string& directory : placement->directories) require(plain_relative(directory));
        }
        if (depth > 0) require(!place_in_job(name, depth - 1));
    }
    return 0;
}
