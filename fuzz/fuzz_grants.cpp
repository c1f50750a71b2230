// SPDX-License-Identifier: GPL-3.0-or-later
// The `aws kms list-grants` reader, then the MWAA grant checks of a fixed, correct policy against what was read.
#include "FuzzSupport.h"

#include "core/mwaa/Grants.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace {

const std::string& policy()
{
    static const std::string text = R"({
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "Enable IAM User Permissions", "Effect": "Allow",
     "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"},
    {"Sid": "Allow logs", "Effect": "Allow",
     "Principal": {"Service": "logs.eu-west-1.amazonaws.com"},
     "Action": ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
     "Resource": "*",
     "Condition": {"ArnLike": {"kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:eu-west-1:111122223333:*"}}}
  ]
})";
    return text;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace kps;
    const std::string text(reinterpret_cast<const char*>(data), size);
    const auto list = mwaa::readGrantsText(text);
    auto listing = mwaa::readGrantsDocument(text, "grants.json");
    if (list.ok() != listing.ok()) {
        fuzz::fail("readGrantsText and readGrantsDocument disagree");
    }
    if (!list) {
        if (list.error().message.empty()) {
            fuzz::fail("readGrantsText failed without a reason");
        }
        if (listing.error().file != "grants.json") {
            fuzz::fail("readGrantsDocument's error does not name the file");
        }
        return 0;
    }
    for (const auto& grant : list->grants) {
        (void)grant.label();
    }
    // The whole check with the grants given, as the CLI reads them (--grants FILE): every grant finding lies in the
    // listing, every other one in the policy.
    auto options = fuzz::mwaaOptions();
    options.grants = std::move(*listing);
    static const auto doc = SourceDocument::parse(policy());
    const auto result = check(doc, options);
    fuzz::checkLocations(doc, result.findings, &options.grants->document);
    return 0;
}
