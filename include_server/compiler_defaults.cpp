// SPDX-License-Identifier: GPL-2.0-or-later
// Probing the compiler for its system include directories (upstream's
// _SystemSearchdirsGCC and CompilerDefaults.SetSystemDirsDefaults).
#include "include_server/compiler_defaults.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include "common/exec.hpp"
#include "common/fd.hpp"
#include "common/io.hpp"
#include "common/strings.hpp"
#include "include_server/command_parser.hpp"
#include "include_server/failure.hpp"

namespace dcc::include_server {
namespace {

constexpr std::string_view k_start_marker = "#include <...> search starts here:\n";
constexpr std::string_view k_end_marker = "\nEnd of search list";
constexpr std::string_view k_framework_suffix = " (framework directory)";
// A compiler that prints nothing for this long is treated as failed.
constexpr int k_probe_timeout_ms = 60 * 1000;
constexpr std::size_t k_max_output = 1 << 20;

Error cannot_determine(const std::string& compiler, const std::string& language, const std::string& detail) {
    return not_covered("Couldn't determine default system include directories\nfor compiler '" + compiler +
                       "', language '" + language + "':\n" + detail);
}

}  // namespace

std::vector<std::string> probe_command(const std::string& compiler, const std::string& sysroot,
                                       const std::string& language) {
    std::vector<std::string> argv{compiler};
    if (!sysroot.empty()) argv.push_back("--sysroot=" + sysroot);
    for (const char* word : {"-x", language.c_str(), "-v", "-c", "/dev/null", "-o", "/dev/null"})
        argv.emplace_back(word);
    return argv;
}

std::optional<std::vector<std::string>> parse_search_dirs(std::string_view output) {
    std::size_t start = output.find(k_start_marker);
    if (start == std::string_view::npos) return std::nullopt;
    start += k_start_marker.size();
    std::size_t end = output.find(k_end_marker, start);
    if (end == std::string_view::npos) return std::nullopt;
    std::vector<std::string> dirs;
    std::string_view block = output.substr(start, end - start);
    for (const std::string& line : strings::split_any(block, "\n")) {
        if (std::string_view(line).ends_with(k_framework_suffix)) continue;
        for (std::string& word : strings::split_any(line, " \t\r\f\v")) dirs.push_back(std::move(word));
    }
    return dirs;
}

Result<ProbeOutput> ProcessCompilerRunner::run(const std::vector<std::string>& argv, const std::string& cwd,
                                               const std::vector<std::string>& environment) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return make_error(ExitCode::io_error, "pipe failed");
    UniqueFd read_end(fds[0]);
    UniqueFd write_end(fds[1]);
    UniqueFd null_in(::open("/dev/null", O_RDONLY | O_CLOEXEC));
    exec::SpawnOptions options;
    options.stdin_fd = null_in.get();
    options.stdout_fd = write_end.get();
    options.stderr_fd = write_end.get();
    options.cwd = cwd;
    // An empty list would mean "inherit ours" to exec::spawn.
    static char* const k_no_environment[] = {nullptr};
    if (environment.empty())
        options.envp = k_no_environment;
    else
        options.environment = environment;
    auto pid = exec::spawn(argv, options);
    if (!pid.ok()) return std::move(pid).error();
    write_end.reset();
    ProbeOutput result;
    char buffer[8192];
    while (result.output.size() < k_max_output) {
        auto got = io::read_some(read_end.get(), buffer, sizeof buffer, k_probe_timeout_ms);
        if (!got.ok()) {
            ::kill(*pid, SIGKILL);
            break;
        }
        if (*got == 0) break;
        result.output.append(buffer, *got);
    }
    auto status = exec::wait_for(*pid);
    if (!status.ok()) return std::move(status).error();
    result.wait_status = *status;
    return result;
}

Result<std::vector<std::string>> CompilerDefaults::probe(const std::string& compiler, const std::string& sysroot,
                                                         const std::string& language, const std::string& cwd) {
    std::vector<std::string> argv = probe_command(compiler, sysroot, language);
    std::vector<std::string> environment;
    if (!m_path.empty()) environment.push_back("PATH=" + m_path);
    auto ran = m_runner.run(argv, cwd, environment);
    std::string command = python_list_repr(argv);
    if (!ran.ok())
        return cannot_determine(compiler, language, "error executing '" + command + "': " + ran.error().message + ".");
    if (ran->wait_status != 0)
        return cannot_determine(compiler, language,
                                strings::format("command '%s' exited with status '%d'.\n Command output:\n%s",
                                                command.c_str(), exec::exit_code_of(ran->wait_status),
                                                ran->output.c_str()));
    auto dirs = parse_search_dirs(ran->output);
    if (!dirs)
        return cannot_determine(compiler, language,
                                "couldn't parse output of '" + command + "'.\nReceived:\n" + ran->output);
    std::vector<std::string> real;
    for (const std::string& dir : *dirs) {
        auto id = m_caches.canonical(dir.empty() || dir[0] != '/' ? m_caches.absolute(m_caches.directory(cwd), dir)
                                                                   : dir);
        if (!id.ok()) return std::move(id).error();
        real.emplace_back(m_caches.realpaths().text(*id));
    }
    return real;
}

Result<const std::vector<std::string>*> CompilerDefaults::dirs_for(const std::string& compiler,
                                                                   const std::string& sysroot,
                                                                   const std::string& language,
                                                                   const std::string& cwd) {
    auto key = std::make_tuple(compiler, sysroot, language);
    auto it = m_dirs.find(key);
    if (it != m_dirs.end()) return &it->second;
    auto dirs = probe(compiler, sysroot, language, cwd);
    if (!dirs.ok()) return std::move(dirs).error();
    for (const std::string& dir : *dirs) {
        m_system_dirs.add(dir);
        DCC_TRY(m_links.add(dir));
    }
    return &m_dirs.emplace(key, std::move(*dirs)).first->second;
}

}  // namespace dcc::include_server
