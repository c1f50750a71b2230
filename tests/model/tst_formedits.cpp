// SPDX-License-Identifier: GPL-3.0-or-later
// The form's commands on generated policies holding every element kind (Not… forms, duplicate keys, typed values,
// qualified operators, unknown elements, several layouts): each command changes only the JSON it targets (every
// other byte stays), undo restores every byte, and what the form cannot write without loss it refuses.
#include "model/AccessGuard.h"
#include "model/Commands.h"
#include "model/ConditionsModel.h"
#include "model/JsonNodes.h"
#include "model/PolicyDocument.h"
#include "model/QtConvert.h"

#include <QTest>
#include <QUndoStack>

#include <cctype>
#include <functional>
#include <random>

using namespace kps;
using namespace kps::model;

namespace {

/** How a generated policy is laid out. */
struct Layout
{
    std::string indent; ///< one level
    std::string newline;
    bool inlineArrays; ///< ["a", "b"] on one line
};

/**
 * Writes a policy as text by hand (so that it can hold what no DOM can: a duplicate key, 3600.50), statement by
 * statement, from a seed: every statement has Sid and Effect, a Principal or NotPrincipal ("*", or AWS values), an
 * Action or NotAction, a Resource or NotResource, usually a Condition with typed values and qualified operators,
 * sometimes an unknown element, and sometimes a second StringEquals block.
 */
class PolicyWriter
{
public:
    PolicyWriter(unsigned seed, Layout layout)
        : m_random(seed)
        , m_layout(std::move(layout))
    { }

    std::string policy(int statements)
    {
        std::vector<std::string> members{quote("Version") + ": " + quote("2012-10-17"),
                                         quote("Id") + ": " + quote("key-policy-" + std::to_string(pick(100)))};
        if (chance(2)) {
            members.push_back(quote("X-Team") + ": {" + quote("owner") + ": " + quote("data") + "}");
        }
        std::vector<std::string> list;
        for (int i = 0; i < statements; ++i) {
            list.push_back(statement(i, 2));
        }
        members.push_back(quote("Statement") + ": [" + m_layout.newline + join(list, 2) + m_layout.newline + indent(1)
                          + "]");
        return "{" + m_layout.newline + join(members, 1) + m_layout.newline + "}" + m_layout.newline;
    }

private:
    std::string statement(int index, int depth)
    {
        std::vector<std::string> m;
        m.push_back(quote("Sid") + ": " + quote("S" + std::to_string(index)));
        const bool deny = chance(3);
        m.push_back(quote("Effect") + ": " + quote(deny ? "Deny" : "Allow"));
        const std::string principal = deny && chance(2) ? "NotPrincipal" : "Principal";
        if (principal == "Principal" && chance(3)) {
            m.push_back(quote(principal) + ": " + quote("*"));
        } else {
            std::vector<std::string> arns;
            for (int i = 0, n = 1 + pick(3); i < n; ++i) {
                arns.push_back(quote("arn:aws:iam::111122223333:role/r" + std::to_string(i)));
            }
            m.push_back(quote(principal) + ": {" + quote("AWS") + ": " + array(arns, depth + 2) + "}");
        }
        const std::string action = chance(3) ? "NotAction" : "Action";
        std::vector<std::string> actions{quote("kms:Decrypt"), quote("kms:Describe*")};
        if (chance(2)) {
            actions.push_back(quote("kms:GenerateDataKey*"));
        }
        m.push_back(quote(action) + ": " + (chance(4) ? actions.front() : array(actions, depth + 1)));
        m.push_back(quote(chance(5) ? "NotResource" : "Resource") + ": " + quote("*"));
        if (chance(5)) {
            m.push_back(quote("Unknown" + std::to_string(index)) + ": {" + quote("kept") + ": [1, 2.50]}");
        }
        if (!chance(5)) {
            std::vector<std::string> blocks;
            blocks.push_back(quote("StringEquals") + ": {" + quote("kms:CallerAccount") + ": "
                             + array({quote("111122223333"), quote("a, b")}, depth + 3) + "}");
            blocks.push_back(quote("NumericLessThanEquals") + ": {" + quote("kms:RecipientAttestation:ImageSha384")
                             + ": 3600.50}");
            blocks.push_back(quote("BoolIfExists") + ": {" + quote("aws:SecureTransport") + ": true}");
            blocks.push_back(quote("ForAnyValue:StringLike") + ": {" + quote("kms:EncryptionContextKeys") + ": "
                             + array({quote("app*"), quote("7200")}, depth + 3) + "}");
            if (chance(4)) {
                blocks.push_back(quote("StringEquals") + ": {" + quote("kms:ViaService") + ": "
                                 + quote("s3.us-east-1.amazonaws.com") + "}");
            }
            m.push_back(quote("Condition") + ": {" + m_layout.newline + join(blocks, depth + 2) + m_layout.newline
                        + indent(depth + 1) + "}");
        }
        return indent(depth) + "{" + m_layout.newline + join(m, depth + 1) + m_layout.newline + indent(depth) + "}";
    }

