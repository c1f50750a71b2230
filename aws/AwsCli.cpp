// SPDX-License-Identifier: GPL-3.0-or-later
// `keypolicy fetch` and `keypolicy apply`: QCoreApplication + QCommandLineParser, never a QApplication.
#include "aws/AwsCli.h"

#include "aws/AccountAudit.h"
#include "aws/ApplyGuard.h"
#include "aws/KeyFetch.h"
#include "aws/KmsClient.h"
#include "aws/SessionCredentials.h"
#include "core/checker/ContextValues.h"
#include "core/checker/Finding.h"
#include "core/json/SourceDocument.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSaveFile>
#include <QTextStream>

#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <unistd.h>

namespace kps::aws {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("keypolicy", text);
}

constexpr int kExitOk = 0;
constexpr int kExitFindings = 1;
constexpr int kExitError = 2;

struct Options
{
    QCommandLineOption keyId{
        QStringLiteral("key-id"), tr("The key: key id, key ARN, alias name (alias/...) or alias ARN."), tr("KEY")};
    QCommandLineOption profile{QStringLiteral("profile"),
                               tr("Use this profile of ~/.aws/config and ~/.aws/credentials (like the AWS CLI)."),
                               tr("PROFILE")};
    QCommandLineOption region{QStringLiteral("region"), tr("The AWS region of the key, e.g. eu-west-1."), tr("REGION")};
    QCommandLineOption endpointUrl{QStringLiteral("endpoint-url"),
                                   tr("Send requests to this URL instead of the regional KMS endpoint (VPC endpoints, "
                                      "tests). https, or http on a loopback address."),
                                   tr("URL")};
    QCommandLineOption caBundle{QStringLiteral("ca-bundle"),
                                tr("Also trust the CA certificates in this PEM file (certificates are always "
                                   "verified)."),
                                tr("FILE")};
    QCommandLineOption readTimeout{QStringLiteral("cli-read-timeout"),
                                   tr("Seconds to wait for each answer (default 60)."),
                                   tr("SECONDS"),
                                   QStringLiteral("60")};
    QCommandLineOption debug{QStringLiteral("debug"), tr("Log each request and answer to stderr (never credentials).")};
    QCommandLineOption output{QStringList{QStringLiteral("o"), QStringLiteral("output-file")},
                              tr("Write the key policy to FILE (atomically) instead of stdout."),
                              tr("FILE")};
    QCommandLineOption grantsOut{QStringLiteral("grants-out"),
                                 tr("Also fetch the grants (every page) and write them to FILE as `aws kms "
                                    "list-grants` prints them."),
                                 tr("FILE")};
    QCommandLineOption format{QStringLiteral("format"),
                              tr("Key summary as text (default) or json."),
                              QStringLiteral("text|json"),
                              QStringLiteral("text")};
    QCommandLineOption expected{QStringLiteral("expected-policy"),
                                tr("Refuse unless the live policy still is the one in FILE (e.g. what `keypolicy "
                                   "fetch` wrote)."),
                                tr("FILE")};
    QCommandLineOption yes{QStringList{QStringLiteral("y"), QStringLiteral("yes")},
                           tr("Apply without asking (the checks and the live-policy comparison still run).")};
    QCommandLineOption noMwaa{QStringLiteral("no-mwaa"), tr("Check with the generic key policy rules only.")};
    QCommandLineOption env{QStringLiteral("env"), tr("The MWAA environment name, for its checks."), tr("NAME")};
    QCommandLineOption help{QStringList{QStringLiteral("h"), QStringLiteral("help")}, tr("Show this help.")};
    // audit
    QCommandLineOption auditProfile{QStringLiteral("profile"),
                                    tr("Audit with this profile (repeat it for several accounts; role profiles are "
                                       "assumed with STS like the AWS CLI does)."),
                                    tr("PROFILE")};
    QCommandLineOption auditRegion{
        QStringLiteral("region"), tr("The region whose environments to audit."), tr("REGION")};
    QCommandLineOption auditEnv{
        QStringLiteral("env"), tr("Audit only this environment (repeatable); default: every environment."), tr("NAME")};
    QCommandLineOption auditEndpoint{QStringLiteral("endpoint-url"),
                                     tr("Send the requests of every service (MWAA, IAM, STS, KMS) to this URL. https, "
                                        "or http on a loopback address."),
                                     tr("URL")};
    QCommandLineOption auditFormat{QStringLiteral("format"),
                                   tr("Report as text (default), json, markdown, html or sarif."),
                                   QStringLiteral("text|json|markdown|html|sarif"),
                                   QStringLiteral("text")};
    QCommandLineOption auditOutput{QStringList{QStringLiteral("o"), QStringLiteral("output-file")},
                                   tr("Write the report to FILE (atomically) instead of stdout."),
                                   tr("FILE")};
    QCommandLineOption failOn{QStringLiteral("fail-on"),
                              tr("The lowest severity that makes the exit status 1: error (default), security, "
                                 "warning or suggestion."),
                              tr("SEVERITY"),
                              QStringLiteral("error")};
};

