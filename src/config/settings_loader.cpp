// Reading settings.toml: toml++ parses, then the key lists of settings_schema.hpp are walked
// over the parsed tables. Every problem is reported as "<file>:<line>: ..." so an operator can
// go straight to it. Keys are matched ignoring case as a fallback, because the original's
// TOML library (go-toml v2, like Go's encoding/json) does the same.
#include <toml++/toml.h>

#include <algorithm>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "config/settings.hpp"
#include "config/settings_internal.hpp"
#include "config/settings_schema.hpp"

namespace barertc::config {
namespace {

using Line = toml::source_index;

Line line_of(const toml::node& node) {
    return node.source().begin.line;
}

const char* type_name(const toml::node& node) {
    switch (node.type()) {
        case toml::node_type::string: return "a string";
        case toml::node_type::integer: return "an integer";
        case toml::node_type::floating_point: return "a floating-point number";
        case toml::node_type::boolean: return "a boolean";
        case toml::node_type::table: return "a table";
        case toml::node_type::array: return "an array";
        case toml::node_type::date: return "a date";
        case toml::node_type::time: return "a time";
        case toml::node_type::date_time: return "a date-time";
        case toml::node_type::none: break;
    }
    return "nothing";
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; };
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

// Where messages about one document go.
class Report {
public:
    Report(std::string_view source, std::vector<std::string>& warnings)
        : source_(source), warnings_(warnings) {}

    [[noreturn]] void fail(Line line, std::string_view key, std::string_view problem) const {
        throw SettingsError(at(line) + "key '" + std::string(key) + "' " + std::string(problem));
    }
    void warn(Line line, std::string_view text) { warnings_.push_back(at(line) + std::string(text)); }

private:
    std::string at(Line line) const { return source_ + ":" + std::to_string(line) + ": "; }

    std::string source_;
    std::vector<std::string>& warnings_;
};

// Fills one struct from one TOML table; a visitor for schema::keys.
class TableReader {
public:
    TableReader(Report& report, const toml::table& table, std::string prefix)
        : report_(report), table_(table), prefix_(std::move(prefix)) {}

    void value(const char* key, bool& out) {
        const toml::node* node = find(key);
        if (node == nullptr) return;
        const auto* v = node->as_boolean();
        if (v == nullptr) wrong_type(*node, key, "must be a boolean");
        out = v->get();
    }

    void value(const char* key, std::string& out) {
        const toml::node* node = find(key);
        if (node == nullptr) return;
        const auto* v = node->as_string();
        if (v == nullptr) wrong_type(*node, key, "must be a string");
        out = v->get();
    }

    void value(const char* key, std::vector<std::string>& out) {
        const toml::node* node = find(key);
        if (node == nullptr) return;
        const toml::array* array = node->as_array();
        if (array == nullptr) wrong_type(*node, key, "must be an array of strings");
        std::vector<std::string> items;
        for (const toml::node& element : *array) {
            const auto* v = element.as_string();
            if (v == nullptr) {
                report_.fail(line_of(element), path(key),
                             std::string("must be an array of strings (found ") +
                                 type_name(element) + " in it)");
            }
            items.push_back(v->get());
        }
        out = std::move(items);
    }

    void value(const char* key, int& out, schema::AtLeast min) {
        std::int64_t v = 0;
        if (read_integer(key, v, min, std::numeric_limits<int>::min(),
                         std::numeric_limits<int>::max())) {
            out = static_cast<int>(v);
        }
    }

    void value(const char* key, std::int64_t& out, schema::AtLeast min) {
        read_integer(key, out, min, std::numeric_limits<std::int64_t>::min(),
                     std::numeric_limits<std::int64_t>::max());
    }

    template <class Section>
    void table(const char* key, Section& out) {
        const toml::node* node = find(key);
        if (node == nullptr) return;
        const toml::table* table = node->as_table();
        if (table == nullptr) wrong_type(*node, key, "must be a table");
        TableReader reader(report_, *table, path(key) + ".");
        schema::keys(reader, out);
        reader.warn_about_unknown_keys();
    }

