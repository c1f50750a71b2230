// SPDX-License-Identifier: GPL-3.0-or-later
#include "model/PolicyDocument.h"

#include "core/json/JsonHash.h"
#include "model/Commands.h"
#include "model/JsonNodes.h"
#include "model/QtConvert.h"

#include <QDir>
#include <QFileInfo>
#include <QUndoStack>

namespace kps::model {

std::string PolicyDocument::newDocumentText()
{
    return "{\n    \"Version\": \"2012-10-17\",\n    \"Statement\": []\n}\n";
}

PolicyDocument::PolicyDocument(QObject* parent)
    : QObject(parent)
    , m_undoStack(new QUndoStack(this))
{
    connect(m_undoStack, &QUndoStack::cleanChanged, this, [this](bool clean) { emit modificationChanged(!clean); });
    load(newDocumentText());
}

PolicyDocument::~PolicyDocument()
{
    // Nobody hears of the history going away: delete the stack silently while this object is still whole.
    m_undoStack->disconnect(this);
    delete m_undoStack;
    m_undoStack = nullptr;
}

const std::string& PolicyDocument::text() const
{
    return m_current->source.isWrapped() ? m_current->source.wrapperText() : m_current->source.text();
}

const Json& PolicyDocument::json() const
{
    static const Json none;
    return m_lastValid ? m_lastValid->source.json() : none;
}

const PolicyView& PolicyDocument::view() const
{
    static const PolicyView none;
    return m_lastValid ? m_lastValid->view : none;
}

QString PolicyDocument::displayText() const
{
    return displayPiece(text(), 0, text().size());
}

QString PolicyDocument::displayName() const
{
    if (!m_filePath.isEmpty()) {
        return QFileInfo(m_filePath).fileName();
    }
    if (!m_displayName.isEmpty()) {
        return m_displayName;
    }
    return tr("Untitled");
}

bool PolicyDocument::isModified() const
{
    return !m_undoStack->isClean();
}

void PolicyDocument::load(std::string text,
                          const QString& filePath,
                          const QString& displayName,
                          std::optional<render::ReportOrigin> origin)
{
    m_undoStack->clear();
    if (origin) {
        m_origin = std::move(*origin);
    } else if (filePath.isEmpty()) {
        m_origin = render::ReportOrigin::created(render::ReportOrigin::Kind::New);
    } else {
        // The absolute path `keypolicy report` prints for the same file (std::filesystem::absolute, normalized).
        m_origin
            = render::ReportOrigin::file(toStdString(QDir::toNativeSeparators(QFileInfo(filePath).absoluteFilePath())));
    }
    QString path = filePath;
    QString name = displayName;
    SourceDocument parsed = SourceDocument::parse(std::move(text));
    m_unwrapped = parsed.isWrapped();
    // The report's original is the text as given: the wrapper when unwrapped, else the parse's own text, shared with
    // it (a second copy of a large file is megabytes) until the text changes (see adopt()).
    std::shared_ptr<const std::string> original;
    if (m_unwrapped) {
        original = std::make_shared<const std::string>(parsed.wrapperText());
        // Saving must not overwrite the get-key-policy output with a bare policy: forget the path.
        if (name.isEmpty() && !path.isEmpty()) {
            name = QFileInfo(path).fileName();
        }
        path.clear();
        // The document holds the inner policy as its text: parsed again as such.
        parsed = SourceDocument::parse(std::string(parsed.text()));
    }
    m_crlf = parsed.text().find("\r\n") != std::string::npos;
    m_lastValid.reset();
    m_hadValid = false;
    const bool pathChanged = path != m_filePath;
    m_filePath = path;
    m_displayName = name;
    ++m_typingSerial;
    m_lastChange = TextChange::everything();
    std::shared_ptr<const Parse> parse = makeParse(std::move(parsed));
    m_originalText = original ? std::move(original) : textOf(parse);
    m_savedText = m_originalText;
    if (!adopt(std::move(parse))) {
        emit jsonChanged(); // the previous document's DOM is gone
    }
    if (*m_savedText != this->text()) {
        m_savedText = textOf(m_current);
    }
    m_undoStack->setClean();
    if (pathChanged) {
        emit filePathChanged(m_filePath);
    }
    emit modificationChanged(false);
    emit loaded();
}

void PolicyDocument::setOriginal(std::string text, render::ReportOrigin origin)
{
    m_originalText = std::make_shared<const std::string>(std::move(text));
    m_origin = std::move(origin);
}

void PolicyDocument::markSaved(const QString& filePath)
{
    const bool pathChanged = filePath != m_filePath;
    m_filePath = filePath;
    m_displayName.clear();
    m_unwrapped = false;
    m_savedText = *m_originalText == text() ? m_originalText : textOf(m_current);
    m_undoStack->setClean();
    if (pathChanged) {
        emit filePathChanged(m_filePath);
    }
    emit saved(m_filePath);
}

void PolicyDocument::markModified()
{
    m_undoStack->resetClean();
}

bool PolicyDocument::setText(std::string text, std::optional<SourceDocument> parsed, TextChange change)
{
    m_lastChange = change;
    if (parsed && !parsed->isWrapped() && parsed->text() == text) {
        return setParsed(std::move(*parsed));
    }
    // The parse of the text before goes before the next is made: a 6.8 MB policy's parse is about 50 MB, and two at
    // once (and the holes the first left when it went) grew each keystroke's memory by as much. Only when nobody else
    // holds it (a running check, the Simulate dock), else letting go frees nothing.
    std::string previous;
    const bool release = isValid() && m_current == m_lastValid && m_current.use_count() == 2 + textAliases();
    if (release) {
        previous = this->text();
        releaseParses();
    }
    SourceDocument source = SourceDocument::parse(std::move(text));
    if (release && !source.isValid()) {
        // The form goes on showing the last policy that parsed: read it again (only when the text stops parsing).
        m_lastValid = makeParse(SourceDocument::parse(std::move(previous)));
    }
    return setParsed(std::move(source));
}

bool PolicyDocument::setParsed(SourceDocument source)
{
    return adopt(makeParse(std::move(source)));
}

int PolicyDocument::textAliases() const
{
    if (!m_current) {
        return 0;
    }
    const std::string* current = textOf(m_current).get();
    return (m_originalText.get() == current ? 1 : 0) + (m_savedText.get() == current ? 1 : 0);
}

void PolicyDocument::detachTexts()
{
    // The original and saved texts may be the current parse's text: they get their own copy now rather than keep
    // that whole parse (its DOM and index) alive.
    if (!m_current) {
        return;
    }
    const std::string* outgoing = textOf(m_current).get();
    if (m_originalText && m_originalText.get() == outgoing) {
        m_originalText = std::make_shared<const std::string>(*m_originalText);
    }
    if (m_savedText && m_savedText.get() == outgoing) {
        m_savedText
            = *m_savedText == *m_originalText ? m_originalText : std::make_shared<const std::string>(*m_savedText);
    }
}

void PolicyDocument::releaseParses()
{
    detachTexts();
    m_lastValid.reset();
    m_current.reset();
}

std::shared_ptr<const PolicyDocument::Parse> PolicyDocument::makeParse(SourceDocument source)
{
    auto parse = std::make_shared<Parse>();
    parse->source = std::move(source);
    if (parse->source.isValid()) {
        // Read again even when the DOM is the same (a change of layout): the reading refers into its own parse.
        parse->view = readPolicy(parse->source.json());
        parse->fingerprint = jsonFingerprint(parse->source.json());
    }
    return parse;
}

std::shared_ptr<const std::string> PolicyDocument::textOf(const std::shared_ptr<const Parse>& parse)
{
    const SourceDocument& source = parse->source;
    return {parse, source.isWrapped() ? &source.wrapperText() : &source.text()};
}

bool PolicyDocument::adopt(std::shared_ptr<const Parse> parse)
{
    ++m_revision;
    const bool wasValid = m_valid;
    const bool valid = parse->source.isValid();
    const bool domChanged = valid && (!m_hadValid || parse->fingerprint != m_lastFingerprint);
    if (m_current != parse) {
        detachTexts();
    }
    m_current = std::move(parse);
    m_valid = valid;
    if (valid) {
        m_lastValid = m_current;
        m_lastFingerprint = m_current->fingerprint;
        m_hadValid = true;
    }
    emit textChanged();
    if (wasValid != valid) {
        emit validityChanged(valid);
    }
    if (domChanged) {
        emit jsonChanged();
    }
    return domChanged;
}

bool PolicyDocument::fail(const QString& error)
{
    m_lastError = error;
    return false;
}

bool PolicyDocument::execute(std::unique_ptr<DocumentCommand> command)
{
    QString error;
    if (!command->prepare(*this, &error)) {
        return fail(error);
    }
    m_lastError.clear();
    if (command->isNoOp()) {
        return true;
    }
    if (command->isFormEdit() && m_confirmation && !m_confirmation(*command)) {
        return false; // declined: nothing to report
    }
    if (command->id() == -1) {
        ++m_typingSerial; // any other step ends the current typing step
    }
    m_undoStack->push(command.release());
    return true;
}

std::string PolicyDocument::statementPointer(std::size_t index) const
{
    if (!view().statementIsArray) {
        return "/Statement";
    }
    return appendPointer("/Statement", index);
}

std::string PolicyDocument::withLineEndings(std::string text) const
{
    if (!m_crlf) {
        return text;
    }
    std::string out;
    out.reserve(text.size() + text.size() / 16);
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) {
            out += '\r';
        }
        out += text[i];
    }
    return out;
}