    std::string array(const std::vector<std::string>& items, int depth)
    {
        if (m_layout.inlineArrays) {
            std::string out = "[";
            for (std::size_t i = 0; i < items.size(); ++i) {
                out += (i ? ", " : "") + items[i];
            }
            return out + "]";
        }
        std::string out = "[" + m_layout.newline;
        for (std::size_t i = 0; i < items.size(); ++i) {
            out += indent(depth) + items[i] + (i + 1 < items.size() ? "," : "") + m_layout.newline;
        }
        return out + indent(depth - 1) + "]";
    }

    /// Members or elements one per line at `depth` (a statement's text already starts with its indentation).
    std::string join(const std::vector<std::string>& items, int depth)
    {
        std::string out;
        for (std::size_t i = 0; i < items.size(); ++i) {
            const bool indented = items[i].rfind(indent(depth), 0) == 0 && !indent(depth).empty();
            out += (indented ? "" : indent(depth)) + items[i] + (i + 1 < items.size() ? "," + m_layout.newline : "");
        }
        return out;
    }

    std::string indent(int depth) const
    {
        std::string out;
        for (int i = 0; i < depth; ++i) {
            out += m_layout.indent;
        }
        return out;
    }
    static std::string quote(const std::string& text) { return Json(text).dump(); }
    int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(m_random); }
    bool chance(int oneIn) { return pick(oneIn) == 0; }

    std::mt19937 m_random;
    Layout m_layout;
};

/** The text of a node's value (or of the whole member with `member`), or "" when the document has no such node. */
std::string nodeText(const SourceDocument& doc, const std::string& pointer, bool member = false)
{
    if (!doc.contains(pointer)) {
        return {};
    }
    const Span value = doc.locate(pointer).span;
    std::size_t start = value.offset;
    if (member) {
        start = std::min(start, doc.locate(pointer, true).span.offset);
    }
    return doc.text().substr(start, value.offset + value.length - start);
}

/** A form command and the statement member it targets ("" for commands on the Statement list). */
struct FormCommand
{
    std::string name;
    std::string target; ///< the member it may change: "Sid", "Action", "Condition"... or "" (statements)
    std::function<bool(PolicyDocument&)> run;
};