    // An array of tables from the file replaces the default list as a whole.
    template <class Entry>
    void list(const char* key, std::vector<Entry>& out) {
        const toml::node* node = find(key);
        if (node == nullptr) return;
        const toml::array* array = node->as_array();
        if (array == nullptr) wrong_type(*node, key, "must be an array of tables");
        std::vector<Entry> entries;
        std::vector<Line> lines;
        for (const toml::node& element : *array) {
            const toml::table* table = element.as_table();
            if (table == nullptr) {
                report_.fail(line_of(element), path(key),
                             std::string("must be an array of tables (found ") +
                                 type_name(element) + " in it)");
            }
            Entry entry{};
            TableReader reader(report_, *table, path(key) + ".");
            schema::keys(reader, entry);
            reader.warn_about_unknown_keys();
            entries.push_back(std::move(entry));
            lines.push_back(line_of(element));
        }
        check(path(key), line_of(*node), entries, lines);
        out = std::move(entries);
    }

    void warn_about_unknown_keys() {
        for (auto&& [key, node] : table_) {
            if (read_.count(std::string(key.str())) != 0) continue;
            report_.warn(key.source().begin.line,
                         "unknown key '" + path(key.str()) + "' (ignored)");
        }
    }

    // Whether the document had `key` (in any spelling) and it was read.
    bool found(std::string_view key) const { return found_.count(std::string(key)) != 0; }

private:
    std::string path(std::string_view key) const { return prefix_ + std::string(key); }

    // The node for `key`: the exact spelling, else the one spelling that matches ignoring case.
    const toml::node* find(const char* key) {
        const toml::node* match = nullptr;
        const toml::key* match_key = nullptr;
        for (auto&& [k, node] : table_) {
            if (!equals_ignoring_case(k.str(), key)) continue;
            if (match != nullptr) {
                report_.fail(k.source().begin.line, path(key),
                             "is set twice, as '" + std::string(match_key->str()) + "' and '" +
                                 std::string(k.str()) + "'");
            }
            match = &node;
            match_key = &k;
        }
        if (match == nullptr) return nullptr;
        read_.insert(std::string(match_key->str()));
        found_.insert(key);
        if (match_key->str() != key) {
            report_.warn(match_key->source().begin.line,
                         "key '" + path(match_key->str()) + "' read as '" + path(key) +
                             "' (please use the original spelling)");
        }
        return match;
    }

    [[noreturn]] void wrong_type(const toml::node& node, const char* key, std::string problem) {
        report_.fail(line_of(node), path(key), problem + ", not " + type_name(node));
    }

    bool read_integer(const char* key, std::int64_t& out, schema::AtLeast min,
                      std::int64_t type_min, std::int64_t type_max) {
        const toml::node* node = find(key);
        if (node == nullptr) return false;
        const auto* v = node->as_integer();
        if (v == nullptr) wrong_type(*node, key, "must be an integer");
        const std::int64_t value = v->get();
        const std::int64_t lowest = std::max(min.min, type_min);
        const std::string found = " (found " + std::to_string(value) + ")";
        if (value < lowest) {
            const std::string rule = lowest == 1   ? "must be a positive integer"
                                     : lowest == 0 ? "must not be negative"
                                                   : "must be at least " + std::to_string(lowest);
            report_.fail(line_of(*node), path(key), rule + found);
        }
        if (value > type_max) {
            report_.fail(line_of(*node), path(key),
                         "must be at most " + std::to_string(type_max) + found);
        }
        out = value;
        return true;
    }

    // Checks that need a whole list. Most lists have none.
    template <class Entry>
    void check(const std::string&, Line, const std::vector<Entry>&, const std::vector<Line>&) {}

