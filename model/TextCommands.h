// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/Commands.h"

namespace kps::model {

/** Replaces the whole text as one named undo step (`Apply all fixes`, templates); never merges with typing. */
class SetTextCommand : public DocumentCommand
{
public:
    SetTextCommand(PolicyDocument* document, std::string text, const QString& name);

protected:
    std::optional<std::string> computeText(const PolicyDocument& document, QString* error) const override;

private:
    std::string m_text;
};

} // namespace kps::model
