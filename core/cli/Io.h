// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace kps::cli {

/** Inputs larger than this are refused before reading (a key policy is at most 32 KB). */
inline constexpr std::size_t MaxInputBytes = 16 * 1024 * 1024;

/** Reads a whole file; false with the system's reason ("No such file or directory") on failure. */
bool readFile(const std::string& path, std::string& text, std::string& reason);

/**
 * Replaces `path` with `data` so that readers see either the old or the new content, never a mix: writes a
 * temporary file in the same directory, fsyncs it, renames it over the target and fsyncs the directory. An
 * existing target keeps its permission bits (a new one gets 0666 & ~umask); a symbolic link is followed. On any
 * failure the temporary file is removed, the target is untouched and `reason` says why.
 */
bool writeFileAtomically(const std::string& path, std::string_view data, std::string& reason);

} // namespace kps::cli
