// SPDX-License-Identifier: GPL-2.0-or-later
// Fuzz target: the directive scanner (include_server/directive_scanner.cpp) on any
// bytes, then the macro table and set-valued evaluation of every computed include
// the file holds, with small caps so that blow-ups are cut short.  Checks: nothing
// crashes, scanning is deterministic, and every evaluation contains its expression.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "include_server/directive_scanner.hpp"
#include "include_server/macro_eval.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace dcc::include_server;
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    ScanResult scan = scan_directives(bytes);
    if (!(scan_directives(bytes) == scan)) std::abort();
    MacroTable table;
    for (const DefineLine& line : scan.defines)
        (void)table.add(line.head, line.value ? std::optional<std::string_view>(*line.value) : std::nullopt);
    // One small budget for all the file's computed includes, checked often: the
    // quota that bounds a real request, scaled to keep the fuzzer fast.
    EvalContext context;
    context.max_values = 32;
    context.max_value_bytes = 512;
    context.check_interval = 16;
    context.check = [&context]() -> dcc::Status {
        if (context.steps > 256) return dcc::make_error(dcc::ExitCode::timeout, "budget");
        return {};
    };
    for (const std::string& expr : scan.expr_includes) {
        auto values = evaluate_expression(expr, table, context);
        if (!values.ok()) continue;
        if (std::find(values->begin(), values->end(), expr) == values->end()) std::abort();
        for (const std::string& value : *values) {
            (void)include_form(value);
            (void)identifiers(value);
        }
    }
    return 0;
}
