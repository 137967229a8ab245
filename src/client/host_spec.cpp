// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of host_spec.hpp (upstream dcc_parse_hosts and friends).  Where
// upstream silently ignores junk after a valid prefix (`angry/4x`, `,lzoXYZ`,
// `--localslots=0`, a negative limit), this parser rejects the word: doc/client.md marks
// those as quirks, and a typo in a host list should be reported, not guessed at.
#include "client/host_spec.hpp"

#include <charconv>

#include "common/strings.hpp"

namespace dcc::client {
namespace {

constexpr std::string_view k_separators = " \t\n\r\f";
// 3.4's words (upstream dcc_parse_hosts), after the list's origin.
constexpr const char* k_no_hosts = "contained no hosts; can't distribute work";

Error bad_word(std::string_view word, const std::string& why) {
    return make_error(ExitCode::bad_hostspec,
                      strings::format("bad host specification \"%.*s\": %s", static_cast<int>(word.size()), word.data(),
                                      why.c_str()));
}

std::string quoted(std::string_view text) {
    return "\"" + std::string(text) + "\"";
}

// Decimal digits at the start of `rest` as a positive int; consumes them.
bool take_positive(std::string_view& rest, int& out) {
    std::size_t n = 0;
    while (n < rest.size() && rest[n] >= '0' && rest[n] <= '9') ++n;
    if (n == 0 || n > 9) return false;
    int value = 0;
    std::from_chars(rest.data(), rest.data() + n, value);
    if (value <= 0) return false;
    out = value;
    rest.remove_prefix(n);
    return true;
}

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

// MULT := ('/' | '=') DECIMAL, non-zero.  No-op when `rest` does not start with one.
Status take_multiplier(std::string_view& rest, int& limit) {
    if (rest.empty() || (rest[0] != '/' && rest[0] != '=')) return {};
    std::string_view digits = rest.substr(1);
    if (!take_positive(digits, limit)) return make_error(ExitCode::bad_hostspec, "bad multiplier " + quoted(rest));
    rest = digits;
    return {};
}

// A word up to (not including) the first of `stops`.
std::string_view take_until(std::string_view& rest, std::string_view stops) {
    std::size_t end = rest.find_first_of(stops);
    if (end == std::string_view::npos) end = rest.size();
    std::string_view word = rest.substr(0, end);
    rest.remove_prefix(end);
    return word;
}

Status apply_option(std::string_view option, HostSpec& spec, const HostSpecFeatures& features) {
    if (option == "lzo") {
        spec.lzo = true;
    } else if (option == "cpp") {
        spec.cpp = true;
    } else if (option == "down") {
        spec.down = true;
    } else if (features.gssapi && (option == "auth" || starts_with(option, "auth="))) {
        spec.auth = true;
        if (option.size() > 5) spec.auth_name = std::string(option.substr(5));
        if (option.size() == 5 || spec.auth_name.find_first_of("/:") != std::string::npos)
            return make_error(ExitCode::bad_hostspec, "bad GSS-API principal name in " + quoted(option));
    } else {
        return make_error(ExitCode::bad_hostspec, "unrecognized option in host specification: ," + std::string(option));
    }
    return {};
}

// OPTIONS := { ',' option }; `rest` must be empty or start with ','.
Status take_options(std::string_view rest, HostSpec& spec, const HostSpecFeatures& features) {
    if (!rest.empty() && rest[0] != ',') return make_error(ExitCode::bad_hostspec, "unexpected text " + quoted(rest));
    while (!rest.empty()) {
        rest.remove_prefix(1);
        DCC_TRY(apply_option(take_until(rest, ","), spec, features));
    }
    if (spec.cpp && !spec.lzo) return make_error(ExitCode::bad_hostspec, "pump mode (',cpp') requires compression (',lzo')");
    return {};
}

Status parse_local(std::string_view rest, HostSpec& spec, const HostSpecFeatures& features) {
    spec.mode = HostMode::local;
    spec.hostname = "localhost";
    spec.limit = k_localhost_default_limit;
    rest.remove_prefix(std::string_view("localhost").size());
    DCC_TRY(take_multiplier(rest, spec.limit));
    // Options mean nothing for localhost; upstream ignores them, we only check them.
    return take_options(rest, spec, features);
}

Status take_port(std::string_view& rest, int& port) {
    if (rest.empty() || rest[0] != ':') return {};
    std::string_view digits = rest.substr(1);
    int value = 0;
    if (!take_positive(digits, value) || value > 65535 ||
        (!digits.empty() && digits[0] != '/' && digits[0] != ','))
        return make_error(ExitCode::bad_hostspec, "invalid tcp port specification in " + quoted(rest.substr(1)));
    port = value;
    rest = digits;
    return {};
}

// HOSTID [':' PORT] [MULT] | HOSTID [MULT] [':' PORT], then OPTIONS.
Status parse_tcp(std::string_view rest, HostSpec& spec, const HostSpecFeatures& features) {
    spec.mode = HostMode::tcp;
    if (!rest.empty() && rest[0] == '[') {
        std::size_t close = rest.find(']');
        if (close == std::string_view::npos) return make_error(ExitCode::bad_hostspec, "IPv6 Hostname requires closing ']'");
        spec.hostname = std::string(rest.substr(1, close - 1));
        rest.remove_prefix(close + 1);
    } else {
        spec.hostname = std::string(take_until(rest, "/:,"));
    }
    if (spec.hostname.empty())
        return make_error(ExitCode::bad_hostspec, "hostname is required in tcp host specification");
    bool had_mult = !rest.empty() && (rest[0] == '/' || rest[0] == '=');
    DCC_TRY(take_multiplier(rest, spec.limit));
    DCC_TRY(take_port(rest, spec.port));
    if (!had_mult) DCC_TRY(take_multiplier(rest, spec.limit));
    return take_options(rest, spec, features);
}

// [USER] '@' HOST [MULT] [':' COMMAND] OPTIONS
Status parse_ssh(std::string_view rest, HostSpec& spec, const HostSpecFeatures& features) {
    spec.mode = HostMode::ssh;
    std::size_t at = rest.find('@');
    spec.user = std::string(rest.substr(0, at));
    rest.remove_prefix(at + 1);
    spec.hostname = std::string(take_until(rest, "/:,="));
    if (spec.hostname.empty()) return make_error(ExitCode::bad_hostspec, "hostname is required in SSH host specification");
    DCC_TRY(take_multiplier(rest, spec.limit));
    if (!rest.empty() && rest[0] == ':') {
        rest.remove_prefix(1);
        spec.command = std::string(take_until(rest, ","));
        if (spec.command.empty()) return make_error(ExitCode::bad_hostspec, "empty command after ':'");
    }
    return take_options(rest, spec, features);
}

bool is_ssh_token(std::string_view token) {
    std::size_t at = token.find('@');
    return at != std::string_view::npos && at < token.find(',');
}

// --localslots[MULT] / --localslots_cpp[MULT]
Status parse_slots_keyword(std::string_view token, std::string_view keyword, int& slots) {
    std::string_view rest = token.substr(keyword.size());
    auto taken = take_multiplier(rest, slots);
    if (!taken || !rest.empty()) return bad_word(token, "bad multiplier " + quoted(token.substr(keyword.size())));
    return {};
}

Status parse_token(std::string_view token, HostList& list, const HostSpecFeatures& features) {
    if (starts_with(token, "--randomize")) {
        list.randomize = true;
        return {};
    }
    if (starts_with(token, "--localslots_cpp")) return parse_slots_keyword(token, "--localslots_cpp", list.local_slots_cpp);
    if (starts_with(token, "--localslots")) return parse_slots_keyword(token, "--localslots", list.local_slots);
    if (features.zeroconf && token == "+zeroconf") {
        list.zeroconf = true;
        list.zeroconf_position = list.hosts.size();
        return {};
    }
    auto spec = parse_host_entry(token, features);
    if (!spec) return std::move(spec).error();
    list.hosts.push_back(std::move(*spec));
    return {};
}

}  // namespace

const std::string& HostSpec::ssh_command() const {
    static const std::string k_default(k_default_ssh_command);
    return command.empty() ? k_default : command;
}

int HostList::total_slots() const {
    int total = 0;
    for (const HostSpec& h : hosts) total += h.limit;
    return total;
}

Result<HostSpec> parse_host_entry(std::string_view token, const HostSpecFeatures& features) {
    HostSpec spec;
    spec.text = std::string(token);
    Status parsed;
    if (token == "localhost" || starts_with(token, "localhost/"))
        parsed = parse_local(token, spec, features);
    else if (is_ssh_token(token))
        parsed = parse_ssh(token, spec, features);
    else
        parsed = parse_tcp(token, spec, features);
    if (!parsed) return bad_word(token, parsed.error().message);
    return spec;
}

Result<HostList> parse_host_list(std::string_view text, const HostSpecFeatures& features) {
    HostList list;
    std::size_t pos = 0;
    while (pos < text.size()) {
        char c = text[pos];
        if (k_separators.find(c) != std::string_view::npos) {
            ++pos;
        } else if (c == '#') {
            std::size_t eol = text.find('\n', pos);
            pos = eol == std::string_view::npos ? text.size() : eol + 1;
        } else {
            std::size_t end = text.find_first_of(" \t\n\r\f#", pos);
            if (end == std::string_view::npos) end = text.size();
            DCC_TRY(parse_token(text.substr(pos, end - pos), list, features));
            pos = end;
        }
    }
    if (list.hosts.empty() && !list.zeroconf) return make_error(ExitCode::no_hosts, k_no_hosts);
    return list;
}

}  // namespace dcc::client