void setUp(QCommandLineParser& parser, Options& o, const QString& command)
{
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);
    if (command == QLatin1String("audit")) {
        parser.setApplicationDescription(tr(
            "Audits every Amazon MWAA environment of a region, read-only: each environment's key (DescribeKey,\n"
            "GetKeyPolicy, ListGrants, ListAliases) and execution role (inline and attached policies) are read and\n"
            "the key policy is checked with that context. An environment without a KmsKey uses an AWS-owned key and\n"
            "is reported, not checked. A call that fails is reported in its environment's section; the audit goes\n"
            "on. Credentials are found like the AWS CLI does.\n"
            "Exit status: 0 no finding at --fail-on or worse, 1 such findings, 2 a failed call or usage error."));
        parser.addPositionalArgument(QStringLiteral("audit"), tr("The command."), QStringLiteral("audit"));
        parser.addOptions({o.auditProfile,
                           o.auditRegion,
                           o.auditEnv,
                           o.auditEndpoint,
                           o.auditFormat,
                           o.auditOutput,
                           o.failOn,
                           o.caBundle,
                           o.readTimeout,
                           o.debug,
                           o.help});
        return;
    }
    if (command == QLatin1String("apply")) {
        parser.setApplicationDescription(
            tr("Applies a key policy to a live KMS key with PutKeyPolicy, after these safeguards:\n"
               "  1. the policy checks with no error finding and no LOCKOUT_RISK;\n"
               "  2. the differences against the live policy are shown and confirmed (asked on a terminal, or --yes);\n"
               "  3. the live policy is read again right before applying and must not have changed (and must equal\n"
               "     --expected-policy when given).\n"
               "BypassPolicyLockoutSafetyCheck is never set. Credentials and region are found like the AWS CLI does.\n"
               "Exit status: 0 applied (or nothing to change), 1 refused because of error findings, 2 any other error "
               "or refusal."));
        parser.addPositionalArgument(QStringLiteral("apply"), tr("The command."), QStringLiteral("apply"));
        parser.addPositionalArgument(QStringLiteral("FILE"),
                                     tr("The policy to apply (or `aws kms get-key-policy` output; - for stdin)."));
        parser.addOptions({o.keyId, o.expected, o.yes, o.noMwaa, o.env});
    } else {
        parser.setApplicationDescription(
            tr("Fetches a key's policy (exactly as KMS stores it), its metadata and, with --grants-out, its grants.\n"
               "Credentials and region are found like the AWS CLI does (environment, --profile / AWS_PROFILE, "
               "~/.aws files, credential_process).\n"
               "Exit status: 0 done, 2 usage, I/O or AWS error."));
        parser.addPositionalArgument(QStringLiteral("fetch"), tr("The command."), QStringLiteral("fetch"));
        parser.addOptions({o.keyId, o.output, o.grantsOut, o.format});
    }
    parser.addOptions({o.profile, o.region, o.endpointUrl, o.caBundle, o.readTimeout, o.debug, o.help});
}