std::vector<FormCommand> commandsFor(const PolicyDocument& doc, std::size_t i)
{
    const StatementView& st = doc.view().statements[i];
    std::vector<FormCommand> out;
    const auto add = [&](std::string name, std::string target, std::function<bool(PolicyDocument&)> run) {
        out.push_back(FormCommand{std::move(name), std::move(target), std::move(run)});
    };
    const std::string actionElement = st.hasNotAction ? "NotAction" : "Action";
    const std::string principalElement = st.hasNotPrincipal ? "NotPrincipal" : "Principal";
    const std::string p = st.pointer;
    add("set Sid", "Sid", [p](PolicyDocument& d) { return d.setValue(appendPointer(p, "Sid"), Json("Renamed")); });
    add("set Effect", "Effect", [p, st](PolicyDocument& d) {
        return d.setValue(appendPointer(p, "Effect"), Json(st.isDeny() ? "Allow" : "Deny"));
    });
    add("add action", actionElement, [p, actionElement](PolicyDocument& d) {
        return d.addValue(appendPointer(p, actionElement), "kms:Encrypt", PolicyDocument::Element::Action);
    });
    if (!st.actions.empty()) {
        const std::string last = st.actions.back().pointer;
        add("remove action", actionElement, [last](PolicyDocument& d) {
            return d.removeValue(last, PolicyDocument::Element::Action);
        });
    }
    add("add principal", principalElement, [i](PolicyDocument& d) {
        return d.addPrincipal(i, "AWS", "arn:aws:iam::444455556666:root");
    });
    if (!st.principals.empty()) {
        const std::string first = st.principals.front().pointer;
        add("remove principal", principalElement, [first](PolicyDocument& d) {
            return d.removeValue(first, PolicyDocument::Element::Principal);
        });
    }
    add("switch action form", st.hasNotAction ? "NotAction" : "Action", [i, st](PolicyDocument& d) {
        return st.hasNotAction ? d.switchElement(i, "NotAction", "Action") : d.switchElement(i, "Action", "NotAction");
    });
    add("add new condition", "Condition", [i](PolicyDocument& d) {
        return d.addConditionValues(i, "StringEquals", "kms:ViaService", Json::array({"ec2.us-east-1.amazonaws.com"}));
    });
    add("add value to existing condition", "Condition", [i](PolicyDocument& d) {
        return d.addConditionValues(i, "StringEquals", "kms:CallerAccount", Json::array({"444455556666"}));
    });
    for (const ConditionEntry& c : st.conditions) {
        const Json* raw = findNode(doc.json(), c.keyPointer);
        if (!raw) {
            continue;
        }
        const Json old = raw->is_array() ? *raw : Json::array({*raw});
        Json changed = old;
        changed.back() = changed.back().is_boolean() ? Json(!changed.back().get<bool>())
            : changed.back().is_number()             ? Json(42)
                                                     : Json("changed, with a comma");
        add("edit values of " + c.op, "Condition", [i, c, changed](PolicyDocument& d) {
            return d.editConditionValues(i, c.op, c.key, c.op, c.key, changed);
        });
        add("rename key of " + c.op, "Condition", [i, c, old](PolicyDocument& d) {
            return d.editConditionValues(i, c.op, c.key, c.op, c.key + "Renamed", old);
        });
        add("change operator of " + c.op, "Condition", [i, c, old](PolicyDocument& d) {
            return d.editConditionValues(i, c.op, c.key, "StringNotEquals", c.key, old);
        });
        add("remove condition " + c.op, "Condition", [c](PolicyDocument& d) {
            return d.removeValue(c.keyPointer, PolicyDocument::Element::Condition);
        });
    }
    add("duplicate statement", "", [i](PolicyDocument& d) { return d.duplicateStatement(i); });
    add("add statement", "", [](PolicyDocument& d) { return d.addStatement(); });
    return out;
}

/** Whether any parse problem of the text is a duplicate key inside the pointer's subtree (or at it). */
bool holdsDuplicate(const SourceDocument& doc, const std::string& pointer)
{
    for (const ParseProblem& problem : doc.problems()) {
        if (problem.kind == ParseProblem::Kind::DuplicateKey
            && (problem.pointer == pointer || problem.pointer.rfind(pointer + "/", 0) == 0)) {
            return true;
        }
    }
    return false;
}

} // namespace

class TestFormEdits : public QObject
{
    Q_OBJECT

private slots:
    void everyCommandChangesOnlyItsTarget_data()
    {
        QTest::addColumn<unsigned>("seed");
        QTest::addColumn<QString>("indent");
        QTest::addColumn<QString>("newline");
        QTest::addColumn<bool>("inlineArrays");
        const QStringList indents{QStringLiteral("    "), QStringLiteral("  "), QStringLiteral("\t")};
        for (unsigned seed = 1; seed <= 12; ++seed) {
            QTest::addRow("seed %u", seed)
                << seed << indents[static_cast<int>(seed % 3)]
                << (seed % 4 == 0 ? QStringLiteral("\r\n") : QStringLiteral("\n")) << (seed % 2 == 0);
        }
    }

