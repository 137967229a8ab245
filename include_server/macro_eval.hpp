// SPDX-License-Identifier: GPL-2.0-or-later
// Over-approximating macro evaluation for computed includes (doc/include-server.md,
// "Computed includes"), upstream's macro_eval.py.  An expression evaluates to the
// set of strings it can become under any choice among each macro's definitions,
// the unexpanded spelling always included.  Values of the form "path" or <path> are
// then looked up like ordinary includes; the identifiers of the other values are the
// expression's support (the names whose later definition may change the result).
// Pure: it reads the macro table and nothing else.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "include_server/macro_table.hpp"

namespace dcc::include_server {

// What one evaluation may do: a cap on the number of values, a check called every
// `check_interval` steps (the CPU quota of the request), a cap on the length of any
// text the evaluation builds (macro chains can double it at every step, so the CPU
// quota alone would not bound memory; no usable include path comes near it), and
// whether the unexpanded spelling of a function-like macro counts
// (--unsafe_no_unexpanded_functions).
struct EvalContext {
    std::size_t max_values = 1u << 16;
    std::size_t max_value_bytes = 1u << 16;
    std::function<Status()> check;
    uint64_t check_interval = 4096;
    bool unexpanded_functions = true;
    uint64_t steps = 0;
};

// Every value `expr` can take.  Fails when the context's check fails, or "not
// covered" when the expression has more values than the cap or builds a longer text.
Result<std::vector<std::string>> evaluate_expression(std::string_view expr, const MacroTable& table,
                                                     EvalContext& context);

struct IncludeForm {
    bool angle = false;  // <path> rather than "path"
    std::string path;    // blanks inside the delimiters trimmed; never empty
};
// Upstream's INCLUDE_STRING_RE: a value that is (after blanks) "path" or <path>.
std::optional<IncludeForm> include_form(std::string_view value);

// The identifiers (maximal runs of word bytes) of a value.
std::vector<std::string> identifiers(std::string_view value);

}  // namespace dcc::include_server
