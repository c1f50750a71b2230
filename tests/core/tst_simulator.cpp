// SPDX-License-Identifier: GPL-3.0-or-later
// The request simulator (core/access/Simulator): decisions derived by hand from AWS's documentation
// (tests/data/access/simulate-cases.json says why for each), the caller, action and context a person names, the
// request it builds and the trace of every statement.
#include "core/access/Simulator.h"
#include "core/checker/ContextValues.h"
#include "core/mwaa/Template.h"
#include "core/vocab/Vocabulary.h"

#include <QFile>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace kps;
using namespace kps::access;

namespace {

Json readJson(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return nullptr;
    }
    return Json::parse(file.readAll().toStdString(), nullptr, false);
}

/** A policy with its document and view, kept together (the view points into the document). */
struct LoadedPolicy
{
    SourceDocument document;
    PolicyView view;

    explicit LoadedPolicy(std::string text)
        : document(SourceDocument::parse(std::move(text)))
        , view(readPolicy(document.json()))
    { }
};

std::unique_ptr<LoadedPolicy> loadCasePolicy(const Json& c)
{
    if (c.contains("template")) {
        const Json& t = c.at("template");
        mwaa::TemplateOptions options;
        options.region = t.at("region").get<std::string>();
        options.account = t.at("account").get<std::string>();
        options.environment = t.value("environment", std::string());
        const Json admins = t.value("admins", Json::array());
        for (const auto& a : admins) {
            options.admins.push_back(a.get<std::string>());
        }
        return std::make_unique<LoadedPolicy>(mwaa::makeTemplate(options)->text);
    }
    QFile file(QStringLiteral(KPS_TEST_DATA_DIR "/") + QString::fromStdString(c.at("policy").get<std::string>()));
    if (!file.open(QIODevice::ReadOnly)) {
        return nullptr;
    }
    return std::make_unique<LoadedPolicy>(file.readAll().toStdString());
}

SimulationRequest requestOf(const Json& c, std::string& error)
{
    SimulationRequest r;
    if (auto caller = parseCaller(c.at("principal").get<std::string>())) {
        r.caller = *caller;
    } else {
        error = caller.error().message;
    }
    if (auto action = parseAction(c.at("action").get<std::string>())) {
        r.action = *action;
    } else {
        error = action.error().message;
    }
    const Json context = c.value("context", Json::object()); // items() must not outlive it
    for (const auto& [key, values] : context.items()) {
        r.context.push_back({key, values.get<std::vector<std::string>>()});
    }
    const Json absent = c.value("absent", Json::array());
    for (const auto& a : absent) {
        r.absent.push_back(a.get<std::string>());
    }
    return r;
}

MwaaContext givenOf(const Json& c)
{
    MwaaContext given;
    for (const auto& [name, field] :
         {std::pair{"account", ContextField::Account}, {"region", ContextField::Region}, {"key", ContextField::Key}}) {
        if (c.contains(name)) {
            const auto set = setGivenContextValue(given, field, c.at(name).get<std::string>());
            if (!set) {
                qFatal("%s", set.error().message.c_str()); // the cases give valid values
            }
        }
    }
    return given;
}

const char* kRole = "arn:aws:iam::111122223333:role/app";

} // namespace