/** Runs the event loop until `object` emits finished(). */
template <typename T>
void waitFor(T* object)
{
    if (object->isFinished()) {
        // finished() is always queued; let it arrive so no slot fires after we return.
        QCoreApplication::processEvents();
        return;
    }
    QEventLoop loop;
    QObject::connect(object, &T::finished, &loop, &QEventLoop::quit);
    loop.exec();
}

bool readInput(const QString& path, const AwsCliSettings& settings, QString* text, QString* error)
{
    // The one input limit (SourceDocument::MaxInputBytes): read one byte more to tell a larger input.
    constexpr qint64 limit = static_cast<qint64>(SourceDocument::MaxInputBytes);
    const auto tooLarge = [&](const QString& name) {
        *error = tr("%1 is larger than %2 MiB").arg(name).arg(limit / (1024 * 1024));
        return false;
    };
    if (path == QLatin1String("-")) {
        if (!settings.readStdin) {
            *text = settings.stdinText;
            return settings.stdinText.toUtf8().size() <= limit || tooLarge(tr("standard input"));
        }
        QFile in;
        if (!in.open(stdin, QIODevice::ReadOnly)) {
            *error = tr("cannot read stdin");
            return false;
        }
        const QByteArray bytes = in.read(limit + 1);
        if (bytes.size() > limit) {
            return tooLarge(tr("standard input"));
        }
        *text = QString::fromUtf8(bytes);
        return true;
    }
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = tr("cannot read %1: %2").arg(path, f.errorString());
        return false;
    }
    const QByteArray bytes = f.read(limit + 1);
    if (bytes.size() > limit) {
        return tooLarge(path);
    }
    *text = QString::fromUtf8(bytes);
    return true;
}

/** The policy inside `aws kms get-key-policy` output, or the text itself. */
QString unwrapPolicy(const QString& text)
{
    const SourceDocument doc = SourceDocument::parse(text.toStdString());
    return doc.isWrapped() ? QString::fromStdString(doc.text()) : text;
}

