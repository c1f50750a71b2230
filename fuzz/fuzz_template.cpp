// SPDX-License-Identifier: GPL-3.0-or-later
// The template reader (core/iac): YAML (yaml-cpp with CloudFormation's short-form tags), CloudFormation JSON and
// Terraform plans -> key policies -> check, with the invariants:
//  - reading never crashes or throws, whatever the bytes (YAML errors, unknown tags, deep nesting are Errors),
//  - an error has a line and column of the text,
//  - every finding of every extracted policy lies inside the template (offset and line/column).
#include "FuzzSupport.h"

#include "core/iac/TemplateCheck.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace kps;
    const std::string text(reinterpret_cast<const char*>(data), size);
    // Both names: a *.yaml file is always read as YAML; any other is sniffed.
    for (const char* path : {"stack.yaml", "plan.json"}) {
        auto read = iac::TemplateDocument::read(text, path);
        if (!read) {
            continue;
        }
        if (!*read) {
            if (read->error().line < 1 || read->error().column < 1 || read->error().message.empty()) {
                fuzz::fail("template error without line, column or message", read->error().message);
            }
            continue;
        }
        const iac::TemplateDocument& document = **read;
        for (const auto& options : {fuzz::mwaaOptions(), CheckOptions{}}) {
            auto policies = iac::keyPolicies(document, options);
            if (!policies) {
                if (policies.error().line < 1) {
                    fuzz::fail("intrinsic error without a line", policies.error().message);
                }
                continue;
            }
            for (const auto& policy : *policies) {
                const auto file = iac::checkKeyPolicy(document, policy, path, options);
                for (const auto& f : file.result.findings) {
                    if (f.location.span.offset > text.size() || f.location.span.line < 1
                        || f.location.span.column < 1) {
                        fuzz::fail("finding outside the template", f.code + " " + f.location.pointer);
                    }
                    if (f.code.empty() || f.message.empty()) {
                        fuzz::fail("finding without code or message");
                    }
                }
                // Ready with placeholders only when every probe value is (core/iac/TemplateCheck); never for a
                // policy Terraform computes at apply or an environment given an alias.
                if (file.result.mwaaReady() && (policy.unknown || policy.keyOutside)) {
                    fuzz::fail("ready although the policy is not in the template", policy.source.resource);
                }
                if (file.result.mwaaReady() && policy.text.find("\"${Fn::If}\"") != std::string::npos) {
                    fuzz::fail("ready although a value of the policy may be anything", policy.source.resource);
                }
            }
        }
    }
    return 0;
}