// ---- Edits ----------------------------------------------------------------------------------------------------

bool PolicyDocument::editText(qsizetype position, qsizetype removed, const QString& inserted, bool typing)
{
    std::optional<ByteEdit> edit = byteEditFor(text(), position, removed, inserted, m_crlf);
    if (!edit) {
        return false;
    }
    if (text().compare(edit->offset, edit->removed, edit->inserted) == 0) {
        return true;
    }
    execute(std::make_unique<ReplaceTextCommand>(this, std::move(*edit), typing, m_typingSerial));
    return true;
}

bool PolicyDocument::replaceText(const QString& displayText, bool typing)
{
    std::string text = withLineEndings(toStdString(displayText));
    if (text == this->text()) {
        return true;
    }
    return execute(std::make_unique<ReplaceTextCommand>(this, std::move(text), typing, m_typingSerial));
}

void PolicyDocument::endTypingStep()
{
    ++m_typingSerial;
}

bool PolicyDocument::setValue(const std::string& pointer, const Json& value, const QString& what)
{
    QString text = what;
    if (text.isEmpty()) {
        const auto tokens = pointerTokens(pointer);
        text = tr("Edit %1").arg(tokens.empty() ? tr("policy") : toQString(tokens.back()));
    }
    return execute(std::make_unique<SetValueCommand>(this, pointer, value, text));
}

