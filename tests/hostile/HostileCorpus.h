// SPDX-License-Identifier: GPL-3.0-or-later
// The hostile-input corpus shared by tst_hostile_cli and tst_hostile_editor: the small files of
// tests/data/hostile/ plus large or combinatorial inputs generated at test time (never committed).
#pragma once

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QString>
#include <QStringList>

#include <string>
#include <utility>
#include <vector>

namespace kps::test {

struct HostileInput
{
    std::string name;
    std::string bytes;
};

inline std::string repeat(const std::string& s, std::size_t n)
{
    std::string out;
    out.reserve(s.size() * n);
    for (std::size_t i = 0; i < n; ++i) {
        out += s;
    }
    return out;
}

inline std::string statement(const std::string& sid)
{
    return R"({"Sid": ")" + sid
        + R"(", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", )"
          R"("Resource": "*"})";
}

/** A policy whose `element` (a member of the first statement, or of the policy when topLevel) is `value`. */
inline std::string policyWith(const std::string& element, const std::string& value, bool topLevel)
{
    std::vector<std::pair<std::string, std::string>> members
        = {{"Sid", "\"S\""},
           {"Effect", "\"Allow\""},
           {"Principal", R"({"AWS": "arn:aws:iam::111122223333:root"})"},
           {"Action", "\"kms:*\""},
           {"Resource", "\"*\""},
           {"Condition", R"({"StringEquals": {"kms:CallerAccount": "111122223333"}})"}};
    if (!topLevel) {
        bool replaced = false;
        for (auto& member : members) {
            if (member.first == element) {
                member.second = value;
                replaced = true;
            }
        }
        if (!replaced) {
            members.emplace_back(element, value);
        }
    }
    std::string stmt = "{";
    for (std::size_t i = 0; i < members.size(); ++i) {
        stmt += (i ? ", \"" : "\"") + members[i].first + "\": " + members[i].second;
    }
    stmt += "}";
    if (topLevel && element == "Statement") {
        return R"({"Version": "2012-10-17", "Statement": )" + value + "}";
    }
    if (topLevel && element == "Version") {
        return R"({"Version": )" + value + R"(, "Statement": [)" + stmt + "]}";
    }
    if (topLevel) {
        return "{\"Version\": \"2012-10-17\", \"" + element + "\": " + value + ", \"Statement\": [" + stmt + "]}";
    }
    return R"({"Version": "2012-10-17", "Statement": [)" + stmt + "]}";
}

