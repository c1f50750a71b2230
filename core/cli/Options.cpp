// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/cli/Options.h"

#include "core/checker/ContextValues.h"
#include "core/cli/Io.h"
#include "core/mwaa/Grants.h"

#include <algorithm>
#include <ostream>

namespace kps::cli {

namespace {

const OptionSpec* findOption(const std::vector<OptionSpec>& options, std::string_view name)
{
    for (const auto& o : options) {
        if (o.name == name || (!o.alias.empty() && o.alias == name)) {
            return &o;
        }
    }
    return nullptr;
}

std::size_t editDistance(std::string_view a, std::string_view b)
{
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        row[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::string closestOption(const std::vector<OptionSpec>& options, std::string_view name)
{
    std::string best;
    std::size_t bestDistance = 3; // only suggest near misses
    for (const auto& o : options) {
        for (std::string_view candidate : {o.name, o.alias}) {
            if (candidate.empty()) {
                continue;
            }
            const auto d = editDistance(name, candidate);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
    }
    return best;
}

} // namespace

bool ParsedArgs::has(std::string_view name) const
{
    return std::find(flags.begin(), flags.end(), name) != flags.end()
        || std::any_of(values.begin(), values.end(), [name](const auto& v) { return v.first == name; });
}

std::optional<std::string> ParsedArgs::value(std::string_view name) const
{
    for (auto it = values.rbegin(); it != values.rend(); ++it) {
        if (it->first == name) {
            return it->second;
        }
    }
    return std::nullopt;
}

std::vector<std::string> ParsedArgs::all(std::string_view name) const
{
    std::vector<std::string> out;
    for (const auto& [option, value] : values) {
        if (option == name) {
            out.push_back(value);
        }
    }
    return out;
}

Expected<ParsedArgs> parseArgs(const std::vector<std::string>& args, const std::vector<OptionSpec>& options)
{
    ParsedArgs parsed;
    bool operandsOnly = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (operandsOnly || arg == "-" || arg.empty() || arg[0] != '-') {
            parsed.positionals.push_back(arg);
            continue;
        }
        if (arg == "--") {
            operandsOnly = true;
            continue;
        }
        std::string name = arg;
        std::optional<std::string> inlineValue;
        if (arg.rfind("--", 0) == 0) {
            if (const auto eq = arg.find('='); eq != std::string::npos) {
                name = arg.substr(0, eq);
                inlineValue = arg.substr(eq + 1);
            }
        }
        const OptionSpec* spec = findOption(options, name);
        if (!spec) {
            std::string message = "unknown option '" + name + "'";
            if (const auto suggestion = closestOption(options, name); !suggestion.empty()) {
                message += " (did you mean " + suggestion + "?)";
            }
            return Error{std::move(message)};
        }
        const std::string canonical(spec->name);
        if (spec->valueName.empty()) {
            if (inlineValue) {
                return Error{"option " + canonical + " takes no value"};
            }
            parsed.flags.push_back(canonical);
            continue;
        }
        if (!inlineValue) {
            if (i + 1 >= args.size()) {
                return Error{"option " + canonical + " needs a value (" + std::string(spec->valueName) + ")"};
            }
            inlineValue = args[++i];
        }
        parsed.values.emplace_back(canonical, *inlineValue);
    }
    return parsed;
}

std::vector<OptionSpec> contextOptions()
{
    return {
        {"--region",
         "",
         "R",
         "The MWAA environment's region (e.g. eu-west-1); its partition follows from it. Without it the region is "
         "inferred from --key when that is an ARN, else from the policy's CloudWatch Logs statement."},
        {"--account", "", "ID", "The account that owns the key and the environment (12 digits)."},
        {"--env", "", "NAME", "The MWAA environment name (used for grant names and log group names)."},
        {"--key", "", "ID_OR_ARN", "The key as it will be given to MWAA (key id or key ARN)."},
        {"--org-id",
         "",
         "ORG",
         "The AWS Organizations id of the environment's account (o-...), or none: decides organization-perimeter "
         "statements (aws:PrincipalOrgID). Without it, a verdict that depends on it says so."},
        {"--grants",
         "",
         "FILE",
         "The key's grants as printed by `aws kms list-grants` ({\"Grants\": [...]}, an array of pages, or a bare "
         "array of grants): audited with the policy, each finding located in FILE."},
        {"--execution-role-policy",
         "",
         "FILE",
         "The MWAA execution role's IAM policy (JSON), checked for the KMS permissions MWAA needs."},
        {"--execution-role", "", "ARN", "The MWAA execution role's ARN."},
        {"--no-mwaa", "", "", "Generic key policy checks only (no MWAA profile)."},
    };
}

OptionSpec formatOption()
{
    return {"--format",
            "",
            "FORMAT",
            "Output format: text (default, for people), json (the schema of docs/cli.md) or sarif (SARIF 2.1.0, for "
            "code scanning)."};
}

OptionSpec failOnOption()
{
    return {"--fail-on",
            "",
            "SEVERITY",
            "The lowest severity that makes the exit status 1: error (default), security, warning or suggestion."};
}

OptionSpec outputOption()
{
    return {"-o",
            "--output",
            "FILE",
            "Write the output to FILE instead of standard output. The file is replaced atomically: it holds either "
            "its old content or the complete new one, never a part."};
}

std::vector<OptionSpec> joinOptions(std::initializer_list<std::vector<OptionSpec>> groups)
{
    std::vector<OptionSpec> all;
    for (const auto& g : groups) {
        all.insert(all.end(), g.begin(), g.end());
    }
    return all;
}

namespace {

/** The given context values of `fields`: one definition of a valid value (core/checker/ContextValues). */
Expected<void>
readContextFields(const ParsedArgs& args, std::initializer_list<ContextField> fields, MwaaContext& context)
{
    for (const ContextField field : fields) {
        const auto value = args.value(contextOptionName(field));
        if (!value) {
            continue;
        }
        if (auto set = setGivenContextValue(context, field, *value); !set) {
            return std::move(set).error();
        }
    }
    return {};
}

} // namespace

std::vector<OptionSpec> keyOptions()
{
    return {
        {"--account",
         "",
         "ID",
         "The account that owns the key (12 digits). Without it, the account of a --key ARN, else the one account "
         "principal of the policy's Allow statements (as keypolicy check infers it)."},
        {"--region",
         "",
         "R",
         "The key's region (e.g. eu-west-1): aws:RequestedRegion and the key's ARN. Without it, the region of a --key "
         "ARN, else the policy's CloudWatch Logs principal."},
        {"--key", "", "ID_OR_ARN", "The key (key id or key ARN): decides statements whose Resource names a key ARN."},
    };
}

Expected<void> readKeyOptions(const ParsedArgs& args, MwaaContext& given)
{
    return readContextFields(args, {ContextField::Account, ContextField::Region, ContextField::Key}, given);
}

Expected<std::string> readFormatName(const ParsedArgs& args, std::initializer_list<std::string_view> allowed)
{
    const auto value = args.value("--format");
    if (!value) {
        return std::string(*allowed.begin());
    }
    std::string names;
    for (std::string_view a : allowed) {
        if (*value == a) {
            return *value;
        }
        names += (names.empty() ? "" : ", ") + std::string(a);
    }
    return Error("--format: '" + *value + "' is not one of " + names);
}

Expected<CheckOptions> readCheckOptions(const ParsedArgs& args)
{
    CheckOptions options;
    options.mwaa = !args.has("--no-mwaa");
    // One definition of a valid context value (core/checker/ContextValues), shared with the editor.
    if (auto read = readContextFields(args,
                                      {ContextField::Region,
                                       ContextField::Account,
                                       ContextField::Environment,
                                       ContextField::Key,
                                       ContextField::Organization},
                                      options.context);
        !read) {
        return std::move(read).error();
    }
    if (auto file = args.value("--grants")) {
        auto text = readFile(*file);
        if (!text) {
            return std::move(text).error();
        }
        // Parsed with positions, so every grant finding names FILE, a line and a column in it.
        auto grants = mwaa::readGrantsDocument(std::move(*text), *file);
        if (!grants) {
            Error error = std::move(grants).error();
            error.message += " (expected the output of `aws kms list-grants`)";
            return error;
        }
        options.grants = std::move(*grants);
    }
    if (auto file = args.value("--execution-role-policy")) {
        auto text = readFile(*file);
        if (!text) {
            return std::move(text).error();
        }
        options.rolePolicy = std::move(*text);
    }
    if (auto arn = args.value("--execution-role")) {
        options.roleArn = *arn;
    }
    return options;
}

Expected<Format> readFormat(const ParsedArgs& args)
{
    const auto value = args.value("--format");
    if (!value || *value == "text") {
        return Format::Text;
    }
    if (*value == "json") {
        return Format::Json;
    }
    if (*value == "sarif") {
        return Format::Sarif;
    }
    return Error{"--format: '" + *value + "' is not one of text, json, sarif"};
}

Expected<Severity> readFailOn(const ParsedArgs& args)
{
    const auto value = args.value("--fail-on");
    if (!value) {
        return Severity::Error;
    }
    if (auto severity = severityFromName(*value)) {
        return *severity;
    }
    return Error{"--fail-on: '" + *value + "' is not one of error, security, warning, suggestion"};
}

Expected<void> writeOutput(const ParsedArgs& args, std::string_view text, std::ostream& out)
{
    const auto file = args.value("-o");
    if (!file || *file == "-") {
        out << text;
        out.flush();
        if (!out) {
            return Error{"Write error", std::string(StdoutName)};
        }
        return {};
    }
    return writeFileAtomically(*file, text);
}

namespace {

/** The one form of an error line: "keypolicy[ COMMAND]: FILE:LINE:COLUMN: message" (Error::text()). */
void printErrorLine(Streams& io, std::string_view command, const Error& error)
{
    io.err << "keypolicy";
    if (!command.empty()) {
        io.err << ' ' << command;
    }
    io.err << ": " << error.text() << '\n';
}

} // namespace

int reportError(Streams& io, const Error& error)
{
    printErrorLine(io, {}, error);
    return ExitError;
}

int usageError(Streams& io, std::string_view command, const Error& error)
{
    printErrorLine(io, command, error);
    io.err << "Try 'keypolicy" << (command.empty() ? "" : " ") << command << " --help'.\n";
    return ExitError;
}

int usageError(Streams& io, std::string_view command, std::string_view message)
{
    return usageError(io, command, Error{std::string(message)});
}

} // namespace kps::cli
