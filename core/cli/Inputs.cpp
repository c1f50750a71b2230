// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/cli/Inputs.h"

#include "core/cli/Io.h"
#include "core/iac/TemplateCheck.h"

#include <algorithm>
#include <filesystem>
#include <istream>
#include <iterator>
#include <ostream>

namespace kps::cli {

namespace {

namespace fs = std::filesystem;

void walkDirectory(const std::string& operand, Inputs& result, ReadMode mode)
{
    std::vector<std::string> found;
    std::error_code ec;
    fs::recursive_directory_iterator it(operand, fs::directory_options::none, ec);
    const fs::recursive_directory_iterator end;
    while (!ec && it != end) {
        std::error_code typeError;
        if (it->path().extension() == ".json" && it->is_regular_file(typeError)) {
            found.push_back(it->path().string());
        }
        it.increment(ec);
    }
    if (ec) {
        result.errors.push_back(Error{ec.message(), operand});
        return;
    }
    if (found.empty()) {
        result.errors.push_back(Error{"No *.json file in this directory", operand});
        return;
    }
    std::sort(found.begin(), found.end());
    for (auto& path : found) {
        if (mode == ReadMode::DirectoriesLater) {
            result.files.push_back({std::move(path), std::string(), true, result.errors.size()});
            continue;
        }
        if (auto text = readFile(path)) {
            result.files.push_back({std::move(path), std::move(*text), false, 0});
        } else {
            result.errors.push_back(std::move(text).error());
        }
    }
}

} // namespace

Inputs readInputs(const std::vector<std::string>& operands, std::istream& in, ReadMode mode)
{
    Inputs result;
    bool stdinRead = false;
    for (const auto& operand : operands) {
        if (operand == "-") {
            if (stdinRead) {
                result.errors.push_back(Error{"Standard input can be read only once", std::string(StdinName)});
                continue;
            }
            stdinRead = true;
            std::string text(std::istreambuf_iterator<char>(in), {});
            if (in.bad()) {
                result.errors.push_back(Error{"Read error", std::string(StdinName)});
                continue;
            }
            result.files.push_back({std::string(StdinName), std::move(text), false, 0});
            continue;
        }
        std::error_code ec;
        if (fs::is_directory(operand, ec)) {
            walkDirectory(operand, result, mode);
            continue;
        }
        if (auto text = readFile(operand)) {
            result.files.push_back({operand, std::move(*text), false, 0});
        } else {
            result.errors.push_back(std::move(text).error());
        }
    }
    return result;
}

namespace {

/**
 * A CloudFormation template, CDK output or Terraform plan: one result per key policy in it (none when it holds none),
 * or an input error with the line and column of what could not be read.
 */
void checkTemplate(const Expected<iac::TemplateDocument>& read,
                   const std::string& path,
                   const CheckOptions& options,
                   std::vector<Error>& errors,
                   const std::function<void(render::FileResult&&, SourceDocument&&)>& onFile)
{
    if (!read) {
        Error e = read.error();
        e.file = path;
        errors.push_back(std::move(e));
        return;
    }
    auto policies = iac::keyPolicies(*read, options);
    if (!policies) {
        Error e = policies.error();
        e.file = path;
        errors.push_back(std::move(e));
        return;
    }
    for (const auto& policy : *policies) {
        render::FileResult file = iac::checkKeyPolicy(*read, policy, path, options);
        SourceDocument document = std::move(file.document);
        onFile(std::move(file), std::move(document));
    }
}

/** Reads (when left for later), parses and checks each input in turn; `onFile` takes the result and the document. */
std::vector<Error> forEachInput(Inputs inputs,
                                const CheckOptions& options,
                                const std::function<void(render::FileResult&&, SourceDocument&&)>& onFile)
{
    std::vector<Error> errors = std::move(inputs.errors);
    std::size_t lateErrors = 0; // read errors of inputs left for later, inserted so far
    for (auto& input : inputs.files) {
        if (input.later) {
            auto text = readFile(input.path);
            if (!text) {
                const auto at = errors.begin() + static_cast<std::ptrdiff_t>(input.errorsBefore + lateErrors);
                errors.insert(at, std::move(text).error());
                ++lateErrors;
                continue;
            }
            input.text = std::move(*text);
        }
        if (auto read = iac::TemplateDocument::read(input.text, input.path)) {
            checkTemplate(*read, input.path, options, errors, onFile);
            continue;
        }
        render::FileResult file;
        file.path = std::move(input.path);
        SourceDocument document = SourceDocument::parse(std::move(input.text));
        file.result = check(document, options);
        onFile(std::move(file), std::move(document));
    }
    return errors;
}

} // namespace

render::Report checkInputs(Inputs inputs, const CheckOptions& options, bool keepDocuments)
{
    render::Report report;
    report.files.reserve(inputs.files.size());
    report.errors = forEachInput(std::move(inputs), options, [&](render::FileResult&& file, SourceDocument&& document) {
        if (keepDocuments) {
            file.document = std::move(document);
        }
        // else the document and its text are freed here. (Assigning an empty SourceDocument did not free the text:
        // moving a short string into a std::string keeps the target's buffer.)
        report.files.push_back(std::move(file));
    });
    return report;
}

std::vector<Error> checkInputsEach(Inputs inputs,
                                   const CheckOptions& options,
                                   const std::function<void(const render::FileResult&)>& onFile)
{
    return forEachInput(
        std::move(inputs), options, [&onFile](render::FileResult&& file, SourceDocument&&) { onFile(file); });
}

void printInputErrors(const std::vector<Error>& errors, Streams& io)
{
    for (const auto& e : errors) {
        reportError(io, e);
    }
}

Expected<std::string> singlePolicyOperand(const ParsedArgs& args, std::string_view takes)
{
    if (args.positionals.size() != 1) {
        return Error{std::string(takes) + " exactly one FILE (or - for standard input)"};
    }
    const std::string& operand = args.positionals.front();
    std::error_code ec;
    if (operand != "-" && std::filesystem::is_directory(operand, ec)) {
        return Error{operand + " is a directory; " + std::string(takes) + " one policy file"};
    }
    return operand;
}

Expected<Input> readPolicyOperand(const std::string& operand, std::istream& in)
{
    Inputs inputs = readInputs({operand}, in);
    if (!inputs.errors.empty()) {
        return std::move(inputs.errors.front());
    }
    return std::move(inputs.files.front());
}

void printFindingLines(const std::string& path, const std::vector<Finding>& findings, Streams& io)
{
    for (const auto& f : findings) {
        io.err << path << ':' << f.location.span.line << ':' << f.location.span.column << ": "
               << severityName(f.severity) << ' ' << f.code << ' ' << f.message << '\n';
    }
}

} // namespace kps::cli