/** Inputs generated at test time: deep nesting, ~10 MB, a 1 MB string, huge numbers, duplicate keys, every type. */
inline std::vector<HostileInput> generatedHostileInputs()
{
    std::vector<HostileInput> out;
    constexpr std::size_t Deep = 100000;
    out.push_back({"deep-arrays.json", repeat("[", Deep) + repeat("]", Deep)});
    out.push_back({"deep-objects.json", repeat(R"({"a":)", Deep) + "1" + repeat("}", Deep)});
    out.push_back({"deep-unterminated.json", repeat(R"([{"a":)", Deep)});
    out.push_back(
        {"deep-in-condition.json",
         R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "kms:*", )"
         R"("Resource": "*", "Condition": )"
             + repeat(R"({"StringEquals": )", Deep) + "{}" + repeat("}", Deep) + "}]}"});
    {
        // ~10 MB (under the 16 MiB input limit, SourceDocument::MaxInputBytes): a valid policy with very many
        // statements.
        std::string text = R"({"Version": "2012-10-17", "Statement": [)";
        for (int i = 0; text.size() < 10'000'000 - 400; ++i) {
            text += (i ? ",\n" : "\n") + statement("S" + std::to_string(i));
        }
        out.push_back({"ten-megabytes.json", text + "\n]}\n"});
    }
    out.push_back({"one-megabyte-string.json",
                   R"({"Version": "2012-10-17", "Statement": [)" + statement(repeat("x", 1 << 20)) + "]}"});
    out.push_back({"one-megabyte-action.json",
                   R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "kms:)"
                       + repeat("Decrypt", 150000) + R"(", "Resource": "*"}]})"});
    out.push_back(
        {"huge-numbers.json",
         R"({"Version": 1e999999, "Id": -1e-999999, "Statement": [{"Sid": 123456789012345678901234567890123456789,)"
         R"( "Effect": -0, "Principal": {"AWS": 18446744073709551616}, "Action": [9223372036854775808, )"
         R"(-9223372036854775809, 0.1e-400], "Resource": 1E+308, "Condition": {"NumericLessThan": {"kms:x": )"
             + repeat("9", 5000) + "}}}]}"});
    out.push_back(
        {"duplicate-keys.json",
         R"({"Version": "2012-10-17", "Version": "2008-10-17", "Statement": [{"Sid": "A", "Sid": "B", )"
         R"("Effect": "Allow", "Effect": "Deny", "Principal": {"AWS": "*", "AWS": "arn:aws:iam::111122223333:root"}, )"
         R"("Principal": "*", "Action": "kms:*", "Action": "kms:Decrypt", "Resource": "*", "Resource": "*", )"
         R"("Condition": {"StringEquals": {"kms:CallerAccount": "1", "kms:CallerAccount": "2"}, )"
         R"("StringEquals": {"aws:SourceAccount": "3"}}}], "Statement": []})"});
    out.push_back(
        {"many-duplicate-keys.json", "{" + repeat(R"("Version": "2012-10-17", )", 50000) + R"("Statement": []})"});
    out.push_back(
        {"many-statements-small.json", R"({"Version": "2012-10-17", "Statement": [)" + repeat("{},", 100000) + "{}]}"});

    const std::vector<std::pair<std::string, std::string>> types = {{"null", "null"},
                                                                    {"true", "true"},
                                                                    {"false", "false"},
                                                                    {"zero", "0"},
                                                                    {"negative", "-1.5e3"},
                                                                    {"empty-string", "\"\""},
                                                                    {"string", "\"x\""},
                                                                    {"star", "\"*\""},
                                                                    {"empty-array", "[]"},
                                                                    {"array-of-null", "[null, 1, {}, []]"},
                                                                    {"nested-array", "[[[\"*\"]]]"},
                                                                    {"empty-object", "{}"},
                                                                    {"object", R"({"": {"": null}})"}};
    const std::vector<std::pair<std::string, bool>> elements = {{"Version", true},
                                                                {"Id", true},
                                                                {"Statement", true},
                                                                {"Sid", false},
                                                                {"Effect", false},
                                                                {"Principal", false},
                                                                {"NotPrincipal", false},
                                                                {"Action", false},
                                                                {"NotAction", false},
                                                                {"Resource", false},
                                                                {"NotResource", false},
                                                                {"Condition", false}};
    for (const auto& [element, top] : elements) {
        for (const auto& [typeName, value] : types) {
            out.push_back({"type-" + element + "-" + typeName + ".json", policyWith(element, value, top)});
        }
    }
    // Values inside Principal and Condition.
    for (const auto& [typeName, value] : types) {
        out.push_back({"type-Principal.AWS-" + typeName + ".json",
                       policyWith("Principal", R"({"AWS": )" + value + R"(, "Service": )" + value + "}", false)});
        out.push_back({"type-Condition.operator-" + typeName + ".json",
                       policyWith("Condition", R"({"StringEquals": )" + value + "}", false)});
        out.push_back(
            {"type-Condition.value-" + typeName + ".json",
             policyWith("Condition",
                        R"({"StringEquals": {"kms:ViaService": )" + value + R"(}, "Bool": {"aws:SecureTransport": )"
                            + value + "}, \"ForAnyValue:StringLike\": {\"kms:EncryptionContextKeys\": " + value + "}}",
                        false)});
        out.push_back({"type-root-" + typeName + ".json", value});
        out.push_back({"type-Statement.item-" + typeName + ".json",
                       R"({"Version": "2012-10-17", "Statement": [)" + value + "]}"});
    }
    return out;
}

/** The committed files of tests/data/hostile/ (README.md excluded). */
inline QStringList committedHostileFiles()
{
    const QDir dir(QStringLiteral(KPS_TEST_DATA_DIR "/hostile"));
    QStringList files;
    for (const QString& name : dir.entryList(QDir::Files, QDir::Name)) {
        if (name != QLatin1String("README.md")) {
            files << dir.filePath(name);
        }
    }
    return files;
}

/** Writes the generated inputs into `directory`; returns their paths. */
inline QStringList writeGeneratedHostileFiles(const QString& directory)
{
    QStringList paths;
    for (const auto& input : generatedHostileInputs()) {
        const QString path = QDir(directory).filePath(QString::fromStdString(input.name));
        QFile file(path);
        if (file.open(QIODevice::WriteOnly)) {
            file.write(input.bytes.data(), static_cast<qint64>(input.bytes.size()));
        }
        paths << path;
    }
    return paths;
}

} // namespace kps::test
