// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of invocation.hpp (upstream distcc.c main, dcc_find_compiler,
// dcc_trim_path and dcc_recursion_safeguard).
#include "client/invocation.hpp"

#include "common/path.hpp"
#include "compiler/source_kind.hpp"

namespace dcc::client {

bool invoked_as_distcc(std::string_view argv0) {
    return path::basename(argv0).find("distcc") != std::string_view::npos;
}

Result<Invocation> detect_invocation(const std::vector<std::string>& argv) {
    if (argv.empty()) return make_error(ExitCode::bad_arguments, "missing option/operand");
    Invocation out;
    if (!invoked_as_distcc(argv[0])) {
        out.mode = InvocationMode::masquerade;
        out.command = argv;
        out.command[0] = std::string(path::basename(argv[0]));
        return out;
    }
    if (argv.size() < 2) return make_error(ExitCode::bad_arguments, "missing option/operand");
    const std::string& first = argv[1];
    bool implicit = (!first.empty() && first[0] == '-') || compiler::is_source(first) || compiler::is_object(first);
    out.mode = implicit ? InvocationMode::implicit_compiler : InvocationMode::explicit_compiler;
    if (implicit) out.command.push_back("cc");
    out.command.insert(out.command.end(), argv.begin() + 1, argv.end());
    return out;
}

std::optional<std::string> trimmed_search_path(std::string_view argv0, std::string_view search_path,
                                               std::string_view cwd, const compiler::FileProbe& probe) {
    std::vector<std::string> entries = path::split_search_path(search_path);
    std::string wanted;
    if (argv0.find('/') != std::string_view::npos) wanted = path::make_absolute(path::dirname(argv0), cwd);
    std::string_view name = path::basename(argv0);
    for (std::size_t i = 0; i < entries.size(); ++i) {
        bool match = wanted.empty() ? probe.is_executable(path::join(entries[i].empty() ? "." : entries[i], name))
                                    : entries[i] == wanted;
        if (!match) continue;
        if (i + 1 == entries.size()) return std::nullopt;
        std::string rest;
        for (std::size_t j = i + 1; j < entries.size(); ++j) {
            if (j > i + 1) rest.push_back(':');
            rest += entries[j];
        }
        return rest;
    }
    return std::nullopt;
}

Result<RecursionVerdict> check_recursion(int level, bool path_trimmed) {
    if (level - (path_trimmed ? 1 : 0) > 0)
        return make_error(ExitCode::recursion, "distcc seems to have invoked itself recursively!");
    return level > 0 ? RecursionVerdict::run_locally : RecursionVerdict::proceed;
}

}  // namespace dcc::client