class TestSimulator : public QObject
{
    Q_OBJECT

private slots:
    // ---- Decisions derived from the documentation ----------------------------------------------------------------
    void documentedCases_data()
    {
        QTest::addColumn<int>("index");
        const Json cases = readJson(QStringLiteral(KPS_TEST_DATA_DIR "/access/simulate-cases.json"));
        QVERIFY(cases.is_object());
        QVERIFY(cases.at("cases").size() >= 40);
        for (std::size_t i = 0; i < cases.at("cases").size(); ++i) {
            QTest::newRow(cases.at("cases")[i].at("id").get<std::string>().c_str()) << int(i);
        }
    }
    void documentedCases()
    {
        QFETCH(int, index);
        const Json cases = readJson(QStringLiteral(KPS_TEST_DATA_DIR "/access/simulate-cases.json"));
        const Json& c = cases.at("cases")[std::size_t(index)];
        QVERIFY2(!c.at("why").get<std::string>().empty(), "every case says why");
        const auto policy = loadCasePolicy(c);
        QVERIFY(policy && policy->document.isValid());
        std::string error;
        const SimulationRequest request = requestOf(c, error);
        QVERIFY2(error.empty(), error.c_str());
        for (const auto& e : request.context) {
            QVERIFY2(contextEntryError(e).empty(), contextEntryError(e).c_str());
        }
        const KeyFacts key = resolveKeyFacts(policy->document, policy->view, givenOf(c));
        const Simulation sim = simulate(policy->view, request, key);

        QCOMPARE(std::string(decisionName(sim.decision)), c.at("decision").get<std::string>());
        std::vector<std::string> facts;
        for (const auto& u : sim.unknowns) {
            if (std::find(facts.begin(), facts.end(), u.fact) == facts.end()) {
                facts.push_back(u.fact);
            }
        }
        QCOMPARE(facts, c.value("unknowns", std::vector<std::string>{}));
        QCOMPARE(sim.deciding, c.at("deciding").get<std::vector<std::size_t>>());
        QVERIFY(!sim.reason.empty());
        QCOMPARE(sim.statements.size(), policy->view.statements.size());

        // The access summary's per-action answer is the same decision.
        const eval::PreparedPolicy prepared(policy->view);
        const auto actionIndex = static_cast<std::size_t>(Vocabulary::instance().actionIndex(request.action));
        if (request.context.empty() && request.absent.empty()) {
            const auto decided = decideActions(prepared, request.caller, {actionIndex}, key);
            QCOMPARE(decided.size(), std::size_t(1));
            QCOMPARE(decided.front().decision, sim.decision);
            QCOMPARE(decided.front().unknowns, sim.unknowns);
        }
        // The statements that decide are those the trace says apply (or may).
        for (std::size_t s : sim.deciding) {
            QVERIFY(sim.statements[s].applies != eval::Truth::False || sim.decision == Decision::ImplicitDeny);
        }
    }

