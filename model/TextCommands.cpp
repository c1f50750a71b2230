// SPDX-License-Identifier: GPL-3.0-or-later
#include "model/TextCommands.h"

#include "model/PolicyDocument.h"

namespace kps::model {

SetTextCommand::SetTextCommand(PolicyDocument* document, std::string text, const QString& name)
    : DocumentCommand(document, name)
    , m_text(std::move(text))
{ }

std::optional<std::string> SetTextCommand::computeText(const PolicyDocument& document, QString*) const
{
    return document.withLineEndings(m_text);
}

} // namespace kps::model
