// SPDX-License-Identifier: GPL-2.0-or-later
// Analyzer: one include-server request from compile command to reply paths
// (doc/include-server.md, "Answering a request"), upstream's DoCompilationCommand.
// It parses the command, learns the compiler's system directories, resolves the
// translation unit and -include files, computes the closure in the generation's
// include graph, writes the compressed copies and placeholders, and lists files,
// system links, mirrored links and placeholders in that order.  It owns the current
// generation (every cache) and starts a new one on a CPU-quota bail-out or a stat
// reset trigger.  Not thread-safe: the server calls it under one lock, which makes
// every reply the one a serial server would have given.
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "include_server/caches.hpp"
#include "include_server/client_root.hpp"
#include "include_server/compiler_defaults.hpp"
#include "include_server/compressed_files.hpp"
#include "include_server/file_system.hpp"
#include "include_server/report.hpp"
#include "include_server/stat_triggers.hpp"
#include "include_server/stats.hpp"

namespace dcc::include_server {

struct AnalyzerSettings {
    AbsolutePaths absolute_includes = AbsolutePaths::refuse;
    bool unexpanded_functions = true;
    bool force_dirs = true;
    bool verify = false;
    bool write_include_closure = false;
    bool statistics = false;
    double cpu_quota_seconds = 3.8;
    std::optional<std::string> path_observation_re;
    std::vector<std::string> stat_reset_triggers;
    std::string path_variable;  // PATH for compiler probes
    std::string tmpdir;         // --verify's temporary files
};

// The outcome of one request.
struct Answer {
    std::vector<std::string> paths;  // empty: "not covered", the client preprocesses locally
    bool terminate = false;          // a fatal or internal error: the server must stop
    CopyPlan copies;                 // to write (write_copies) before the reply goes out
    std::string translation_unit;    // for reports after the analysis
};

class Analyzer {
public:
    Analyzer(AnalyzerSettings settings, FileSystem& fs, CompilerRunner& runner, ClientRoots& roots,
             Reporter& reporter);
    ~Analyzer();

    // Create the first generation's client root.
    Status start();

    Answer handle(const std::string& cwd, const std::vector<std::string>& argv);
    // Write the answer's compressed copies and wait for those it shares with other
    // requests; a failure is reported and turns the answer into "not covered" and
    // terminate.  Thread-safe: the server calls it outside the analysis lock.
    void write_copies(Answer& answer);

    // Ask a request in progress to give up soon (the server is shutting down).
    // Safe from any thread.
    void request_stop() { m_stop_requested = true; }

    int generation() const;
    // The translation unit of the request in progress (for reports).
    const std::string& translation_unit() const { return m_translation_unit; }

    // For --statistics: text appended for each request (printed by the caller).
    std::string take_statistics();

private:
    struct Generation;

    Status new_generation();
    Result<std::vector<std::string>> analyse(const std::string& cwd, const std::vector<std::string>& argv,
                                             CopyPlan& copies);
    Result<Resolution> command_line_file(Id cwd_id, const std::string& file, const char* kind,
                                         const std::vector<Id>& search);
    Result<std::vector<std::string>> placeholders();
    Status verify_and_write(const std::string& cwd, const std::vector<std::string>& argv,
                            const std::string& result_prefix, const std::vector<ClosureFile>& closure);
    Status check_quota();
    void report_failure(const Error& error, Answer& answer);
    void record_statistics(double seconds, uint64_t parsed_before);

    AnalyzerSettings m_settings;
    FileSystem& m_fs;
    CompilerRunner& m_runner;
    ClientRoots& m_roots;
    Reporter& m_reporter;
    std::optional<std::regex> m_observation_re;
    std::unique_ptr<StatResetTriggers> m_triggers;
    std::unique_ptr<Generation> m_generation;
    int m_generation_number = 0;
    std::string m_translation_unit;
    std::vector<std::string> m_observations;
    long long m_request_cpu_start_ns = 0;
    bool m_quota_running = false;
    std::atomic<bool> m_stop_requested{false};
    Statistics m_statistics;
    std::string m_statistics_text;
};

}  // namespace dcc::include_server
