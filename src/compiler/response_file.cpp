// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of response_file.hpp (libiberty buildargv and expandargv, as linked
// into Debian's distcc 3.4).  Observed with Debian 3.4: quotes and backslashes as
// described in the header, "@DIR" and self-including files end the command with
// "error: @-file refers to a directory" / "error: too many @-files encountered".
#include "compiler/response_file.hpp"

#include <sys/stat.h>

#include "common/files.hpp"

namespace dcc::compiler {
namespace {

// libiberty's ISSPACE: the C locale's isspace.
bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

bool only_whitespace(std::string_view text) {
    for (char c : text)
        if (!is_space(c)) return false;
    return true;
}

// One word starting at `pos` (not whitespace); advances `pos` past it.
std::string take_word(std::string_view text, std::size_t& pos) {
    std::string word;
    bool single_quote = false;
    bool double_quote = false;
    bool escaped = false;
    for (; pos < text.size(); ++pos) {
        char c = text[pos];
        if (escaped) {
            escaped = false;
            word.push_back(c);
        } else if (c == '\\') {
            escaped = true;  // also inside quotes, as libiberty does
        } else if (single_quote) {
            if (c == '\'') single_quote = false; else word.push_back(c);
        } else if (double_quote) {
            if (c == '"') double_quote = false; else word.push_back(c);
        } else if (is_space(c)) {
            break;
        } else if (c == '\'') {
            single_quote = true;
        } else if (c == '"') {
            double_quote = true;
        } else {
            word.push_back(c);
        }
    }
    return word;
}

}  // namespace

std::vector<std::string> split_response_text(std::string_view text) {
    // The file is handled as a C string: a NUL byte ends it.
    text = text.substr(0, text.find('\0'));
    std::vector<std::string> words;
    if (only_whitespace(text)) return words;
    std::size_t pos = 0;
    while (pos < text.size()) {
        while (pos < text.size() && is_space(text[pos])) ++pos;
        if (pos == text.size()) break;
        words.push_back(take_word(text, pos));
    }
    return words;
}

Result<std::vector<std::string>> expand_response_files(const std::vector<std::string>& argv,
                                                        const ResponseFileReader& reader) {
    std::vector<std::string> out = argv;
    unsigned budget = k_max_response_file_expansions;
    // Inserted words are examined again (nested response files), so `i` only moves
    // on past words that stay.
    for (std::size_t i = 1; i < out.size();) {
        if (!out[i].starts_with('@')) {
            ++i;
            continue;
        }
        if (--budget == 0) return make_error(ExitCode::bad_arguments, "error: too many @-files encountered");
        Result<std::optional<std::string>> text = reader(out[i].substr(1));
        if (!text.ok()) return std::move(text).error();
        if (!text->has_value()) {
            ++i;
            continue;
        }
        std::vector<std::string> words = split_response_text(**text);
        out.erase(out.begin() + static_cast<std::ptrdiff_t>(i));
        out.insert(out.begin() + static_cast<std::ptrdiff_t>(i), std::make_move_iterator(words.begin()),
                   std::make_move_iterator(words.end()));
    }
    return out;
}

ResponseFileReader disk_response_file_reader() {
    return [](const std::string& path) -> Result<std::optional<std::string>> {
        struct stat st{};
        if (::stat(path.c_str(), &st) != 0) return std::optional<std::string>();
        if (S_ISDIR(st.st_mode)) return make_error(ExitCode::bad_arguments, "error: @-file refers to a directory");
        if (static_cast<unsigned long long>(st.st_size) > k_max_response_file_size)
            return make_error(ExitCode::bad_arguments, "error: @-file " + path + " is too large");
        Result<std::string> text = files::read_file(path, k_max_response_file_size);
        if (!text.ok()) return std::optional<std::string>();  // unreadable: the word stays
        return std::optional<std::string>(std::move(*text));
    };
}

}  // namespace dcc::compiler