bool writeAtomically(const QString& path, const QByteArray& data, QString* error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Unbuffered) || file.write(data) != data.size() || !file.commit()) {
        *error = tr("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

struct Common
{
    AwsSession session;
    KmsClientOptions options;
};

/** The --cli-read-timeout value in ms, or 0 with a message. */
int readTimeoutMs(const QCommandLineParser& parser, const Options& o, const QString& command, QTextStream& err)
{
    bool ok = false;
    const double seconds = parser.value(o.readTimeout).toDouble(&ok);
    if (!ok || seconds <= 0) {
        err << "keypolicy " << command << ": " << tr("--cli-read-timeout needs a positive number of seconds")
            << Qt::endl;
        return 0;
    }
    return int(seconds * 1000);
}

/** Resolves credentials and region and builds client options; false with the message on err. */
bool resolveCommon(const QCommandLineParser& parser,
                   const Options& o,
                   const AwsCliSettings& settings,
                   const QString& command,
                   QTextStream& err,
                   Common* common)
{
    const AwsConfigResolver resolver(settings.environment);
    const QString profile = parser.value(o.profile);
    QString region = parser.value(o.region);
    // A --region typed on the command line follows the one rule of every context option (a usage error, exit 2).
    if (parser.isSet(o.region)) {
        if (const auto valid = validateContextOption(ContextField::Region, region.toStdString()); !valid) {
            err << "keypolicy " << command << ": " << QString::fromStdString(valid.error().message) << Qt::endl;
            return false;
        }
    }
    // Without any region setting, a key ARN names its own region.
    const QString arnRegion = regionOfArn(parser.value(o.keyId));
    if (region.isEmpty() && resolver.regionFor(profile).isEmpty() && !arnRegion.isEmpty()) {
        region = arnRegion;
    }
    common->session = resolver.resolve(profile, region);
    if (!common->session.isValid()) {
        err << "keypolicy " << command << ": " << common->session.error << Qt::endl;
        return false;
    }
    if (parser.isSet(o.caBundle)) {
        common->session.caBundle = parser.value(o.caBundle);
    }
    common->options.timeoutMs = readTimeoutMs(parser, o, command, err);
    if (common->options.timeoutMs == 0) {
        return false;
    }
    common->options.retryBaseMs = settings.retryBaseMs;
    const QString endpoint = parser.value(o.endpointUrl);
    common->options.endpointUrl = configuredEndpoint(settings.environment, QStringLiteral("KMS"), endpoint);
    if (!common->session.assumeRole.roleArn.isEmpty()) {
        // A role profile: STS AssumeRole first, as the AWS CLI does.
        KmsClientOptions sts = common->options;
        sts.endpointUrl = configuredEndpoint(settings.environment, QStringLiteral("STS"), endpoint);
        SessionCredentials credentials(common->session, sts);
        credentials.start();
        waitFor(&credentials);
        if (!credentials.succeeded()) {
            err << "keypolicy " << command << ": " << credentials.error() << Qt::endl;
            return false;
        }
        common->session = credentials.session();
    }
    return true;
}

void reportRetries(QObject* source, QTextStream& err, const QString& command)
{
    if (auto* fetch = qobject_cast<KeyFetch*>(source)) {
        QObject::connect(
            fetch, &KeyFetch::retrying, fetch, [&err, command](int attempt, int delayMs, const QString& reason) {
                err << "keypolicy " << command << ": "
                    << tr("%1 (attempt %2); retrying in %3 s…")
                           .arg(reason)
                           .arg(attempt)
                           .arg(delayMs / 1000.0, 0, 'f', 1)
                    << Qt::endl;
            });
    }
}

int runFetch(const QCommandLineParser& parser,
             const Options& o,
             const AwsCliSettings& settings,
             QTextStream& out,
             QTextStream& err)
{
    if (parser.positionalArguments().size() > 1) {
        err << "keypolicy fetch: " << tr("unexpected argument %1").arg(parser.positionalArguments().at(1)) << Qt::endl;
        return kExitError;
    }
    const QString format = parser.value(o.format);
    if (format != QLatin1String("text") && format != QLatin1String("json")) {
        err << "keypolicy fetch: " << tr("--format must be text or json") << Qt::endl;
        return kExitError;
    }
    Common common;
    if (!resolveCommon(parser, o, settings, QStringLiteral("fetch"), err, &common)) {
        return kExitError;
    }
    KmsClient client(common.session, common.options);
    KeyFetch fetch(&client, parser.value(o.keyId), parser.isSet(o.grantsOut));
    reportRetries(&fetch, err, QStringLiteral("fetch"));
    fetch.start();
    waitFor(&fetch);
    if (!fetch.succeeded()) {
        err << "keypolicy fetch: " << fetch.error().message << Qt::endl;
        return kExitError;
    }
    const KeyFetchResult& r = fetch.result();
    QString error;
    const QString outputFile = parser.value(o.output);
    if (!outputFile.isEmpty()) {
        if (!writeAtomically(outputFile, r.policy.toUtf8(), &error)) {
            err << "keypolicy fetch: " << error << Qt::endl;
            return kExitError;
        }
    } else {
        out << r.policy;
        if (!r.policy.endsWith(QLatin1Char('\n'))) {
            out << '\n';
        }
    }
    if (parser.isSet(o.grantsOut) && !writeAtomically(parser.value(o.grantsOut), grantsJson(r.grants), &error)) {
        err << "keypolicy fetch: " << error << Qt::endl;
        return kExitError;
    }
    // The summary goes to stdout when the policy went to a file, else to stderr so stdout stays the policy.
    QTextStream& summary = outputFile.isEmpty() ? err : out;
    if (format == QLatin1String("json")) {
        QJsonObject o2{{QStringLiteral("KeyMetadata"), r.keyMetadata}};
        if (!r.aliasResolvedFrom.isEmpty()) {
            o2.insert(QStringLiteral("Alias"), r.aliasResolvedFrom);
        }
        if (!outputFile.isEmpty()) {
            o2.insert(QStringLiteral("PolicyFile"), outputFile);
        }
        if (r.grantsFetched) {
            o2.insert(QStringLiteral("GrantsFile"), parser.value(o.grantsOut));
            o2.insert(QStringLiteral("GrantCount"), r.grants.value(QStringLiteral("Grants")).toArray().size());
        }
        summary << QJsonDocument(o2).toJson(QJsonDocument::Indented);
    } else {
        summary << keySummary(r) << '\n';
        if (!outputFile.isEmpty()) {
            summary << tr("Policy written to %1").arg(outputFile) << '\n';
        }
        if (r.grantsFetched) {
            summary << tr("Grants written to %1").arg(parser.value(o.grantsOut)) << '\n';
        }
    }
    summary.flush();
    return kExitOk;
}

int runApply(const QCommandLineParser& parser,
             const Options& o,
             const AwsCliSettings& settings,
             QTextStream& out,
             QTextStream& err)
{
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 2) {
        err << "keypolicy apply: " << tr("give exactly one policy FILE (see keypolicy apply --help)") << Qt::endl;
        return kExitError;
    }
    const QString file = positional.at(1);
    QString text;
    QString error;
    if (!readInput(file, settings, &text, &error)) {
        err << "keypolicy apply: " << error << Qt::endl;
        return kExitError;
    }
    if (parser.isSet(o.env)) {
        if (const auto valid = validateContextOption(ContextField::Environment, parser.value(o.env).toStdString());
            !valid) {
            err << "keypolicy apply: " << QString::fromStdString(valid.error().message) << Qt::endl;
            return kExitError;
        }
    }
    const QString policy = unwrapPolicy(text);
    QString expected;
    const bool haveExpected = parser.isSet(o.expected);
    if (haveExpected) {
        if (!readInput(parser.value(o.expected), settings, &expected, &error)) {
            err << "keypolicy apply: " << error << Qt::endl;
            return kExitError;
        }
        expected = unwrapPolicy(expected);
    }
    Common common;
    if (!resolveCommon(parser, o, settings, QStringLiteral("apply"), err, &common)) {
        return kExitError;
    }
    KmsClient client(common.session, common.options);

    // The key's metadata and live policy: what the diff and the checks are made against.
    KeyFetch fetch(&client, parser.value(o.keyId), false);
    reportRetries(&fetch, err, QStringLiteral("apply"));
    fetch.start();
    waitFor(&fetch);
    if (!fetch.succeeded()) {
        err << "keypolicy apply: " << fetch.error().message << Qt::endl;
        return kExitError;
    }
    const KeyFetchResult& live = fetch.result();
    const QString arn = live.keyArn().isEmpty() ? live.keyId() : live.keyArn();
    if (live.keyMetadata.value(QStringLiteral("KeyManager")).toString() == QLatin1String("AWS")) {
        err << "keypolicy apply: " << tr("%1 is an AWS managed key; its policy cannot be changed.").arg(arn)
            << Qt::endl;
        return kExitError;
    }
    if (haveExpected && expected != live.policy) {
        err << "keypolicy apply: "
            << tr("Not applied: the live policy of %1 is no longer the one in %2 (it changed since it was fetched). "
                  "Fetch it again and review the differences:")
                   .arg(arn, parser.value(o.expected))
            << '\n'
            << unifiedDiff(expected, live.policy, parser.value(o.expected), tr("live policy")) << Qt::endl;
        return kExitError;
    }

    const ApplyChecks checks = checkForApply(
        policy,
        applyCheckOptions(live.keyMetadata, common.session.region, !parser.isSet(o.noMwaa), parser.value(o.env)));
    if (!checks.passed) {
        err << "keypolicy apply: " << tr("Not applied to %1.").arg(arn) << '\n' << checks.summary << Qt::endl;
        return kExitFindings;
    }
    if (policy == live.policy) {
        out << tr("The live policy of %1 already is %2; nothing to apply.").arg(arn, file) << Qt::endl;
        return kExitOk;
    }
    out << checks.summary << '\n' << unifiedDiff(live.policy, policy, tr("live policy of %1").arg(arn), file);
    out.flush();

    bool confirmed = parser.isSet(o.yes);
    if (!confirmed) {
        if (!settings.confirm) {
            err << "keypolicy apply: "
                << tr("Not applied: confirmation needed. Run it in a terminal to answer, or pass --yes.") << Qt::endl;
            return kExitError;
        }
        confirmed = settings.confirm(tr("Apply this policy to %1? Type yes to confirm: ").arg(arn));
        if (!confirmed) {
            err << "keypolicy apply: " << tr("Not applied.") << Qt::endl;
            return kExitError;
        }
    }

    ApplyRequest request;
    request.keyId = arn;
    request.policy = policy;
    request.loadedLivePolicy = live.policy;
    request.checks = checks;
    request.confirmed = confirmed;
    PolicyApply apply(&client, request);
    QObject::connect(&apply, &PolicyApply::progress, &apply, [&err](const QString& step) {
        err << "keypolicy apply: " << step << Qt::endl;
    });
    apply.start();
    waitFor(&apply);
    switch (apply.outcome()) {
    case PolicyApply::Outcome::Applied:
    case PolicyApply::Outcome::Unchanged:
        out << apply.message() << Qt::endl;
        return kExitOk;
    default:
        err << "keypolicy apply: " << apply.message() << Qt::endl;
        return kExitError;
    }
}

int runAudit(const QCommandLineParser& parser,
             const Options& o,
             const AwsCliSettings& settings,
             QTextStream& out,
             QTextStream& err)
{
    const QString command = QStringLiteral("audit");
    if (parser.positionalArguments().size() > 1) {
        err << "keypolicy audit: " << tr("unexpected argument %1").arg(parser.positionalArguments().at(1)) << Qt::endl;
        return kExitError;
    }
    const QString format = parser.value(o.auditFormat);
    static const QStringList formats = {QStringLiteral("text"),
                                        QStringLiteral("json"),
                                        QStringLiteral("markdown"),
                                        QStringLiteral("html"),
                                        QStringLiteral("sarif")};
    if (!formats.contains(format)) {
        err << "keypolicy audit: " << tr("--format must be text, json, markdown, html or sarif") << Qt::endl;
        return kExitError;
    }
    const auto failOn = severityFromName(parser.value(o.failOn).toStdString());
    if (!failOn) {
        err << "keypolicy audit: "
            << tr("--fail-on: '%1' is not one of error, security, warning, suggestion").arg(parser.value(o.failOn))
            << Qt::endl;
        return kExitError;
    }
    AccountAuditRequest request;
    request.environment = settings.environment;
    request.profiles = parser.values(o.auditProfile);
    request.region = parser.value(o.auditRegion);
    if (parser.isSet(o.auditRegion)) {
        if (const auto valid = validateContextOption(ContextField::Region, request.region.toStdString()); !valid) {
            err << "keypolicy audit: " << QString::fromStdString(valid.error().message) << Qt::endl;
            return kExitError;
        }
    }
    request.environments = parser.values(o.auditEnv);
    for (const QString& name : std::as_const(request.environments)) {
        if (const auto valid = validateContextOption(ContextField::Environment, name.toStdString()); !valid) {
            err << "keypolicy audit: " << QString::fromStdString(valid.error().message) << Qt::endl;
            return kExitError;
        }
    }
    request.endpointUrl = parser.value(o.auditEndpoint);
    request.caBundle = parser.value(o.caBundle);
    request.clientOptions.timeoutMs = readTimeoutMs(parser, o, command, err);
    if (request.clientOptions.timeoutMs == 0) {
        return kExitError;
    }
    request.clientOptions.retryBaseMs = settings.retryBaseMs;

    AccountAuditRun run(request);
    if (settings.progress) {
        QObject::connect(&run, &AccountAuditRun::progress, &run, [&err](int done, int total, const QString& step) {
            err << "\r\033[K" << tr("[%1/%2] %3").arg(done).arg(total).arg(step);
            err.flush();
        });
        QObject::connect(&run,
                         &AccountAuditRun::retrying,
                         &run,
                         [&err](const QString& operation, int attempt, int delayMs, const QString& reason) {
                             err << "\r\033[K"
                                 << tr("%1: %2 (attempt %3); retrying in %4 s…")
                                        .arg(operation, reason)
                                        .arg(attempt)
                                        .arg(delayMs / 1000.0, 0, 'f', 1)
                                 << Qt::endl;
                         });
    }
    run.start();
    waitFor(&run);
    if (settings.progress) {
        err << "\r\033[K";
        err.flush();
    }
    const render::AccountAudit& audit = run.result();
    std::string text;
    if (format == QLatin1String("json")) {
        text = render::renderAuditJson(audit);
    } else if (format == QLatin1String("markdown")) {
        text = render::renderAuditMarkdown(audit);
    } else if (format == QLatin1String("html")) {
        text = render::renderAuditHtml(audit);
    } else if (format == QLatin1String("sarif")) {
        text = render::renderAuditSarif(audit);
    } else {
        text = render::renderAuditText(audit);
    }
    const QString outputFile = parser.value(o.auditOutput);
    if (!outputFile.isEmpty() && outputFile != QLatin1String("-")) {
        QString error;
        if (!writeAtomically(outputFile, QByteArray::fromStdString(text), &error)) {
            err << "keypolicy audit: " << error << Qt::endl;
            return kExitError;
        }
    } else {
        out << QString::fromStdString(text);
        out.flush();
    }
    if (render::auditHasErrors(audit)) {
        err << "keypolicy audit: " << tr("some calls failed; see the report (exit status 2).") << Qt::endl;
        return kExitError;
    }
    return render::countAudit(audit).atLeast(*failOn) > 0 ? kExitFindings : kExitOk;
}

bool askOnTerminal(const QString& question)
{
    std::cerr << question.toStdString() << std::flush;
    std::string answer;
    if (!std::getline(std::cin, answer)) {
        return false;
    }
    const QString a = QString::fromStdString(answer).trimmed().toLower();
    return a == QLatin1String("yes") || a == QLatin1String("y");
}

} // namespace

