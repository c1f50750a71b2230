// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>

namespace kps::render {

/**
 * Where a change-ticket report's original came from: the "Original from" line of the report. The original is what
 * was in place before the change (the file as read, the policy as fetched, or the text a new document started with),
 * so a reviewer can find it and check its SHA-256. Plain data; the renderers word it.
 */
struct ReportOrigin
{
    enum class Kind {
        File, ///< read from the file at `path`
        StandardInput, ///< read from standard input (`keypolicy report -`)
        Aws, ///< the key policy fetched from AWS KMS (`keyArn`, `region`, `fetchedAt`)
        New, ///< a new document (File > New): no original file
        Template, ///< a new document from an MWAA template: no original file
        Clipboard, ///< a new document pasted from the clipboard: no original file
        Restored, ///< an untitled document restored from an autosave: the text it started with is not known
    };

    Kind kind = Kind::New;
    std::string path; ///< File: the file's absolute path
    std::string keyArn; ///< Aws: the key's ARN
    std::string region; ///< Aws: the region it was fetched from
    std::string fetchedAt; ///< Aws: when GetKeyPolicy answered, UTC, ISO 8601 ("2024-05-01T12:34:56Z")

    static ReportOrigin file(std::string absolutePath) { return {Kind::File, std::move(absolutePath), {}, {}, {}}; }
    static ReportOrigin aws(std::string keyArn, std::string region, std::string fetchedAt)
    {
        return {Kind::Aws, {}, std::move(keyArn), std::move(region), std::move(fetchedAt)};
    }
    static ReportOrigin created(Kind kind) { return {kind, {}, {}, {}, {}}; }

    friend bool operator==(const ReportOrigin&, const ReportOrigin&) = default;
};

} // namespace kps::render
