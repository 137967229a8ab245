// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of exposition.hpp.
#include "daemon/exposition.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "common/strings.hpp"

namespace dcc::daemon {
namespace {

std::string escape(std::string_view text, bool quote) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '\n')
            out += "\\n";
        else if (c == '"' && quote)
            out += "\\\"";
        else
            out += c;
    }
    return out;
}

const char* type_name(Exposition::Type type) {
    switch (type) {
    case Exposition::Type::counter: return "counter";
    case Exposition::Type::gauge: return "gauge";
    case Exposition::Type::histogram: return "histogram";
    case Exposition::Type::untyped: return "untyped";
    }
    return "untyped";
}

}  // namespace

std::string escape_help(std::string_view text) { return escape(text, false); }
std::string escape_label_value(std::string_view value) { return escape(value, true); }

std::string format_sample_value(double value) {
    if (std::isnan(value)) return "NaN";
    if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
    if (value == std::trunc(value) && std::fabs(value) < 1e15) return strings::format("%.0f", value);
    // The shortest %g that reads back as the same number (as Go's clients write them).
    for (int precision = 1; precision < 17; ++precision) {
        std::string text = strings::format("%.*g", precision, value);
        if (std::strtod(text.c_str(), nullptr) == value) return text;
    }
    return strings::format("%.17g", value);
}

Histogram::Histogram(std::span<const double> bounds) : m_bounds(bounds), m_counts(bounds.size() + 1, 0) {}

void Histogram::observe(double value) {
    auto bucket = std::lower_bound(m_bounds.begin(), m_bounds.end(), value) - m_bounds.begin();
    ++m_counts[static_cast<std::size_t>(bucket)];
    ++m_count;
    m_sum += value;
}

uint64_t Histogram::cumulative(std::size_t index) const {
    uint64_t total = 0;
    for (std::size_t i = 0; i <= index && i < m_counts.size(); ++i) total += m_counts[i];
    return total;
}

void Exposition::family(std::string_view name, Type type, std::string_view help) {
    m_text += strings::format("# HELP %.*s %s\n", static_cast<int>(name.size()), name.data(),
                              escape_help(help).c_str());
    m_text += strings::format("# TYPE %.*s %s\n", static_cast<int>(name.size()), name.data(), type_name(type));
}

void Exposition::sample(std::string_view name, double value, const Labels& labels) {
    m_text.append(name);
    if (!labels.empty()) {
        m_text += '{';
        for (std::size_t i = 0; i < labels.size(); ++i) {
            if (i > 0) m_text += ',';
            m_text += labels[i].first + "=\"" + escape_label_value(labels[i].second) + '"';
        }
        m_text += '}';
    }
    m_text += ' ' + format_sample_value(value) + '\n';
}

void Exposition::histogram(std::string_view name, std::string_view help, const Histogram& histogram) {
    family(name, Type::histogram, help);
    std::string base(name);
    std::span<const double> bounds = histogram.bounds();
    for (std::size_t i = 0; i < bounds.size(); ++i)
        sample(base + "_bucket", static_cast<double>(histogram.cumulative(i)),
               {{"le", format_sample_value(bounds[i])}});
    sample(base + "_bucket", static_cast<double>(histogram.count()), {{"le", "+Inf"}});
    sample(base + "_sum", histogram.sum());
    sample(base + "_count", static_cast<double>(histogram.count()));
}

}  // namespace dcc::daemon