    // ---- What a person names --------------------------------------------------------------------------------------
    void callers_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("kind"); // -1: refused
        QTest::addColumn<QString>("account");
        QTest::addColumn<QString>("principalType");
        using K = Caller::Kind;
        QTest::newRow("role") << kRole << int(K::IamPrincipal) << "111122223333"
                              << "AssumedRole";
        QTest::newRow("role with path") << "arn:aws:iam::111122223333:role/service-role/x" << int(K::IamPrincipal)
                                        << "111122223333"
                                        << "AssumedRole";
        QTest::newRow("user") << "arn:aws:iam::111122223333:user/Bob" << int(K::IamPrincipal) << "111122223333"
                              << "User";
        QTest::newRow("root") << "arn:aws:iam::111122223333:root" << int(K::IamPrincipal) << "111122223333"
                              << "Account";
        QTest::newRow("session") << "arn:aws:sts::111122223333:assumed-role/app/s" << int(K::IamPrincipal)
                                 << "111122223333"
                                 << "AssumedRole";
        QTest::newRow("federated") << "arn:aws:sts::111122223333:federated-user/f" << int(K::IamPrincipal)
                                   << "111122223333"
                                   << "FederatedUser";
        QTest::newRow("china role") << "arn:aws-cn:iam::111122223333:role/app" << int(K::IamPrincipal) << "111122223333"
                                    << "AssumedRole";
        QTest::newRow("account") << "111122223333" << int(K::Account) << "111122223333"
                                 << "";
        QTest::newRow("service") << "logs.eu-west-1.amazonaws.com" << int(K::Service) << ""
                                 << "";
        QTest::newRow("china service") << "logs.cn-north-1.amazonaws.com.cn" << int(K::Service) << ""
                                       << "";
        QTest::newRow("everyone") << "*" << -1 << ""
                                  << "";
        QTest::newRow("empty") << "" << -1 << ""
                               << "";
        QTest::newRow("group") << "arn:aws:iam::111122223333:group/g" << -1 << ""
                               << "";
        QTest::newRow("wildcard role") << "arn:aws:iam::111122223333:role/*" << -1 << ""
                                       << "";
        QTest::newRow("short account") << "11112222333" << -1 << ""
                                       << "";
        QTest::newRow("upper-case service") << "Logs.eu-west-1.amazonaws.com" << -1 << ""
                                            << "";
        QTest::newRow("s3 ARN") << "arn:aws:s3:::bucket" << -1 << ""
                                << "";
        QTest::newRow("word") << "admin" << -1 << ""
                              << "";
    }
    void callers()
    {
        QFETCH(QString, text);
        QFETCH(int, kind);
        QFETCH(QString, account);
        QFETCH(QString, principalType);
        const auto caller = parseCaller(text.toStdString());
        if (kind < 0) {
            QVERIFY(!caller);
            QVERIFY(!caller.error().message.empty());
            return;
        }
        QVERIFY2(caller, caller ? "" : caller.error().message.c_str());
        QCOMPARE(int(caller->kind), kind);
        QCOMPARE(QString::fromStdString(caller->account), account);
        QCOMPARE(QString::fromStdString(caller->principalType), principalType);
        QCOMPARE(QString::fromStdString(caller->text), text);
        QVERIFY(!caller->description().empty());
    }

    void actions_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected"); // the action, or a part of the error
        QTest::addColumn<bool>("ok");
        QTest::newRow("full") << "kms:Decrypt"
                              << "kms:Decrypt" << true;
        QTest::newRow("short") << "Decrypt"
                               << "kms:Decrypt" << true;
        QTest::newRow("case") << "KMS:decrypt"
                              << "kms:Decrypt" << true;
        QTest::newRow("misspelt") << "kms:Decrpyt"
                                  << "did you mean kms:Decrypt?" << false;
        QTest::newRow("misspelt short") << "GenerateDataKy"
                                        << "did you mean kms:GenerateDataKey?" << false;
        QTest::newRow("pattern") << "kms:Decrypt*"
                                 << "is a pattern" << false;
        QTest::newRow("other service") << "s3:GetObject"
                                       << "not a KMS action" << false;
        QTest::newRow("IAM only") << "kms:ListKeys"
                                  << "IAM policies only" << false;
        QTest::newRow("grant-determined") << "RetireGrant"
                                          << "decided by the grant" << false;
        QTest::newRow("permission only") << "kms:SynchronizeMultiRegionKey"
                                         << "without an API" << false;
        QTest::newRow("empty") << ""
                               << "empty" << false;
    }
    void actions()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        QFETCH(bool, ok);
        const auto action = parseAction(text.toStdString());
        QCOMPARE(bool(action), ok);
        if (ok) {
            QCOMPARE(QString::fromStdString(*action), expected);
        } else {
            const std::string& error = action.error().message;
            QVERIFY2(error.find(expected.toStdString()) != std::string::npos, error.c_str());
        }
    }

    void contextEntries_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QStringList>("values");
        QTest::addColumn<QString>("error"); // "" when valid, else a part of the message
        QTest::newRow("string") << "aws:PrincipalOrgID" << QStringList{"o-a1b2c3d4e5"} << "";
        QTest::newRow("key case") << "AWS:principalorgid" << QStringList{"o-a1b2c3d4e5"} << "";
        QTest::newRow("template key") << "kms:EncryptionContext:Department" << QStringList{"x"} << "";
        QTest::newRow("multivalued") << "kms:EncryptionContextKeys" << QStringList{"a", "b"} << "";
        QTest::newRow("bool") << "aws:SecureTransport" << QStringList{"False"} << "";
        QTest::newRow("ip") << "aws:SourceIp" << QStringList{"203.0.113.7"} << "";
        QTest::newRow("date") << "aws:CurrentTime" << QStringList{"2025-01-31T12:00:00Z"} << "";
        QTest::newRow("unknown key") << "aws:PrincipalOrgId2" << QStringList{"x"} << "is not a global or KMS";
        QTest::newRow("misspelt key") << "kms:ViaServise" << QStringList{"x"} << "did you mean kms:ViaService?";
        QTest::newRow("from the principal") << "aws:PrincipalArn" << QStringList{kRole} << "follows from the principal";
        QTest::newRow("caller account") << "kms:CallerAccount" << QStringList{"111122223333"}
                                        << "follows from the principal";
        QTest::newRow("from the region") << "aws:RequestedRegion" << QStringList{"eu-west-1"}
                                         << "follows from the key's region";
        QTest::newRow("single-valued twice")
            << "aws:PrincipalOrgID" << QStringList{"o-a1b2c3d4e5", "o-b"} << "takes one value";
        QTest::newRow("empty value") << "kms:ViaService" << QStringList{""} << "declare it absent";
        QTest::newRow("no value") << "kms:ViaService" << QStringList{} << "has no value";
        QTest::newRow("bool word") << "aws:SecureTransport" << QStringList{"yes"} << "not true or false";
        QTest::newRow("number") << "kms:ScheduleKeyDeletionPendingWindowInDays" << QStringList{"seven"}
                                << "not a number";
        QTest::newRow("ip network") << "aws:SourceIp" << QStringList{"10.0.0.0/8"} << "not an IP address";
        QTest::newRow("date word") << "aws:CurrentTime" << QStringList{"today"} << "not a date";
    }
    void contextEntries()
    {
        QFETCH(QString, key);
        QFETCH(QStringList, values);
        QFETCH(QString, error);
        ContextEntry entry{key.toStdString(), {}};
        for (const auto& v : values) {
            entry.values.push_back(v.toStdString());
        }
        const std::string message = contextEntryError(entry);
        if (error.isEmpty()) {
            QVERIFY2(message.empty(), message.c_str());
        } else {
            QVERIFY2(message.find(error.toStdString()) != std::string::npos, message.c_str());
        }
    }

    void absentKeys()
    {
        QVERIFY(absentKeyError("aws:SourceVpc").empty());
        QVERIFY(absentKeyError("kms:EncryptionContext:*").empty());
        QVERIFY(absentKeyError("aws:PrincipalTag/*").empty());
        QVERIFY(!absentKeyError("nosuch:*").empty());
        QVERIFY(!absentKeyError("aws:PrincipalArn").empty()); // the principal decides it
        QVERIFY(!absentKeyError("kms:NoSuchKey").empty());
    }

    // ---- The request a simulation evaluates -----------------------------------------------------------------------
    void requestKnowsOnlyWhatThePrincipalDecides()
    {
        std::string error;
        SimulationRequest in{*parseCaller(kRole), "kms:Decrypt", {}, {}};
        KeyFacts key;
        key.context.region = "eu-west-1";
        const eval::Request r = makeRequest(in, key);
        const auto& c = r.context;
        using eval::KeyState;
        QCOMPARE(c.state("aws:PrincipalArn"), KeyState::Known);
        QCOMPARE(*c.find("aws:PrincipalArn"), std::vector<std::string>{kRole});
        QCOMPARE(*c.find("aws:PrincipalAccount"), std::vector<std::string>{"111122223333"});
        QCOMPARE(*c.find("kms:CallerAccount"), std::vector<std::string>{"111122223333"});
        QCOMPARE(*c.find("aws:PrincipalType"), std::vector<std::string>{"AssumedRole"});
        QCOMPARE(*c.find("aws:PrincipalIsAWSService"), std::vector<std::string>{"false"});
        QCOMPARE(*c.find("aws:SecureTransport"), std::vector<std::string>{"true"});
        QCOMPARE(*c.find("aws:RequestedRegion"), std::vector<std::string>{"eu-west-1"});
        QCOMPARE(c.state("aws:username"), KeyState::Absent); // IAM users only
        QCOMPARE(c.state("aws:PrincipalServiceName"), KeyState::Absent);
        // Not said: a direct call or through a service, the organization, the network, the encryption context.
        for (const char* k : {"aws:ViaAWSService",
                              "kms:ViaService",
                              "aws:PrincipalOrgID",
                              "aws:SourceIp",
                              "aws:SourceVpce",
                              "kms:EncryptionContext:Department",
                              "kms:GrantIsForAWSResource",
                              "aws:userid"}) {
            QVERIFY2(c.state(k) == KeyState::Unknown, k);
        }
        QCOMPARE(c.state("aws:NoSuchKey"), KeyState::Absent); // a key IAM does not know is never in a request

        // A user has its name; given and absent keys are what the person said.
        in.caller = *parseCaller("arn:aws:iam::111122223333:user/path/Bob");
        in.context = {{"aws:ViaAWSService", {"true"}}, {"kms:EncryptionContextKeys", {"a", "b"}}};
        in.absent = {"aws:SourceIp", "kms:EncryptionContext:*", "aws:SecureTransport"};
        const eval::Request u = makeRequest(in, key);
        QCOMPARE(*u.context.find("aws:username"), std::vector<std::string>{"Bob"});
        QCOMPARE(*u.context.find("aws:ViaAWSService"), std::vector<std::string>{"true"});
        QCOMPARE(u.context.find("kms:EncryptionContextKeys")->size(), std::size_t(2));
        QCOMPARE(u.context.state("aws:SourceIp"), KeyState::Absent);
        QCOMPARE(u.context.state("kms:EncryptionContext:Department"), KeyState::Absent);
        QCOMPARE(u.context.state("aws:SecureTransport"), KeyState::Absent);
        // A prefix does not take back what the principal decides.
        in.absent = {"aws:Principal*", "aws:Via*"};
        in.context.clear();
        const eval::Request p = makeRequest(in, key);
        QCOMPARE(p.context.state("aws:PrincipalArn"), KeyState::Known);
        QCOMPARE(p.context.state("aws:ViaAWSService"), KeyState::Absent);
    }

    void requestOfOtherCallers()
    {
        std::string error;
        KeyFacts key;
        SimulationRequest in{*parseCaller("111122223333"), "kms:Decrypt", {}, {}};
        const eval::Request account = makeRequest(in, key);
        QCOMPARE(account.context.state("aws:PrincipalArn"), eval::KeyState::Unknown); // which role is not said
        QCOMPARE(*account.context.find("aws:PrincipalAccount"), std::vector<std::string>{"111122223333"});
        QCOMPARE(account.context.state("aws:PrincipalType"), eval::KeyState::Unknown);
        QCOMPARE(account.context.state("aws:RequestedRegion"), eval::KeyState::Unknown); // no region known

        in.caller = *parseCaller("logs.eu-west-1.amazonaws.com");
        const eval::Request service = makeRequest(in, key);
        QCOMPARE(*service.context.find("aws:PrincipalIsAWSService"), std::vector<std::string>{"true"});
        QCOMPARE(*service.context.find("aws:PrincipalServiceName"),
                 std::vector<std::string>{"logs.eu-west-1.amazonaws.com"});
        for (const char* k : {"aws:PrincipalArn", "aws:PrincipalAccount", "aws:PrincipalOrgID", "kms:ViaService"}) {
            QVERIFY2(service.context.state(k) == eval::KeyState::Absent, k);
        }
        QCOMPARE(service.context.state("aws:SourceAccount"), eval::KeyState::Unknown);
    }

    // ---- The trace ----------------------------------------------------------------------------------------------
    void traceOfEachPart()
    {
        QFile file(QStringLiteral(KPS_TEST_DATA_DIR "/access/conditions.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const LoadedPolicy policy(file.readAll().toStdString());
        std::string error;
        const SimulationRequest request{*parseCaller(kRole), "kms:Decrypt", {}, {}};
        const Simulation sim = simulate(policy.view, request, resolveKeyFacts(policy.document, policy.view, {}));
        QCOMPARE(sim.decision, Decision::Depends);
        QCOMPARE(sim.statements.size(), std::size_t(4));

        const TracedStatement& delegation = sim.statements[0];
        QCOMPARE(delegation.pointer, std::string("/Statement/0"));
        QCOMPARE(*delegation.sid, std::string("Enable IAM User Permissions"));
        QCOMPARE(delegation.applies, eval::Truth::True);
        QCOMPARE(delegation.principal, eval::PrincipalMatch::ViaAccount);
        QCOMPARE(delegation.principalPointer, std::string("/Statement/0/Principal/AWS"));
        QCOMPARE(delegation.actionPointer, std::string("/Statement/0/Action"));
        QVERIFY(delegation.reason.find("through the account principal") != std::string::npos);

        const TracedStatement& app = sim.statements[1];
        QCOMPARE(app.applies, eval::Truth::Unknown);
        QCOMPARE(app.principal, eval::PrincipalMatch::Direct);
        QCOMPARE(app.actionPointer, std::string("/Statement/1/Action/0"));
        QCOMPARE(app.conditions.size(), std::size_t(1));
        QCOMPARE(app.conditions[0].keyState, eval::KeyState::Unknown);
        QCOMPARE(app.conditions[0].result, eval::Truth::Unknown);
        QCOMPARE(app.conditions[0].pointer, std::string("/Statement/1/Condition/StringEquals/kms:ViaService"));
        QCOMPARE(app.conditions[0].values, std::vector<std::string>{"s3.eu-west-1.amazonaws.com"});
        QVERIFY(app.conditions[0].reason.find("--context kms:ViaService=VALUE") != std::string::npos);

        const TracedStatement& deny = sim.statements[2];
        QCOMPARE(deny.effect, std::string("Deny"));
        QCOMPARE(deny.applies, eval::Truth::Unknown);
        QCOMPARE(deny.conditions.size(), std::size_t(2));
        QCOMPARE(deny.conditions[0].op, std::string("StringNotEqualsIfExists"));
        QCOMPARE(deny.conditions[0].result, eval::Truth::Unknown);
        QCOMPARE(deny.conditions[1].op, std::string("BoolIfExists"));
        QCOMPARE(deny.conditions[1].keyState, eval::KeyState::Known);
        QCOMPARE(deny.conditions[1].requestValues, std::vector<std::string>{"false"});
        QCOMPARE(deny.conditions[1].result, eval::Truth::True);
        QVERIFY2(deny.conditions[1].reason.find("\"false\" matches \"false\"") != std::string::npos,
                 deny.conditions[1].reason.c_str());
        QVERIFY(deny.reason.find("may apply") != std::string::npos);

        // The Null Deny names kms:Encrypt only: every part is still traced.
        const TracedStatement& null = sim.statements[3];
        QCOMPARE(null.applies, eval::Truth::False);
        QVERIFY(!null.actionMatches);
        QCOMPARE(null.principal, eval::PrincipalMatch::Direct);
        QCOMPARE(null.conditions.size(), std::size_t(1));
        QCOMPARE(null.conditions[0].result, eval::Truth::Unknown);
        QVERIFY(null.reason.find("Action does not name kms:Decrypt") != std::string::npos);

        QCOMPARE(sim.unknowns.size(), std::size_t(1));
        QCOMPARE(sim.unknowns[0].fact, std::string("aws:PrincipalOrgID"));
        QCOMPARE(sim.unknowns[0].statement, std::size_t(2));
        QCOMPARE(sim.unknowns[0].pointer,
                 std::string("/Statement/2/Condition/StringNotEqualsIfExists/aws:PrincipalOrgID"));
        QCOMPARE(sim.unknowns[0].needed,
                 std::string("--context aws:PrincipalOrgID=VALUE or --absent aws:PrincipalOrgID"));
    }

    void traceOfConditionsThatDecide()
    {
        QFile file(QStringLiteral(KPS_TEST_DATA_DIR "/access/conditions.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const LoadedPolicy policy(file.readAll().toStdString());
        std::string error;
        SimulationRequest request{*parseCaller(kRole), "kms:Encrypt", {}, {}};
        request.context = {{"aws:PrincipalOrgID", {"o-zzzzzzzzzz"}}};
        request.absent = {"kms:EncryptionContextKeys"};
        const Simulation sim = simulate(policy.view, request, resolveKeyFacts(policy.document, policy.view, {}));
        QCOMPARE(sim.decision, Decision::ExplicitDeny);
        QCOMPARE(sim.deciding, (std::vector<std::size_t>{2, 3}));
        const ConditionTrace& org = sim.statements[2].conditions[0];
        QCOMPARE(org.result, eval::Truth::True);
        QCOMPARE(org.requestValues, std::vector<std::string>{"o-zzzzzzzzzz"});
        QVERIFY2(org.reason.find("no value matches \"o-a1b2c3d4e5\"") != std::string::npos, org.reason.c_str());
        const ConditionTrace& null = sim.statements[3].conditions[0];
        QCOMPARE(null.keyState, eval::KeyState::Absent);
        QCOMPARE(null.result, eval::Truth::True);
        QVERIFY2(null.reason.find("absent from the request") != std::string::npos, null.reason.c_str());
        // The app statement's condition fails on a known value: not applying, and why.
        request.context.push_back({"kms:ViaService", {"sqs.eu-west-1.amazonaws.com"}});
        request.action = "kms:Decrypt";
        const Simulation viaSqs = simulate(policy.view, request, resolveKeyFacts(policy.document, policy.view, {}));
        QCOMPARE(viaSqs.statements[1].applies, eval::Truth::False);
        QVERIFY2(viaSqs.statements[1].reason.find("StringEquals kms:ViaService fails") != std::string::npos,
                 viaSqs.statements[1].reason.c_str());
    }

    void traceOfNotPrincipalAndResources()
    {
        QFile file(QStringLiteral(KPS_TEST_DATA_DIR "/access/deny-notprincipal.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const LoadedPolicy policy(file.readAll().toStdString());
        std::string error;
        const SimulationRequest carol{
            *parseCaller("arn:aws:iam::111122223333:user/Carol"), "kms:ScheduleKeyDeletion", {}, {}};
        const Simulation sim = simulate(policy.view, carol, resolveKeyFacts(policy.document, policy.view, {}));
        const TracedStatement& deny = sim.statements[3];
        QCOMPARE(deny.applies, eval::Truth::True);
        QCOMPARE(deny.principalPointer, std::string("/Statement/3/NotPrincipal/AWS"));
        QVERIFY2(deny.principalReason.find("both its ARN and its account") != std::string::npos,
                 deny.principalReason.c_str());
        const SimulationRequest bob{*parseCaller("arn:aws:iam::111122223333:user/Bob"), "kms:PutKeyPolicy", {}, {}};
        const Simulation excluded = simulate(policy.view, bob, resolveKeyFacts(policy.document, policy.view, {}));
        QCOMPARE(excluded.statements[2].principal, eval::PrincipalMatch::None);
        QVERIFY(excluded.statements[2].principalReason.find("NotPrincipal excludes the caller") != std::string::npos);

        QFile arnFile(QStringLiteral(KPS_TEST_DATA_DIR "/access/resource-arn.json"));
        QVERIFY(arnFile.open(QIODevice::ReadOnly));
        const LoadedPolicy arnPolicy(arnFile.readAll().toStdString());
        MwaaContext given;
        given.account = "111122223333";
        const SimulationRequest app{*parseCaller(kRole), "kms:Decrypt", {}, {}};
        const Simulation unknownKey
            = simulate(arnPolicy.view, app, resolveKeyFacts(arnPolicy.document, arnPolicy.view, given));
        QCOMPARE(unknownKey.statements[0].resource, eval::Truth::Unknown);
        QCOMPARE(unknownKey.statements[0].resourcePointer, std::string("/Statement/0/Resource"));
        QCOMPARE(unknownKey.unknowns.front().needed, std::string("--key KEY_ARN"));
        QCOMPARE(unknownKey.unknowns.front().pointer, std::string("/Statement/0/Resource"));
    }

    void malformedStatementsSayWhy()
    {
        const LoadedPolicy policy(R"({"Version":"2012-10-17","Statement":[
            {"Effect":"allow","Principal":"*","Action":"kms:*","Resource":"*"},
            {"Effect":"Allow","Action":"kms:*","Resource":"*"},
            {"Effect":"Allow","Principal":"*","Resource":"*"}]})");
        std::string error;
        const SimulationRequest request{*parseCaller(kRole), "kms:Decrypt", {}, {}};
        const Simulation sim = simulate(policy.view, request, {});
        QCOMPARE(sim.decision, Decision::ImplicitDeny);
        QVERIFY(sim.statements[0].reason.find("\"allow\" is not Allow or Deny") != std::string::npos);
        QVERIFY(sim.statements[1].reason.find("no Principal") != std::string::npos);
        QVERIFY(sim.statements[2].reason.find("no Action") != std::string::npos);
        for (const auto& s : sim.statements) {
            QVERIFY(!s.wellFormed);
            QCOMPARE(s.applies, eval::Truth::False);
        }
    }

    // Every caller kind and every action the vocabulary groups, on every fixture the cases use: simulate() and
    // decideActions() (the access summary's path) give the same decisions and unknowns.
    void simulateAgreesWithDecideActions()
    {
        std::string error;
        std::vector<Caller> callers;
        for (const char* p : {kRole,
                              "arn:aws:iam::111122223333:root",
                              "111122223333",
                              "arn:aws:iam::444455556666:role/Reader",
                              "444455556666",
                              "arn:aws:iam::111122223333:user/Bob",
                              "logs.eu-west-1.amazonaws.com"}) {
            callers.push_back(*parseCaller(p));
        }
        std::vector<std::size_t> actions;
        for (const auto& g : Vocabulary::instance().actionGroups()) {
            actions.insert(actions.end(), g.actions.begin(), g.actions.end());
        }
        int compared = 0;
        for (const char* name : {"policies/_realworld/console-default.json",
                                 "policies/_realworld/console-default-external-account.json",
                                 "access/conditions.json",
                                 "access/cross-account.json",
                                 "access/deny-notprincipal.json",
                                 "access/resource-arn.json"}) {
            QFile file(QStringLiteral(KPS_TEST_DATA_DIR "/") + QString::fromLatin1(name));
            QVERIFY(file.open(QIODevice::ReadOnly));
            const LoadedPolicy policy(file.readAll().toStdString());
            const KeyFacts key = resolveKeyFacts(policy.document, policy.view, {});
            const eval::PreparedPolicy prepared(policy.view);
            for (const Caller& caller : callers) {
                const auto decided = decideActions(prepared, caller, actions, key);
                for (std::size_t i = 0; i < actions.size(); ++i) {
                    const SimulationRequest request{caller, Vocabulary::instance().actions()[actions[i]].name, {}, {}};
                    const Simulation sim = simulate(policy.view, request, key);
                    QCOMPARE(decided[i].decision, sim.decision);
                    QCOMPARE(decided[i].unknowns, sim.unknowns);
                    ++compared;
                }
            }
        }
        QVERIFY(compared > 1000);
    }
};

QTEST_GUILESS_MAIN(TestSimulator)
#include "tst_simulator.moc"