bool PolicyDocument::addStatement(const Json& statement, std::size_t* index)
{
    Json s = statement;
    if (s.is_null()) {
        // A harmless, valid statement for the user to edit: read-only access for the account.
        std::string account = m_context.account;
        for (const auto& st : view().statements) {
            for (const auto& p : st.principals) {
                if (account.empty() && p.type == "AWS" && p.value.rfind("arn:aws:iam::", 0) == 0
                    && p.value.size() >= 25) {
                    account = p.value.substr(13, 12);
                }
            }
        }
        if (account.empty()) {
            account = "111122223333"; // AWS's documentation account: nothing says which one
        }
        const std::string partition = m_context.partition.empty() ? std::string("aws") : m_context.partition;
        std::string sid;
        for (std::size_t n = view().statements.size() + 1;; ++n) {
            sid = "Statement" + std::to_string(n);
            bool taken = false;
            for (const auto& st : view().statements) {
                taken = taken || (st.sid && *st.sid == sid);
            }
            if (!taken) {
                break;
            }
        }
        s = Json::object();
        s["Sid"] = sid;
        s["Effect"] = "Allow";
        s["Principal"] = Json::object({{"AWS", "arn:" + partition + ":iam::" + account + ":root"}});
        s["Action"] = "kms:DescribeKey";
        s["Resource"] = "*";
    }
    const std::size_t at = view().statements.size();
    if (!execute(std::make_unique<AddStatementCommand>(this, std::move(s), at))) {
        return false;
    }
    if (index) {
        *index = at;
    }
    return true;
}

bool PolicyDocument::duplicateStatement(std::size_t index)
{
    return execute(std::make_unique<DuplicateStatementCommand>(this, index));
}

bool PolicyDocument::removeStatement(std::size_t index)
{
    return execute(std::make_unique<RemoveStatementCommand>(this, index));
}

bool PolicyDocument::moveStatement(std::size_t from, std::size_t to)
{
    return execute(std::make_unique<MoveStatementCommand>(this, from, to));
}