    void check(const std::string& key, Line line, const std::vector<PublicChannel>& channels,
               const std::vector<Line>& lines) {
        if (channels.empty()) report_.fail(line, key, "must list at least one channel");
        std::map<std::string, Line> first_seen;
        for (std::size_t i = 0; i < channels.size(); ++i) {
            if (channels[i].id.empty()) {
                report_.fail(lines[i], key + ".ID", "is missing: every channel needs an ID");
            }
            auto [it, inserted] = first_seen.emplace(channels[i].id, lines[i]);
            if (!inserted) {
                report_.fail(lines[i], key + ".ID",
                             "repeats the channel ID '" + channels[i].id +
                                 "' (first used at line " + std::to_string(it->second) + ")");
            }
        }
    }

    void check(const std::string& key, Line, const std::vector<WebhookUrl>& hooks,
               const std::vector<Line>& lines) {
        for (std::size_t i = 0; i < hooks.size(); ++i) {
            const WebhookUrl& hook = hooks[i];
            if (hook.name != "report" && hook.name != "profile") {
                report_.warn(lines[i], "webhook '" + hook.name + "' in " + key +
                                           " is not used (the server knows 'report' and 'profile')");
            }
            const bool http = hook.url.starts_with("https://") || hook.url.starts_with("http://");
            if (hook.enabled && !http) {
                report_.warn(lines[i], "webhook '" + hook.name +
                                           "' is enabled but its URL is not an http(s) URL");
            }
        }
    }

    void check(const std::string& key, Line, const std::vector<ModerationRule>& rules,
               const std::vector<Line>& lines) {
        for (std::size_t i = 0; i < rules.size(); ++i) {
            if (rules[i].username.empty()) {
                report_.warn(lines[i], "an entry of " + key + " has no Username and applies to nobody");
            }
        }
    }

    Report& report_;
    const toml::table& table_;
    std::string prefix_;
    std::set<std::string> read_;   // keys of table_ consumed, as spelled in the file
    std::set<std::string> found_;  // schema names that were present
};

toml::table parse_toml(std::string_view text, std::string_view source) {
    auto syntax_error = [&](const toml::parse_error& e) {
        const toml::source_region& where = e.source();
        return SettingsError(std::string(source) + ":" + std::to_string(where.begin.line) +
                             ": syntax error: " + std::string(e.description()) + " (column " +
                             std::to_string(where.begin.column) + ")");
    };
#if TOML_EXCEPTIONS
    try {
        return toml::parse(text, source);
    } catch (const toml::parse_error& e) {
        throw syntax_error(e);
    }
#else
    toml::parse_result result = toml::parse(text, source);
    if (!result) throw syntax_error(result.error());
    return std::move(result).table();
#endif
}

}  // namespace

namespace detail {

ParsedSettings parse_document(std::string_view toml_text, std::string_view source_name) {
    try {
        ParsedSettings out;
        Settings& settings = out.result.settings;
        settings = default_settings();
        const std::string fresh_api_key = settings.admin_api_key;

        const toml::table document = parse_toml(toml_text, source_name);
        Report report(source_name, out.result.warnings);
        TableReader reader(report, document, "");
        schema::keys(reader, settings);
        reader.warn_about_unknown_keys();

        out.has_version = reader.found("Version");
        if (!out.has_version) settings.version = 0;  // what the original assumes
        out.has_admin_api_key = !settings.admin_api_key.empty() && reader.found("AdminAPIKey");
        if (settings.admin_api_key.empty()) settings.admin_api_key = fresh_api_key;
        return out;
    } catch (const SettingsError&) {
        throw;
    } catch (const std::exception& e) {
        throw SettingsError(std::string(source_name) + ": " + e.what());
    }
}

}  // namespace detail

LoadResult parse_settings(std::string_view toml_text, std::string_view source_name) {
    return detail::parse_document(toml_text, source_name).result;
}

}  // namespace barertc::config
