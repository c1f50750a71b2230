// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/json/Expected.h"

#include <cstddef>
#include <string>
#include <string_view>

namespace kps::cli {

/**
 * Reads a whole file. The error names the file and gives the system's reason ("No such file or directory"). Files
 * larger than SourceDocument::MaxInputBytes (the one input limit, shared with the editor) are refused before
 * reading.
 */
Expected<std::string> readFile(const std::string& path);

/**
 * Replaces `path` with `data` so that readers see either the old or the new content, never a mix: writes a
 * temporary file in the same directory, fsyncs it, renames it over the target and fsyncs the directory. An
 * existing target keeps its permission bits (a new one gets 0666 & ~umask); a symbolic link is followed. On any
 * failure the temporary file is removed, the target is untouched and the error names `path` and says why.
 */
Expected<void> writeFileAtomically(const std::string& path, std::string_view data);

} // namespace kps::cli