namespace {
QString addText(PolicyDocument::Element kind)
{
    switch (kind) {
    case PolicyDocument::Element::Principal:
        return PolicyDocument::tr("Add principal");
    case PolicyDocument::Element::Action:
        return PolicyDocument::tr("Add action");
    case PolicyDocument::Element::Resource:
        return PolicyDocument::tr("Add resource");
    case PolicyDocument::Element::Condition:
        return PolicyDocument::tr("Add condition");
    }
    return {};
}

QString removeText(PolicyDocument::Element kind)
{
    switch (kind) {
    case PolicyDocument::Element::Principal:
        return PolicyDocument::tr("Remove principal");
    case PolicyDocument::Element::Action:
        return PolicyDocument::tr("Remove action");
    case PolicyDocument::Element::Resource:
        return PolicyDocument::tr("Remove resource");
    case PolicyDocument::Element::Condition:
        return PolicyDocument::tr("Remove condition");
    }
    return {};
}
} // namespace

bool PolicyDocument::addValue(const std::string& elementPointer, const std::string& value, Element kind)
{
    if (value.empty()) {
        return fail(tr("Enter a value first."));
    }
    return execute(std::make_unique<AddValueCommand>(this, elementPointer, Json(value), addText(kind)));
}

bool PolicyDocument::addPrincipal(std::size_t statement, const std::string& type, const std::string& value)
{
    if (statement >= view().statements.size()) {
        return fail(tr("There is no statement %1.").arg(statement + 1));
    }
    const StatementView& st = view().statements[statement];
    const std::string element
        = appendPointer(st.pointer, st.hasNotPrincipal && !st.hasPrincipal ? "NotPrincipal" : "Principal");
    const QString text = addText(Element::Principal);
    const Json* node = findNode(json(), element);
    if (type == "*") {
        if (node && node->is_object() && !node->empty()) {
            return fail(tr("Remove the statement's other principals before making it apply to everyone (\"*\")."));
        }
        return execute(std::make_unique<SetValueCommand>(this, element, Json("*"), text));
    }
    if (value.empty()) {
        return fail(tr("Enter a principal first."));
    }
    if (!node || node->is_null()) {
        return execute(std::make_unique<SetValueCommand>(this, element, Json::object({{type, value}}), text));
    }
    if (!node->is_object()) {
        return fail(tr("The statement's principal is \"*\" (everyone); remove it before adding a specific one."));
    }
    return execute(std::make_unique<AddValueCommand>(this, appendPointer(element, type), Json(value), text));
}

bool PolicyDocument::removeValue(const std::string& pointer, Element kind)
{
    return execute(std::make_unique<RemoveValueCommand>(this, pointer, removeText(kind)));
}

namespace {
Json stringArray(const std::vector<std::string>& values)
{
    Json array = Json::array();
    for (const auto& v : values) {
        array.push_back(v);
    }
    return array;
}
} // namespace

bool PolicyDocument::addCondition(std::size_t statement,
                                  const std::string& op,
                                  const std::string& key,
                                  const std::vector<std::string>& values)
{
    return addConditionValues(statement, op, key, stringArray(values));
}

bool PolicyDocument::editCondition(std::size_t statement,
                                   const std::string& op,
                                   const std::string& key,
                                   const std::string& newOp,
                                   const std::string& newKey,
                                   const std::vector<std::string>& values)
{
    return editConditionValues(statement, op, key, newOp, newKey, stringArray(values));
}

bool PolicyDocument::addConditionValues(std::size_t statement,
                                        const std::string& op,
                                        const std::string& key,
                                        const Json& values)
{
    return execute(std::make_unique<SetConditionCommand>(
        this, statementPointer(statement), std::string(), std::string(), op, key, values, tr("Add condition")));
}

bool PolicyDocument::editConditionValues(std::size_t statement,
                                         const std::string& op,
                                         const std::string& key,
                                         const std::string& newOp,
                                         const std::string& newKey,
                                         const Json& values)
{
    return execute(std::make_unique<SetConditionCommand>(
        this, statementPointer(statement), op, key, newOp, newKey, values, tr("Edit condition")));
}

bool PolicyDocument::switchElement(std::size_t statement, const std::string& from, const std::string& to)
{
    if (statement >= view().statements.size()) {
        return fail(tr("There is no statement %1.").arg(statement + 1));
    }
    return execute(std::make_unique<SwitchElementCommand>(this, statementPointer(statement), from, to));
}

bool PolicyDocument::applyFix(const nlohmann::json& patch, const QString& code)
{
    return execute(std::make_unique<ApplyFixCommand>(this, patch, code));
}

bool PolicyDocument::formatDocument()
{
    return execute(std::make_unique<FormatDocumentCommand>(this));
}

} // namespace kps::model
