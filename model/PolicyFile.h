// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/json/SourceDocument.h"

#include <QString>

#include <string>

namespace kps::model {

/** Reading and writing policy files: size limit, text checks, and atomic saves. */
namespace PolicyFile {

struct ReadResult
{
    bool ok = false;
    std::string text; ///< the bytes of the file when ok
    QString error; ///< a sentence naming the file when not ok
};

/**
 * Reads a file; refuses files over SourceDocument::MaxInputBytes (core's one input limit, the same as `keypolicy`'s),
 * unreadable files and files that are not UTF-8 text.
 */
ReadResult read(const QString& path);

/** Writes atomically with QSaveFile; on failure returns false with a sentence in *error, and the file is unchanged. */
bool write(const QString& path, const std::string& text, QString* error);

} // namespace PolicyFile
} // namespace kps::model