    void everyCommandChangesOnlyItsTarget()
    {
        QFETCH(unsigned, seed);
        QFETCH(QString, indent);
        QFETCH(QString, newline);
        QFETCH(bool, inlineArrays);
        PolicyWriter writer(seed, Layout{toStdString(indent), toStdString(newline), inlineArrays});
        const std::string text = writer.policy(3);
        PolicyDocument probe;
        probe.load(text);
        QVERIFY2(probe.isValid(), text.c_str());
        int made = 0;
        int refused = 0;
        for (std::size_t i = 0; i < probe.view().statements.size(); ++i) {
            for (const FormCommand& command : commandsFor(probe, i)) {
                PolicyDocument doc;
                doc.load(text);
                const SourceDocument before = doc.source();
                const std::string statement = before.isValid() ? doc.statementPointer(i) : std::string();
                const QString what = QStringLiteral("statement %1, %2").arg(i).arg(toQString(command.name));
                if (!command.run(doc)) {
                    ++refused;
                    QVERIFY2(!doc.lastError().isEmpty(), qPrintable(what));
                    QCOMPARE(doc.text(), text);
                    QCOMPARE(doc.undoStack()->count(), 0);
                    continue;
                }
                ++made;
                const std::string after = doc.text();
                QVERIFY2(doc.isValid(), qPrintable(what));
                QCOMPARE(doc.undoStack()->count(), after == text ? 0 : 1);
                // A duplicate key is never edited away: its text (the second StringEquals block) is still there.
                const auto count = [](const std::string& in) {
                    std::size_t n = 0;
                    for (auto at = in.find("s3.us-east-1"); at != std::string::npos;
                         at = in.find("s3.us-east-1", at + 1)) {
                        ++n;
                    }
                    return n;
                };
                QVERIFY2(count(after) >= count(text) || command.name.rfind("remove", 0) == 0,
                         qPrintable(what + QStringLiteral(": dropped the duplicate key")));
                const SourceDocument& now = doc.source();
                if (command.target.empty()) {
                    // A statement added or duplicated: the policy's other members and statements keep their text.
                    for (const char* member : {"/Version", "/Id", "/X-Team"}) {
                        QCOMPARE(nodeText(now, member, true), nodeText(before, member, true));
                    }
                    for (std::size_t s = 0; s <= i; ++s) {
                        QCOMPARE(nodeText(now, appendPointer("/Statement", s)),
                                 nodeText(before, appendPointer("/Statement", s)));
                    }
                } else {
                    // Everything before and after the targeted statement is byte-identical...
                    const Span was = before.locate(statement).span;
                    const Span is = now.locate(statement).span;
                    QCOMPARE(after.substr(0, is.offset), text.substr(0, was.offset));
                    QCOMPARE(after.substr(is.offset + is.length), text.substr(was.offset + was.length));
                    // ...and so is every member of the statement but the targeted one (or its other form).
                    const Json& old = *findNode(before.json(), statement);
                    const std::string other
                        = command.target.rfind("Not", 0) == 0 ? command.target.substr(3) : "Not" + command.target;
                    for (auto it = old.begin(); it != old.end(); ++it) {
                        if (it.key() == command.target || it.key() == other) {
                            continue;
                        }
                        QVERIFY2(nodeText(now, appendPointer(statement, it.key()), true)
                                     == nodeText(before, appendPointer(statement, it.key()), true),
                                 qPrintable(what + QStringLiteral(": changed ") + toQString(it.key())));
                    }
                }
                // Undo restores every byte; redo makes the same edit again.
                doc.undoStack()->undo();
                QCOMPARE(doc.text(), text);
                doc.undoStack()->redo();
                QCOMPARE(doc.text(), after);
            }
        }
        QVERIFY(made > 20);
        qInfo("%d form commands made, %d refused", made, refused);
    }

    /** Within a Condition, an edit of one operator/key leaves every other entry's text (and type) as it was. */
    void conditionEditsKeepTheOtherEntries()
    {
        for (unsigned seed = 1; seed <= 8; ++seed) {
            PolicyWriter writer(seed, Layout{"    ", "\n", seed % 2 == 0});
            const std::string text = writer.policy(2);
            PolicyDocument probe;
            probe.load(text);
            for (std::size_t i = 0; i < probe.view().statements.size(); ++i) {
                const auto conditions = probe.view().statements[i].conditions;
                for (const ConditionEntry& target : conditions) {
                    PolicyDocument doc;
                    doc.load(text);
                    const Json raw = *findNode(doc.json(), target.keyPointer);
                    Json values = raw.is_array() ? raw : Json::array({raw});
                    values.push_back("added");
                    if (!doc.editConditionValues(i, target.op, target.key, target.op, target.key, values)) {
                        // Only a block the text holds twice is refused.
                        QVERIFY2(holdsDuplicate(probe.source(), target.opPointer), qPrintable(doc.lastError()));
                        continue;
                    }
                    for (const ConditionEntry& c : conditions) {
                        if (c.keyPointer != target.keyPointer) {
                            QCOMPARE(nodeText(doc.source(), c.keyPointer, true),
                                     nodeText(probe.source(), c.keyPointer, true));
                        }
                    }
                    // The values that were there keep their type and spelling (3600.50, true).
                    const std::string was = nodeText(probe.source(), target.keyPointer);
                    const std::string now = nodeText(doc.source(), target.keyPointer);
                    if (raw.is_array()) {
                        // The old array's text up to its last value is where it was: the value goes after it.
                        std::string head = was.substr(0, was.size() - 1);
                        while (!head.empty() && std::isspace(static_cast<unsigned char>(head.back()))) {
                            head.pop_back();
                        }
                        QVERIFY2(now.rfind(head, 0) == 0, now.c_str());
                    } else {
                        QVERIFY2(now.find(was) != std::string::npos, now.c_str());
                    }
                }
            }
        }
    }