bool isAwsCommand(const std::string& command)
{
    return command == "fetch" || command == "apply" || command == "audit";
}

int runAwsCommand(const QStringList& args, QTextStream& out, QTextStream& err, const AwsCliSettings& settings)
{
    const QString command = args.value(1);
    if (command != QLatin1String("fetch") && command != QLatin1String("apply") && command != QLatin1String("audit")) {
        err << "keypolicy: " << tr("unknown command %1").arg(command) << Qt::endl;
        return kExitError;
    }
    const bool apply = command == QLatin1String("apply");
    Options o;
    QCommandLineParser parser;
    setUp(parser, o, command);
    if (!parser.parse(args)) {
        err << "keypolicy " << command << ": " << parser.errorText() << '\n'
            << tr("See keypolicy %1 --help.").arg(command) << Qt::endl;
        return kExitError;
    }
    if (parser.isSet(o.help)) {
        QString help = parser.helpText();
        // The parser names the running executable; the command is always `keypolicy`.
        const qsizetype space = help.indexOf(QLatin1Char(' '), 7);
        if (help.startsWith(QLatin1String("Usage: ")) && space > 0) {
            help.replace(7, space - 7, QStringLiteral("keypolicy"));
        }
        out << help;
        out.flush();
        return kExitOk;
    }
    if (parser.isSet(o.debug)) {
        QLoggingCategory::setFilterRules(QStringLiteral("kps.aws.*.debug=true"));
    }
    if (command == QLatin1String("audit")) {
        return runAudit(parser, o, settings, out, err);
    }
    if (parser.value(o.keyId).isEmpty()) {
        err << "keypolicy " << command << ": " << tr("--key-id is required (see keypolicy %1 --help)").arg(command)
            << Qt::endl;
        return kExitError;
    }
    return apply ? runApply(parser, o, settings, out, err) : runFetch(parser, o, settings, out, err);
}

int runAwsCli(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("keypolicy"));
    QCoreApplication::setApplicationVersion(QStringLiteral(KPS_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);
    AwsCliSettings settings;
    if (isatty(STDIN_FILENO)) {
        settings.confirm = askOnTerminal;
    }
    settings.progress = isatty(STDERR_FILENO) != 0;
    const int status = runAwsCommand(QCoreApplication::arguments(), out, err, settings);
    out.flush();
    err.flush();
    return status;
}

} // namespace kps::aws
