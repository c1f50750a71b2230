// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/json/Format.h"

#include <QTest>

using namespace kps;

class TestFormat : public QObject
{
    Q_OBJECT

private slots:
    void keepsKeyOrderAndIndents()
    {
        const auto doc = Json::parse(R"({"Version":"2012-10-17","Statement":[{"Sid":"b","Effect":"Allow"}],"Id":"x"})");
        QCOMPARE(formatPolicy(doc),
                 std::string("{\n    \"Version\": \"2012-10-17\",\n    \"Statement\": [\n        {\n"
                             "            \"Sid\": \"b\",\n            \"Effect\": \"Allow\"\n"
                             "        }\n    ],\n    \"Id\": \"x\"\n}\n"));
    }
    void appliesPatchesWithoutThrowing()
    {
        const auto doc = Json::parse(R"({"Effect":"allow"})");
        auto fixed = applyPatch(doc, nlohmann::json::parse(R"([{"op":"replace","path":"/Effect","value":"Allow"}])"));
        QVERIFY(fixed);
        QCOMPARE((*fixed)["Effect"].get<std::string>(), std::string("Allow"));
        const auto failed = applyPatch(doc, nlohmann::json::parse(R"([{"op":"remove","path":"/Nope"}])"));
        QVERIFY(!failed);
        QVERIFY(!failed.error().message.empty());
    }
};

QTEST_GUILESS_MAIN(TestFormat)
#include "tst_format.moc"
