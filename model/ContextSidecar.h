// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/checker/Context.h"

#include <QString>

#include <optional>

namespace kps::model {

/**
 * The MWAA context that travels with a policy file: `<policy file>.kpsctx.json` next to it, e.g.
 * `key-policy.json.kpsctx.json`. Only the values the user gave are stored (environment, region, account, key);
 * inferred values are recomputed on every check. Format (docs/user-guide.md):
 * {"kpsContext": 1, "environment": "...", "region": "...", "account": "...", "key": "..."}.
 */
namespace sidecar {

/** The sidecar's path for a policy file ("" for an empty policy path). */
QString pathFor(const QString& policyPath);
/** True when no field is set (nothing worth a file). */
bool isEmpty(const MwaaContext& context);
/** The sidecar's UTF-8 text for a context (stable key order, trailing newline). */
QByteArray serialize(const MwaaContext& context);
/** Parses a sidecar text; nullopt (with *error) when it is not a sidecar. Fields read are marked Given. */
std::optional<MwaaContext> parse(const QByteArray& text, QString* error = nullptr);
/** Reads the sidecar of a policy file; nullopt when there is none or it cannot be read (then *error is set). */
std::optional<MwaaContext> read(const QString& policyPath, QString* error = nullptr);
/**
 * Writes the sidecar atomically (QSaveFile); an empty context removes an existing sidecar instead. Does nothing
 * when the file already holds exactly this content. False with *error on failure.
 */
bool write(const QString& policyPath, const MwaaContext& context, QString* error = nullptr);

} // namespace sidecar
} // namespace kps::model
