// SPDX-License-Identifier: GPL-2.0-or-later
// Upstream's ExactDependencies, VerifyExactDependencies and WriteDependencies
// (include_server.py), without a shell: the command runs as an argv.
#include "include_server/verify.hpp"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "common/exec.hpp"
#include "common/fd.hpp"
#include "common/files.hpp"
#include "common/strings.hpp"
#include "include_server/failure.hpp"

namespace dcc::include_server {
namespace {

// A temporary file that is removed when the object goes away.
struct ScratchFile {
    std::string path;
    ~ScratchFile() {
        if (!path.empty()) ::unlink(path.c_str());
    }
};

Result<std::string> make_scratch(const std::string& tmpdir) {
    std::string pattern = (tmpdir.empty() ? std::string("/tmp") : tmpdir) + "/tmpXXXXXXdistcc-pump";
    int fd = ::mkstemps(pattern.data(), 11);
    if (fd < 0) return make_error(ExitCode::io_error, "cannot create a temporary file in " + tmpdir);
    ::close(fd);
    return pattern;
}

}  // namespace

std::vector<std::string> verification_command(const std::vector<std::string>& argv, const std::string& output,
                                              const std::string& deps_file) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < argv.size(); ++i) {
        if (i > 0 && argv[i] == "-o") {
            ++i;
            continue;
        }
        if (i > 0 && argv[i].size() > 2 && argv[i].starts_with("-o")) continue;
        out.push_back(argv[i]);
    }
    for (const std::string& word : {std::string("-o"), output, std::string("-E"), std::string("-M"),
                                    std::string("-MF"), deps_file})
        out.push_back(word);
    return out;
}

std::vector<std::string> parse_make_deps(std::string_view text) {
    std::string joined;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == '\n') {
            ++i;
            continue;
        }
        joined += text[i];
    }
    // The rule's colon: the first one followed by a blank or the end of the line.
    std::size_t colon = 0;
    for (; colon < joined.size(); ++colon)
        if (joined[colon] == ':' && (colon + 1 == joined.size() || joined[colon + 1] == ' ' ||
                                     joined[colon + 1] == '\t' || joined[colon + 1] == '\n'))
            break;
    std::vector<std::string> deps;
    std::string word;
    for (std::size_t i = colon + 1; i < joined.size(); ++i) {
        char c = joined[i];
        if (c == '\n') break;  // the end of the first rule
        if (c == '\\' && i + 1 < joined.size() && (joined[i + 1] == ' ' || joined[i + 1] == '#')) {
            word += joined[++i];
        } else if (c == '$' && i + 1 < joined.size() && joined[i + 1] == '$') {
            word += '$';
            ++i;
        } else if (c == ' ' || c == '\t') {
            if (!word.empty()) deps.push_back(std::move(word));
            word.clear();
        } else {
            word += c;
        }
    }
    if (!word.empty()) deps.push_back(std::move(word));
    return deps;
}

Result<std::vector<std::string>> exact_dependencies(const std::vector<std::string>& argv, const std::string& cwd,
                                                    const std::string& tmpdir) {
    auto output = make_scratch(tmpdir);
    if (!output.ok()) return std::move(output).error();
    ScratchFile output_file{*output};
    auto deps = make_scratch(tmpdir);
    if (!deps.ok()) return std::move(deps).error();
    ScratchFile deps_file{*deps};
    std::vector<std::string> command = verification_command(argv, *output, *deps);
    UniqueFd null_fd(::open("/dev/null", O_RDWR | O_CLOEXEC));
    exec::SpawnOptions options;
    options.stdin_fd = null_fd.get();
    options.stdout_fd = null_fd.get();
    options.cwd = cwd;
    auto pid = exec::spawn(command, options);
    Result<int> status = pid.ok() ? exec::wait_for(*pid) : Result<int>(std::move(pid).error());
    if (!status.ok() || *status != 0)
        return not_covered("Could not execute '" + strings::join(command, " ") + "'");
    auto text = files::read_file(*deps, std::size_t(64) << 20);
    if (!text.ok()) return not_covered("Could not execute '" + strings::join(command, " ") + "'");
    return parse_make_deps(*text);
}

std::string missing_dependencies_message(const std::vector<std::string>& missing) {
    std::size_t n = missing.size();
    return strings::format("Calculated include closure does not contain: '%s'.\nThere %s %zu such missing %s.",
                           missing.front().c_str(), n == 1 ? "is" : "are", n,
                           n == 1 ? "dependency" : "dependencies");
}

Status write_dependency_list(const std::string& path, const std::vector<std::string>& realpaths) {
    std::string text;
    for (std::size_t i = 0; i < realpaths.size(); ++i) {
        if (i) text += '\n';
        text += realpaths[i];
    }
    text += '\n';
    Status written = files::write_file(path, text);
    if (!written.ok()) return not_covered("Could not write to '" + path + "': " + written.error().message);
    return {};
}

}  // namespace dcc::include_server