    /** The access check behind the form's question: the callers that gain, and elements removed whole. */
    void assessEditFindsWhatAnEditOpens()
    {
        PolicyDocument doc;
        doc.load("{\"Version\": \"2012-10-17\", \"Statement\": [{\"Sid\": \"Everyone\", \"Effect\": \"Allow\", "
                 "\"Principal\": \"*\", \"Action\": [\"kms:Decrypt\"], \"Resource\": \"*\", \"Condition\": "
                 "{\"StringEquals\": {\"kms:CallerAccount\": \"111122223333\"}}}]}");
        RemoveValueCommand removeCondition(&doc, "/Statement/0/Condition/StringEquals/kms:CallerAccount", "x");
        QString error;
        QVERIFY(removeCondition.prepare(doc, &error));
        const EditRisk risk = assessEdit(doc, removeCondition.textAfter());
        QVERIFY(risk.any());
        QVERIFY2(risk.gains.join(QLatin1Char('\n')).contains(QLatin1String("kms:Decrypt from depends to allow_if_iam")),
                 qPrintable(risk.text()));
        QVERIFY(risk.removed.isEmpty());
        RemoveValueCommand removeAction(&doc, "/Statement/0/Action/0", "x");
        QVERIFY(removeAction.prepare(doc, &error));
        const EditRisk lost = assessEdit(doc, removeAction.textAfter());
        QCOMPARE(lost.removed, QStringList{QStringLiteral("statement 1 (Everyone) loses its Action element")});
        // Narrowing asks nothing.
        SetValueCommand deny(&doc, "/Statement/0/Effect", Json("Deny"), "x");
        QVERIFY(deny.prepare(doc, &error));
        QVERIFY(!assessEdit(doc, deny.textAfter()).any());
    }

    /** What the values text of the form reads back as: types and commas survive the round trip. */
    void valuesTextRoundTrips()
    {
        const Json values
            = Json::parse("[\"a, b\", \"true\", true, 3600.5, \"7200\", 7200, \"\", \" x\", \"q\\\"uote\", \"plain\"]");
        QStringList shown;
        for (const Json& v : values) {
            shown << ConditionsModel::valueText(v);
        }
        QCOMPARE(
            shown.join(QStringLiteral(", ")),
            QStringLiteral("\"a, b\", \"true\", true, 3600.5, \"7200\", 7200, \"\", \" x\", \"q\\\"uote\", plain"));
        const auto back = ConditionsModel::parseValues(shown.join(QStringLiteral(", ")), values);
        QVERIFY(back);
        QCOMPARE(back->dump(), values.dump());
        // A number keeps its spelling where it is shown as written.
        QCOMPARE(ConditionsModel::valueText(Json(3600.5), QStringLiteral("3600.50")), QStringLiteral("3600.50"));
        // A bare true where a Boolean was stays a Boolean; elsewhere a typed word is a string.
        QCOMPARE(ConditionsModel::parseValues(QStringLiteral("false"), Json(true))->dump(), std::string("[false]"));
        QCOMPARE(ConditionsModel::parseValues(QStringLiteral("false"), Json("x"))->dump(), std::string("[\"false\"]"));
        QCOMPARE(ConditionsModel::parseValues(QStringLiteral("7300"), Json(7200))->dump(), std::string("[7300]"));
        QString error;
        QVERIFY(!ConditionsModel::parseValues(QStringLiteral("\"open"), Json(), true, &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(!ConditionsModel::parseValues(QStringLiteral(" , "), Json(), true, &error));
    }
};

QTEST_GUILESS_MAIN(TestFormEdits)
#include "tst_formedits.moc"
