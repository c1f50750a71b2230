// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/checker/Finding.h"
#include "model/QtConvert.h"

#include <QString>

namespace kps::ui {

/** What a parse finding says, for a message that already says "not valid JSON" (the window's error bar, Open). */
inline QString parseFindingReason(const Finding& finding)
{
    if (finding.code == "JSON_SYNTAX" && !finding.args.empty()) {
        return model::toQString(finding.args.front());
    }
    return model::toQString(finding.message);
}

} // namespace kps::ui
