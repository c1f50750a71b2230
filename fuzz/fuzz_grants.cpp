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
    if (!list) {
        if (list.error().message.empty()) {
            fuzz::fail("readGrantsText failed without a reason");
        }
        return 0;
    }
    for (const auto& grant : list->grants) {
        (void)grant.label();
    }
    // Parsed again the way the CLI does (--grants FILE), then the whole check with the grants given.
    const auto json = Json::parse(text, nullptr, false);
    if (json.is_discarded()) {
        return 0; // readGrantsText may accept what nlohmann's lenient parse does not; nothing more to check
    }
    auto options = fuzz::mwaaOptions();
    options.grants = json;
    static const auto doc = SourceDocument::parse(policy());
    const auto result = check(doc, options);
    fuzz::checkLocations(doc, result.findings);
    return 0;
}
