// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of discrepancy.hpp (upstream dcc_please_send_email_after_investigation,
// dcc_increment_discrepancy_counter and dcc_send_email).  The e-mail goes through
// /usr/sbin/sendmail when it is there (any MTA provides it), else /bin/mail as 3.4
// does; its body is a short report of the job rather than 3.4's full debug log.
#include "client/discrepancy.hpp"

#include <fcntl.h>
#include <fnmatch.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "client/include_server_client.hpp"
#include "common/exec.hpp"
#include "common/fd.hpp"
#include "common/files.hpp"
#include "common/io.hpp"
#include "common/log.hpp"
#include "common/path.hpp"
#include "common/strings.hpp"

namespace dcc::client {
namespace {

constexpr std::size_t k_max_dotd_size = 64u << 20;

bool at_least(const timespec& a, const timespec& b) {
    return a.tv_sec > b.tv_sec || (a.tv_sec == b.tv_sec && a.tv_nsec >= b.tv_nsec);
}

// The first dependency of `dotd_path` changed since `start` (not matching `exclude`).
std::optional<std::string> changed_dependency(const std::string& dotd_path, const timespec& start,
                                              std::optional<std::string_view> exclude) {
    struct stat st {};
    if (::stat(dotd_path.c_str(), &st) != 0 || !at_least(st.st_mtim, start)) return std::nullopt;
    auto text = files::read_file(dotd_path, k_max_dotd_size);
    if (!text) {
        DCC_DEBUG("cannot check the dependencies for changes: %s", text.error().message.c_str());
        return std::nullopt;
    }
    std::string glob = exclude ? std::string(*exclude) : std::string();
    for (const std::string& dep : dotd_dependencies(*text)) {
        if (!glob.empty() && ::fnmatch(glob.c_str(), dep.c_str(), 0) == 0) continue;
        struct stat dep_st {};
        if (::stat(dep.c_str(), &dep_st) == 0 && at_least(dep_st.st_ctim, start)) return dep;
    }
    return std::nullopt;
}

Status send_email(const std::string& address, const std::string& body) {
    std::vector<std::string> argv;
    std::string message = body;
    if (path::is_executable_file("/usr/sbin/sendmail")) {
        argv = {"/usr/sbin/sendmail", "-i", "--", address};
        message = "To: " + address + "\nSubject: distcc-pump email\n\n" + body;
    } else {
        argv = {"/bin/mail", "-s", "distcc-pump email", address};
    }
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
        return make_error(ExitCode::distcc_failed, strings::format("pipe: %s", std::strerror(errno)));
    UniqueFd read_end(fds[0]), write_end(fds[1]);
    exec::SpawnOptions options;
    options.stdin_fd = read_end.get();
    options.search_path = false;
    auto pid = exec::spawn(argv, options);
    read_end.reset();
    if (!pid) return std::move(pid).error();
    Status written = io::write_all(write_end.get(), message, 30 * 1000);
    write_end.reset();
    auto status = exec::wait_for(*pid);
    if (!written) return written;
    if (!status) return std::move(status).error();
    if (*status != 0)
        return make_error(ExitCode::distcc_failed,
                          strings::format("%s %s", argv[0].c_str(), exec::describe_status(*status).c_str()));
    return {};
}

}  // namespace

std::size_t read_discrepancy_count(const std::string& counter_path) {
    struct stat st {};
    if (::stat(counter_path.c_str(), &st) != 0) {
        if (errno != ENOENT) DCC_DEBUG("stat %s: %s", counter_path.c_str(), std::strerror(errno));
        return 0;
    }
    return static_cast<std::size_t>(st.st_size);
}

bool discrepancy_limit_reached(std::size_t count, int max) { return max > 0 && count >= static_cast<std::size_t>(max); }

Result<std::size_t> count_discrepancy(const std::string& counter_path) {
    UniqueFd fd(::open(counter_path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600));
    if (!fd)
        return make_error(ExitCode::io_error, strings::format("can't open discrepancy counter %s: %s",
                                                              counter_path.c_str(), std::strerror(errno)));
    DCC_TRY(io::write_all(fd.get(), "@", 1, io::k_no_timeout));
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0)
        return make_error(ExitCode::io_error, strings::format("fstat %s: %s", counter_path.c_str(), std::strerror(errno)));
    return static_cast<std::size_t>(st.st_size);
}

std::vector<std::string> dotd_dependencies(std::string_view text) {
    std::vector<std::string> deps;
    bool after_colon = false;
    std::string word;
    auto finish_word = [&] {
        if (!word.empty() && after_colon) deps.push_back(word);
        word.clear();
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '\\' && i + 1 < text.size() && (text[i + 1] == '\n' || text[i + 1] == ' ')) {
            if (text[i + 1] == ' ') word += ' ';
            else finish_word();
            ++i;
        } else if (c == '\n') {
            finish_word();
            after_colon = false;
        } else if (c == ' ' || c == '\t' || c == '\r') {
            finish_word();
        } else if (c == ':' && !after_colon && (i + 1 == text.size() || text[i + 1] == ' ' || text[i + 1] == '\n' ||
                                                text[i + 1] == '\t' || text[i + 1] == '\\')) {
            word.clear();  // the target
            after_colon = true;
        } else {
            word += c;
        }
    }
    finish_word();
    return deps;
}

void handle_discrepancy(const Config& config, const std::string& input, const std::optional<std::string>& dotd_path,
                        const std::vector<std::string>& argv) {
    auto port = config.env.get(env::Var::include_server_port);
    if (!port) return;
    auto counter = discrepancy_counter_path(*port);
    struct stat port_st {};
    bool have_start = ::stat(std::string(*port).c_str(), &port_st) == 0;
    bool email = true;
    if (have_start && dotd_path) {
        if (auto dep = changed_dependency(*dotd_path, port_st.st_ctim,
                                          config.env.get(env::Var::distcc_exclude_fresh_files))) {
            DCC_WARNING("file '%s', a dependency of %s, changed during the build", dep->c_str(), input.c_str());
            email = false;
        }
    }
    if (counter) {
        auto count = count_discrepancy(*counter);
        if (!count) {
            DCC_ERROR("%s", count.error().message.c_str());
        } else if (config.max_discrepancy.ok() && *count == static_cast<std::size_t>(config.max_discrepancy.value())) {
            DCC_WARNING("now using plain distcc, possibly due to inconsistent file system changes during build");
        }
    }
    if (!email || !config.env.boolean_or(env::Var::distcc_enable_discrepancy_email, false)) return;
    std::string address = config.env.get_or(env::Var::distcc_emaillog_whom_to_blame, "distcc-pump-errors");
    DCC_WARNING("Will send an email to %s", address.c_str());
    std::string body = strings::format("distcc pump mode: the remote compile of '%s' failed, the local one gave a "
                                       "different result.\ncommand: %s\ncwd: %s\n",
                                       input.c_str(), strings::join(argv, " ").c_str(),
                                       path::current_directory().c_str());
    if (Status sent = send_email(address, body); !sent)
        DCC_ERROR("failed to send the discrepancy e-mail: %s", sent.error().message.c_str());
}

}  // namespace dcc::client
