// SPDX-License-Identifier: GPL-3.0-or-later
// The change-ticket report (core/render/ChangeTicket.h): SHA-256, the put-key-policy command, findings before and
// after, the grant matrix, escaping, determinism.
#include "core/fix/Fixer.h"
#include "core/mwaa/Grants.h"
#include "core/render/ChangeTicket.h"

#include <QCryptographicHash>
#include <QTest>

#include <fstream>
#include <regex>
#include <sstream>

using namespace kps;
using namespace kps::render;

namespace {

std::string readFixture(const std::string& relative)
{
    std::ifstream file(std::string(KPS_TEST_DATA_DIR) + "/" + relative, std::ios::binary);
    std::stringstream buffer;
    buffer << file.rdbuf();
    return buffer.str();
}

/** An independent SHA-256 (Qt's own implementation, not OpenSSL). */
std::string qtSha256(const std::string& bytes)
{
    return QCryptographicHash::hash(QByteArray(bytes.data(), static_cast<qsizetype>(bytes.size())),
                                    QCryptographicHash::Sha256)
        .toHex()
        .toStdString();
}

bool contains(const std::string& haystack, const std::string& needle)
{
    return haystack.find(needle) != std::string::npos;
}

CheckOptions usWest2(bool withKey = true)
{
    CheckOptions o;
    o.context.region = "us-west-2";
    o.context.regionSource = ContextSource::Given;
    o.context.account = "111122223333";
    o.context.accountSource = ContextSource::Given;
    o.context.environment = "MyAirflowEnvironment";
    o.context.environmentSource = ContextSource::Given;
    if (withKey) {
        o.context.key = "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        o.context.keySource = ContextSource::Given;
    }
    return o;
}

ChangeTicketInput inputFor(const std::string& text, const std::string& name, const CheckOptions& options)
{
    ChangeTicketInput in;
    in.originalText = text;
    in.origin = ReportOrigin::file("/policies/" + name);
    in.fileName = name;
    in.correctedText = applyAllFixes(SourceDocument::parse(text), options).text;
    in.options = options;
    return in;
}

/**
 * A small well-formedness check of the HTML we write: every element except the void ones is closed in order, and
 * no raw '<' appears outside a tag (so nothing from the policy was left unescaped).
 */
bool balancedHtml(const std::string& html, std::string* problem)
{
    std::vector<std::string> open;
    std::size_t pos = 0;
    while ((pos = html.find('<', pos)) != std::string::npos) {
        const auto end = html.find('>', pos);
        if (end == std::string::npos) {
            *problem = "unterminated tag at " + std::to_string(pos);
            return false;
        }
        const std::string tag = html.substr(pos + 1, end - pos - 1);
        pos = end + 1;
        if (tag.rfind("!DOCTYPE", 0) == 0) {
            continue;
        }
        static const std::regex Name(R"(^/?([a-z][a-z0-9]*)(\s[^<]*)?$)");
        std::smatch m;
        if (!std::regex_match(tag, m, Name)) {
            *problem = "not a tag: <" + tag + ">";
            return false;
        }
        const std::string name = m[1];
        if (name == "meta" || name == "br") {
            continue;
        }
        if (tag[0] == '/') {
            if (open.empty() || open.back() != name) {
                *problem = "</" + name + "> closes " + (open.empty() ? std::string("nothing") : open.back());
                return false;
            }
            open.pop_back();
        } else {
            open.push_back(name);
        }
    }
    if (!open.empty()) {
        *problem = "<" + open.back() + "> is never closed";
        return false;
    }
    return true;
}

/** The number of unescaped '|' in a Markdown line. */
int cellSeparators(const std::string& line)
{
    int n = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '\\') {
            ++i;
        } else if (line[i] == '|') {
            ++n;
        }
    }
    return n;
}

} // namespace

class TestChangeTicket : public QObject
{
    Q_OBJECT

private slots:
    void sha256Vectors_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QString>("digest");
        // FIPS 180-2 appendix B and the empty message.
        QTest::newRow("empty") << QByteArray() << "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        QTest::newRow("abc") << QByteArray("abc") << "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        QTest::newRow("448 bits") << QByteArray("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                                  << "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
    }
    void sha256Vectors()
    {
        QFETCH(QByteArray, input);
        QFETCH(QString, digest);
        QCOMPARE(QString::fromStdString(sha256Hex(std::string_view(input.constData(), input.size()))), digest);
    }

    void correctedFileName()
    {
        QCOMPARE(correctedFileNameFor("policy.json"), std::string("policy.corrected.json"));
        QCOMPARE(correctedFileNameFor("dir/key.policy.json"), std::string("key.policy.corrected.json"));
        QCOMPARE(correctedFileNameFor("noext"), std::string("noext.corrected.json"));
        QCOMPARE(correctedFileNameFor(""), std::string("policy.corrected.json"));
        QCOMPARE(correctedFileNameFor("<stdin>"), std::string("policy.corrected.json"));
    }

    void putCommand_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("region");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<bool>("known");
        QTest::newRow("arn") << "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
                             << "eu-west-1"
                             << "aws kms put-key-policy --key-id "
                                "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab "
                                "--policy-name default --policy file://p.corrected.json --region eu-west-1"
                             << true;
        QTest::newRow("arn region wins") << "arn:aws-cn:kms:cn-north-1:111122223333:key/mrk-1"
                                         << "cn-northwest-1"
                                         << "aws kms put-key-policy --key-id arn:aws-cn:kms:cn-north-1:111122223333:"
                                            "key/mrk-1 --policy-name default --policy file://p.corrected.json "
                                            "--region cn-north-1"
                                         << true;
        QTest::newRow("key/id") << "key/1234abcd-12ab-34cd-56ef-1234567890ab"
                                << "us-east-1"
                                << "aws kms put-key-policy --key-id 1234abcd-12ab-34cd-56ef-1234567890ab "
                                   "--policy-name default --policy file://p.corrected.json --region us-east-1"
                                << true;
        QTest::newRow("alias") << "alias/mwaa"
                               << "us-east-1"
                               << "aws kms put-key-policy --key-id <KEY_ID> --policy-name default --policy "
                                  "file://p.corrected.json --region us-east-1"
                               << false;
        QTest::newRow("unknown, no region") << ""
                                            << ""
                                            << "aws kms put-key-policy --key-id <KEY_ID> --policy-name default "
                                               "--policy file://p.corrected.json"
                                            << false;
        QTest::newRow("quoted") << "abc'; rm -rf /"
                                << "us-east-1"
                                << "aws kms put-key-policy --key-id 'abc'\\''; rm -rf /' --policy-name default "
                                   "--policy file://p.corrected.json --region us-east-1"
                                << true;
    }
    void putCommand()
    {
        QFETCH(QString, key);
        QFETCH(QString, region);
        QFETCH(QString, expected);
        QFETCH(bool, known);
        MwaaContext c;
        c.key = key.toStdString();
        c.region = region.toStdString();
        const auto p = putKeyPolicyCommand(c, "p.corrected.json");
        QCOMPARE(QString::fromStdString(p.command), expected);
        QCOMPARE(p.keyKnown, known);
        QCOMPARE(p.keyNote.empty(), known);
        QVERIFY(!contains(p.command, "bypass"));
    }

    void quotedFileName()
    {
        MwaaContext c;
        c.key = "1234abcd-12ab-34cd-56ef-1234567890ab";
        const auto p = putKeyPolicyCommand(c, "my policy.corrected.json");
        QVERIFY(contains(p.command, "--policy 'file://my policy.corrected.json'"));
    }

    void compareFindingsByCodeAndMessage()
    {
        const auto finding = [](const char* code, const char* message) {
            Finding f;
            f.code = code;
            f.message = message;
            return f;
        };
        Finding a = finding("A", "one");
        const Finding b = finding("B", "two");
        const Finding b2 = finding("B", "two");
        const Finding c = finding("C", "new");
        a.location.span.line = 3;
        Finding aMoved = a;
        aMoved.location.span.line = 9; // a fix above it moved it
        const auto cmp = compareFindings({a, b, b2}, {aMoved, b, c});
        QCOMPARE(cmp.resolved, (std::vector<bool>{false, false, true}));
        QCOMPARE(cmp.introduced, (std::vector<bool>{false, false, true}));
        QCOMPARE(cmp.resolvedCount, std::size_t(1));
        QCOMPARE(cmp.introducedCount, std::size_t(1));
    }

    // AWS's own us-west-2 example (the MWAA page,
    // https://docs.aws.amazon.com/mwaa/latest/userguide/custom-keys-certs.html): its one fix tightens the logs
    // condition to the account.
    void usWest2Example()
    {
        const std::string text = readFixture("policies/_realworld/mwaa-docs-us-west-2.json");
        QVERIFY(!text.empty());
        const auto input = inputFor(text, "mwaa-docs-us-west-2.json", usWest2());
        const ChangeTicket t = buildChangeTicket(input);
        QVERIFY(t.valid);
        QCOMPARE(t.originalSha256, qtSha256(text));
        QCOMPARE(t.correctedSha256, qtSha256(input.correctedText));
        QVERIFY(t.contentChanged);
        QCOMPARE(t.findings.resolvedCount, std::size_t(1));
        QCOMPARE(t.findings.before.front().code, std::string("MWAA_LOGS_CONDITION_BROAD"));
        QVERIFY(t.findings.after.empty());
        QVERIFY(t.put.keyKnown);
        QVERIFY(t.auditBefore.has_value());
        QVERIFY(t.auditsEqual);

        const std::string md = renderChangeTicketMarkdown(t);
        QVERIFY(contains(md, "SHA-256 `" + qtSha256(text) + "`"));
        QVERIFY(contains(md, "SHA-256 `" + qtSha256(input.correctedText) + "`"));
        QVERIFY(contains(md, "| suggestion | `MWAA_LOGS_CONDITION_BROAD` | 29:51 | "));
        QVERIFY(contains(md, "| resolved |\n"));
        QVERIFY(contains(md, "The fixes resolve 1 finding. 0 findings remain.\n"));
        // The fix changes one line, in the file's own 2-space layout (it used to reformat the whole policy).
        QVERIFY(contains(md,
                         "-            \"kms:EncryptionContext:aws:logs:arn\": \"arn:aws:logs:us-west-2:*:*\"\n"
                         "+            \"kms:EncryptionContext:aws:logs:arn\": "
                         "\"arn:aws:logs:us-west-2:111122223333:*\"\n"));
        QVERIFY(contains(md, "@@ -26,7 +26,7 @@"));
        QVERIFY(contains(md,
                         "aws kms put-key-policy --key-id "
                         "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab --policy-name "
                         "default --policy file://mwaa-docs-us-west-2.corrected.json --region us-west-2\n"));
        QVERIFY(contains(
            md, "sha256sum mwaa-docs-us-west-2.corrected.json   # must print " + qtSha256(input.correctedText)));
        QVERIFY(contains(md, "| Region | us-west-2 | given |"));
        QVERIFY(contains(md, "| Partition | aws | inferred |"));
        QVERIFY(contains(md, "| mwaa-grant-for-env-mgmt-role-MyAirflowEnvironment | required |"));
        QVERIFY(contains(md, "airflow.us-west-2.amazonaws.com"));
        QVERIFY(!contains(md, "bypass-policy-lockout"));

        const std::string html = renderChangeTicketHtml(t);
        std::string problem;
        QVERIFY2(balancedHtml(html, &problem), problem.c_str());
        QVERIFY(contains(html, "<code>" + qtSha256(text) + "</code>"));
        QVERIFY(contains(
            html, "--policy-name default --policy file://mwaa-docs-us-west-2.corrected.json --region us-west-2"));
    }

    // The corrected policy reported again: nothing to fix, and the report says so (it is still complete).
    void noChanges()
    {
        const std::string first = readFixture("policies/_realworld/mwaa-docs-us-west-2.json");
        const std::string text = applyAllFixes(SourceDocument::parse(first), usWest2()).text;
        const auto input = inputFor(text, "fixed.json", usWest2());
        QCOMPARE(input.correctedText, text);
        const ChangeTicket t = buildChangeTicket(input);
        QVERIFY(!t.contentChanged);
        QVERIFY(t.diff.empty());
        QCOMPARE(t.originalSha256, t.correctedSha256);
        const std::string md = renderChangeTicketMarkdown(t);
        QVERIFY(contains(md,
                         "- No changes: no fix applies to this policy, and the corrected policy has the same "
                         "content. 0 findings remain.\n"));
        QVERIFY(contains(md, "No changes: the corrected policy has the same lines as the original."));
        QVERIFY(contains(md, "aws kms put-key-policy --key-id arn:aws:kms:us-west-2:"));
        const std::string html = renderChangeTicketHtml(t);
        std::string problem;
        QVERIFY2(balancedHtml(html, &problem), problem.c_str());
        QVERIFY(contains(html, "<p>No changes: the corrected policy has the same lines as the original.</p>"));
    }

    // The GUI fixture: AWS's example with four fixable defects.
    void severalDefects()
    {
        const std::string text = readFixture("mwaagui/several-defects.json");
        const auto input = inputFor(text, "several-defects.json", usWest2(false));
        QVERIFY(input.correctedText != text);
        const ChangeTicket t = buildChangeTicket(input);
        QVERIFY(t.contentChanged);
        QVERIFY(!t.diff.empty());
        QVERIFY(t.findings.resolvedCount >= 4);
        QCOMPARE(t.originalSha256, qtSha256(text));
        QCOMPARE(t.correctedSha256, qtSha256(input.correctedText));
        QVERIFY(!t.put.keyKnown);

        const std::string md = renderChangeTicketMarkdown(t);
        for (const char* code : {"VERSION_OLD", "EFFECT_INVALID", "ACTION_UNKNOWN"}) {
            QVERIFY2(contains(md, std::string("| `") + code + "` |"), code);
        }
        QVERIFY(contains(md, "| resolved |"));
        QVERIFY(contains(md, "-    \"Version\": \"2008-10-17\",\n+    \"Version\": \"2012-10-17\",\n"));
        QVERIFY(contains(md, "```diff\n--- several-defects.json\n+++ several-defects.corrected.json\n"));
        QVERIFY(contains(md,
                         "--key-id <KEY_ID> --policy-name default --policy file://several-defects.corrected.json "
                         "--region us-west-2"));
        // The placeholder as code, as in the command: no entity (&lt;) that a reader of the .md sees literally.
        QVERIFY(contains(md, "- The key is unknown: replace `<KEY_ID>` with the key id or key ARN of the key.\n"));
        QVERIFY(!contains(md, "&lt;"));
        QVERIFY(!contains(md, "&gt;"));
        // Every table row of the report has as many cell separators as its header.
        std::istringstream lines(md);
        std::string line;
        int expected = -1;
        while (std::getline(lines, line)) {
            if (line.rfind("| ", 0) != 0) {
                expected = -1;
                continue;
            }
            if (expected < 0) {
                expected = cellSeparators(line);
            }
            QCOMPARE(cellSeparators(line), expected);
        }

        const std::string html = renderChangeTicketHtml(t);
        std::string problem;
        QVERIFY2(balancedHtml(html, &problem), problem.c_str());
        QVERIFY(contains(html, "<span class=\"removed\">-    &quot;Version&quot;: &quot;2008-10-17&quot;,</span>"));
        QVERIFY(contains(html, "--key-id &lt;KEY_ID&gt;"));
        QVERIFY(contains(html, "<li>The key is unknown: replace <code>&lt;KEY_ID&gt;</code> with the key id"));
        // Stacked findings: the code on the finding's first row, the message across the table below it.
        QVERIFY(contains(html, "<td class=\"lead\"><code>VERSION_OLD</code></td>"));
        QVERIFY(contains(html, "<tr><td colspan=\"4\">Version &quot;2008-10-17&quot; is the old policy language"));
    }

    // The access change between the original and the corrected policy (keypolicy diff): what a reviewer approving
    // the ticket must see. In the GUI fixture the fixes turn Effect "allow" into "Allow" (the root delegation starts
    // to apply) and the upper-case Logs principal into the service's name (CloudWatch Logs may then use the key, as
    // its encryption context allows).
    void accessChange()
    {
        const std::string text = readFixture("mwaagui/several-defects.json");
        const ChangeTicket t = buildChangeTicket(inputFor(text, "several-defects.json", usWest2(false)));
        QVERIFY(t.access.has_value());
        QVERIFY(!t.access->sameAccess());
        QCOMPARE(t.access->key.context.account, std::string("111122223333"));
        const std::string md = renderChangeTicketMarkdown(t);
        const auto section = md.find("## Access change\n\nWho gains or loses what with the corrected policy");
        QVERIFY(section != std::string::npos);
        QVERIFY(md.find("## Findings after the change") < section);
        QVERIFY(section < md.find("## Grant audit"));
        QVERIFY(
            contains(md, "\n- account 111122223333 (through IAM) gains use (only if its IAM policies allow it too)\n"));
        QVERIFY(contains(md,
                         "\n- account 111122223333 (through IAM) gains administer (only if its IAM policies allow it "
                         "too)\n"));
        QVERIFY(contains(md,
                         "- service logs.us-west-2.amazonaws.com: kms:DescribeKey from implicit\\_deny to depends "
                         "(depends on kms:EncryptionContext:aws:logs:arn)\n"));
        const std::string html = renderChangeTicketHtml(t);
        std::string problem;
        QVERIFY2(balancedHtml(html, &problem), problem.c_str());
        QVERIFY(contains(html,
                         "<h2>Access change</h2>\n<p>Who gains or loses what with the corrected policy (keypolicy "
                         "diff), for the key with account 111122223333 (given)"));
        QVERIFY(contains(html,
                         "<li>account 111122223333 (through IAM) gains use (only if its IAM policies allow it "
                         "too)</li>\n"));

        // AWS's example: its one fix narrows the Logs condition to the account, whose log groups the requests name
        // anyway (their encryption context is not known here): the same access, said in one line.
        const ChangeTicket same = buildChangeTicket(
            inputFor(readFixture("policies/_realworld/mwaa-docs-us-west-2.json"), "p.json", usWest2()));
        QVERIFY(same.access && same.access->sameAccess());
        QVERIFY(contains(renderChangeTicketMarkdown(same),
                         "## Access change\n\nThe corrections do not change who can do what with the key.\n\n## "
                         "Grant audit"));
        QVERIFY(contains(renderChangeTicketHtml(same),
                         "<h2>Access change</h2>\n<p>The corrections do not change who can do what with the "
                         "key.</p>\n<h2>Grant audit</h2>"));

        // A document that is not JSON has no access to compare.
        const ChangeTicket broken = buildChangeTicket(inputFor("{\"Statement\": [", "broken.json", usWest2()));
        QVERIFY(!broken.access);
        QVERIFY(contains(renderChangeTicketMarkdown(broken), "not valid JSON: no access comparison."));
    }

    void hostileSid()
    {
        const std::string text = R"({
    "Version": "2012-10-17",
    "Statement": [
        {"Sid": "<script>|x", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
         "Action": "kms:*", "Resource": "*"},
        {"Sid": "<script>|x", "Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
         "Action": "kms:ScheduleKeyDeletion", "Resource": "*"}
    ]
}
)";
        CheckOptions options;
        options.mwaa = false;
        const auto input = inputFor(text, "a|b<i>.json", options);
        const ChangeTicket t = buildChangeTicket(input);
        QVERIFY(!t.mwaa);
        bool sidFinding = false;
        for (const auto& f : t.before.findings) {
            sidFinding = sidFinding || (f.code == "SID_DUPLICATE" && contains(f.message, "<script>|x"));
        }
        QVERIFY(sidFinding);

        const std::string html = renderChangeTicketHtml(t);
        std::string problem;
        QVERIFY2(balancedHtml(html, &problem), problem.c_str());
        QVERIFY(!contains(html, "<script"));
        QVERIFY(!contains(html, "<i>"));
        QVERIFY(contains(html, "&lt;script&gt;|x"));
        QVERIFY(contains(html, "a|b&lt;i&gt;.json"));

        const std::string md = renderChangeTicketMarkdown(t);
        // Backslash escapes, not entities: \< is a literal "<" to a Markdown reader and reads as one in the file.
        QVERIFY(contains(md, "\\<script>\\|x"));
        QVERIFY(contains(md, "# Change ticket: key policy a\\|b\\<i>.json\n"));
        QVERIFY(!contains(md, "&lt;"));
        QVERIFY(contains(md, "The MWAA profile was off"));
        // Outside code fences nothing from the policy is raw HTML.
        bool inFence = false;
        std::istringstream lines(md);
        std::string line;
        while (std::getline(lines, line)) {
            if (line.rfind("```", 0) == 0) {
                inFence = !inFence;
                continue;
            }
            if (!inFence) {
                // Every '<' outside code is escaped (\<), so no tag can start (inline code is literal text).
                line = std::regex_replace(line, std::regex("`[^`]*`"), "``");
                for (std::size_t at = line.find('<'); at != std::string::npos; at = line.find('<', at + 1)) {
                    QVERIFY2(at > 0 && line[at - 1] == '\\', line.c_str());
                }
            }
        }
        QVERIFY(!inFence);
    }

    void fenceLongerThanBackticks()
    {
        // A Sid with a run of backticks reaches the diff; the fence must be longer so it cannot close early.
        const std::string text = "{\"Version\": \"2008-10-17\", \"Statement\": [{\"Sid\": \"a````b\", \"Effect\": "
                                 "\"Allow\", \"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:root\"}, \"Action\": "
                                 "\"kms:*\", \"Resource\": \"*\"}]}\n";
        CheckOptions options;
        options.mwaa = false;
        const std::string md = renderChangeTicketMarkdown(inputFor(text, "p.json", options));
        QVERIFY(contains(md, "`````diff\n"));
    }

    void deterministic()
    {
        const std::string text = readFixture("mwaagui/several-defects.json");
        const auto input = inputFor(text, "several-defects.json", usWest2());
        QCOMPARE(renderChangeTicketMarkdown(input), renderChangeTicketMarkdown(input));
        QCOMPARE(renderChangeTicketHtml(input), renderChangeTicketHtml(input));
    }

    void wrappedInput()
    {
        // `aws kms get-key-policy` output: the corrected policy is the inner one; the original hash is of the file.
        const std::string inner = readFixture("mwaagui/several-defects.json");
        const std::string text = nlohmann::json{{"Policy", inner}, {"PolicyName", "default"}}.dump(4) + "\n";
        const auto input = inputFor(text, "get-key-policy.json", usWest2());
        const ChangeTicket t = buildChangeTicket(input);
        QVERIFY(t.wrapped);
        QCOMPARE(t.originalSha256, qtSha256(text));
        const std::string md = renderChangeTicketMarkdown(t);
        QVERIFY(contains(md, "get-key-policy output; the diff compares its inner policy"));
        QVERIFY(contains(md, "+    \"Version\": \"2012-10-17\",\n"));
    }

    // Where the original came from: one line of the summary, in both formats.
    void originLine()
    {
        const std::string text = readFixture("mwaagui/several-defects.json");
        const std::string hash = qtSha256(text);
        struct Case
        {
            ReportOrigin origin;
            std::string markdown;
            std::string html;
        };
        using Kind = ReportOrigin::Kind;
        const std::vector<Case> cases = {
            {ReportOrigin::file("/home/a_b/policies/several-defects.json"),
             "- Original from: the file `/home/a_b/policies/several-defects.json` as read (SHA-256 `" + hash + "`)\n",
             "<li>Original from: the file <code>/home/a_b/policies/several-defects.json</code> as read (SHA-256 <code>"
                 + hash + "</code>)</li>\n"},
            {ReportOrigin::created(Kind::StandardInput),
             "- Original from: standard input (SHA-256 `" + hash + "`)\n",
             "<li>Original from: standard input (SHA-256 <code>" + hash + "</code>)</li>\n"},
            {ReportOrigin::aws("arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                               "eu-west-1",
                               "2024-05-01T12:34:56Z"),
             "- Original from: the key policy of `arn:aws:kms:eu-west-1:111122223333:key/"
             "1234abcd-12ab-34cd-56ef-1234567890ab` in eu-west-1 as fetched from AWS KMS at `2024-05-01T12:34:56Z` "
             "(SHA-256 `"
                 + hash + "`)\n",
             "<li>Original from: the key policy of <code>arn:aws:kms:eu-west-1:111122223333:key/"
             "1234abcd-12ab-34cd-56ef-1234567890ab</code> in eu-west-1 as fetched from AWS KMS at "
             "<code>2024-05-01T12:34:56Z</code> (SHA-256 <code>"
                 + hash + "</code>)</li>\n"},
            {ReportOrigin::created(Kind::New),
             "- Original from: a new document (File > New); there was no original file, so the original is the text "
             "it started with\n",
             "<li>Original from: a new document (File &gt; New); there was no original file, so the original is the "
             "text it started with</li>\n"},
            {ReportOrigin::created(Kind::Template),
             "- Original from: a new document from the MWAA template (File > New from MWAA template); there was no "
             "original file, so the original is the template's text\n",
             ""},
            {ReportOrigin::created(Kind::Clipboard),
             "- Original from: a new document pasted from the clipboard (File > Paste as new document); there was no "
             "original file, so the original is the pasted text\n",
             ""},
            {ReportOrigin::created(Kind::Restored),
             "- Original from: an untitled document restored from an autosave (the text it started with is not "
             "known); there was no original file, so the original is the restored text\n",
             ""},
        };
        for (const Case& c : cases) {
            ChangeTicketInput input = inputFor(text, "several-defects.json", usWest2(false));
            input.origin = c.origin;
            const ChangeTicket t = buildChangeTicket(input);
            QCOMPARE(t.origin, c.origin);
            const std::string md = renderChangeTicketMarkdown(t);
            QVERIFY2(contains(md, c.markdown), md.c_str());
            // Right after the original's own line, before the corrected policy's.
            QVERIFY(md.find("- Original policy: ") < md.find("- Original from: "));
            QVERIFY(md.find("- Original from: ") < md.find("- Corrected policy: "));
            const std::string html = renderChangeTicketHtml(t);
            std::string problem;
            QVERIFY2(balancedHtml(html, &problem), problem.c_str());
            QVERIFY2(c.html.empty() || contains(html, c.html), html.c_str());
        }
    }

    // Re-indenting is layout: the diff holds the lines whose content changed, and says how many others it left out.
    void reindentedPolicyDiffsContentOnly()
    {
        const std::string text = readFixture("policies/_realworld/mwaa-docs-us-west-2.json");
        QVERIFY(contains(text, "\n    \"Version\"")); // 4-space indentation
        ChangeTicketInput input = inputFor(text, "p.json", usWest2());
        // A corrected text that is also re-laid out with 2 spaces.
        input.correctedText = nlohmann::ordered_json::parse(input.correctedText).dump(2) + "\n";
        const ChangeTicket t = buildChangeTicket(input);
        QVERIFY(t.contentChanged);
        QVERIFY(t.layoutOnlyLines > 20);
        int changed = 0;
        std::istringstream lines(t.diff);
        std::string line;
        while (std::getline(lines, line)) {
            changed += (line[0] == '+' || line[0] == '-') && line.rfind("+++", 0) != 0 && line.rfind("---", 0) != 0;
        }
        QCOMPARE(changed, 2); // the logs condition's value, removed and added
        const std::string md = renderChangeTicketMarkdown(t);
        QVERIFY(contains(md,
                         std::to_string(t.layoutOnlyLines)
                             + " lines differ only in indentation or trailing spaces: the diff leaves them out"));
        // Only layout: the report says so and shows no diff.
        ChangeTicketInput layoutOnly = inputFor(text, "p.json", usWest2());
        layoutOnly.correctedText = nlohmann::ordered_json::parse(text).dump(2) + "\n";
        const ChangeTicket l = buildChangeTicket(layoutOnly);
        QVERIFY(!l.contentChanged);
        QVERIFY(l.diff.empty());
        const std::string lmd = renderChangeTicketMarkdown(l);
        QVERIFY(contains(lmd, "and the corrected policy has the same content (only the layout differs)."));
        QVERIFY(contains(lmd, "Only the layout changes; the content is the same.\n"));
        QVERIFY(!contains(lmd, "```diff"));
    }

    // The PDF's HTML (HtmlLayout::codeColumns): every line of code fits the page, a diff line wraps only after a
    // space or a comma (its words whole), a command with " \" continuations, and nothing is lost.
    void printLayoutWrapsCodeAtWords()
    {
        const std::string text = readFixture("report/long-arns.json");
        QVERIFY(!text.empty());
        CheckOptions options = usWest2();
        options.context.region = "eu-west-1";
        options.context.environment = "analytics-production";
        options.context.key = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        const ChangeTicket t = buildChangeTicket(inputFor(text, "long-arns.json", options));
        const std::size_t needed = printCodeColumnsNeeded(t);
        QVERIFY(needed > 100); // the MWAA role's line is 108 columns: too wide for 7.5 pt on A4
        QVERIFY(needed < 120);

        // The browser's HTML keeps each line whole and has no word joiners.
        const std::string screen = renderChangeTicketHtml(t);
        QVERIFY(!contains(screen, "\xE2\x81\xA0"));
        QVERIFY(!contains(screen, "&#8618;"));
        QVERIFY(contains(screen, "white-space: pre; overflow-x: auto"));

        for (const std::size_t columns : {needed, std::size_t{90}, std::size_t{60}}) {
            HtmlLayout layout;
            layout.codeColumns = columns;
            layout.codeTenthsOfPoint = 65;
            const std::string html = renderChangeTicketHtml(t, layout);
            std::string problem;
            QVERIFY2(balancedHtml(html, &problem), problem.c_str());
            QVERIFY(contains(html, "pre { font-family: monospace; font-size: 6.5pt;"));
            // The text of the <pre> blocks, as a reader sees it.
            std::vector<std::string> lines;
            for (std::size_t at = html.find("<pre>"); at != std::string::npos; at = html.find("<pre>", at + 1)) {
                std::string block = html.substr(at + 5, html.find("</pre>", at) - at - 5);
                block = std::regex_replace(block, std::regex("<[^>]*>"), "");
                block = std::regex_replace(block, std::regex("&#8618;"), "\xE2\x86\xAA");
                block = std::regex_replace(block, std::regex("&quot;"), "\"");
                block = std::regex_replace(block, std::regex("&lt;"), "<");
                block = std::regex_replace(block, std::regex("&gt;"), ">");
                block = std::regex_replace(block, std::regex("&#39;"), "'");
                block = std::regex_replace(block, std::regex("&amp;"), "&");
                std::istringstream in(block);
                for (std::string line; std::getline(in, line);) {
                    lines.push_back(line);
                }
            }
            std::string joinedDiff;
            std::string joinedCommands;
            bool commands = false;
            for (std::size_t i = 0; i < lines.size(); ++i) {
                const std::string& line = lines[i];
                const std::size_t width = QString::fromStdString(line).toUcs4().size();
                if (columns >= needed) {
                    QVERIFY2(width <= columns, line.c_str());
                }
                commands = commands || line.rfind("sha256sum ", 0) == 0;
                if (commands) {
                    joinedCommands += line + "\n";
                    continue;
                }
                if (line.rfind("\xE2\x86\xAA", 0) == 0) {
                    // A continuation: the previous piece ended after a space or a comma (when the page is wide
                    // enough for every word), and its own words are whole.
                    if (columns >= needed) {
                        const char last = joinedDiff[joinedDiff.size() - 1];
                        QVERIFY2(last == ' ' || last == ',', joinedDiff.c_str());
                    }
                    joinedDiff += line.substr(line.find_first_not_of(' ', 3));
                } else {
                    joinedDiff += (joinedDiff.empty() ? "" : "\n") + line;
                }
            }
            QCOMPARE(joinedDiff + "\n", t.diff); // nothing lost, nothing added
            // The commands: continuations joined give the commands as the Markdown report writes them.
            std::string command = std::regex_replace(joinedCommands, std::regex(" \\\\\n    "), " ");
            QVERIFY2(contains(command, t.put.command + "\n"), command.c_str());
            QVERIFY(contains(command, "sha256sum long-arns.corrected.json"));
            QVERIFY(contains(command, "# must print " + t.correctedSha256));
            // Every ARN in prose is code; for print, its hyphens and slashes carry word joiners.
            QVERIFY(contains(html,
                             "<code>arn:aws:logs:eu-\xE2\x81\xA0west-\xE2\x81\xA0"
                             "1:"));
            QVERIFY(contains(html, "<code>mwaa-\xE2\x81\xA0grant-\xE2\x81\xA0"));
        }
    }

    void withGrants()
    {
        const std::string text = readFixture("policies/_realworld/mwaa-docs-us-west-2.json");
        CheckOptions options = usWest2();
        options.context.environment = "analytics";
        options.context.region = "eu-west-1";
        options.context.key = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        options.grants = *mwaa::readGrantsDocument(readFixture("grants/missing-one.json"), "/tmp/x/missing-one.json");
        const ChangeTicket t = buildChangeTicket(inputFor(text, "p.json", options));
        QVERIFY(t.grantsLoaded);
        const std::string md = renderChangeTicketMarkdown(t);
        QVERIFY(contains(md, "## Grant audit\n\nEvery grant on the key, reviewed"));
        QVERIFY(contains(md, "| Grants | loaded: 3 grants from missing-one.json (aws kms list-grants output) | |"));
        QVERIFY(contains(md, "| missing |"));
        QVERIFY(contains(md, "`MWAA_GRANT_MISSING`"));
        // A grant finding is located in the listing, named without its directory (the report does not depend on
        // where it ran).
        QVERIFY(contains(md, "| missing-one.json:2:15 |"));
        QVERIFY(!contains(md, "/tmp/x"));
        QVERIFY(t.grantsToReview.empty()); // a missing grant is nothing to revoke
    }

    /// The grant audit of the report: every environment's matrix, the other grants, and for each flagged grant the
    /// command a reviewer would run to revoke it.
    void grantAuditAndRevokeCommands()
    {
        const std::string text = readFixture("policies/_realworld/mwaa-docs-us-west-2.json");
        CheckOptions options = usWest2();
        options.context.environment = "analytics";
        options.context.region = "eu-west-1";
        options.grants = *mwaa::readGrantsDocument(readFixture("grants/cross-account.json"), "cross-account.json");
        const ChangeTicket t = buildChangeTicket(inputFor(text, "p.json", options));
        QCOMPARE(t.grantsToReview.size(), std::size_t(1));
        const GrantToReview& r = t.grantsToReview[0];
        QCOMPARE(r.label, std::string("partner-etl"));
        QCOMPARE(r.grantClass, std::string("other-account"));
        QCOMPARE(r.codes, (std::vector<std::string>{"GRANT_CROSS_ACCOUNT", "GRANT_CAN_REGRANT"}));
        QCOMPARE(r.command,
                 std::string("aws kms revoke-grant --key-id "
                             "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab --grant-id "
                             "a1f3c8e2d4b6a8c0e2f4a6b8c0d2e4f6a8b0c2d4e6f8a0b2c4d6e8f0a2b4c6d8 --region eu-west-1"));
        const std::string md = renderChangeTicketMarkdown(t);
        QVERIFY(contains(md, "### Environment analytics\n"));
        QVERIFY(contains(md,
                         "### Other grants\n\n| Name | Grantee | Retiring principal | Operations | Constraints | "
                         "Created | Class |"));
        QVERIFY(contains(md, "| partner-etl | arn:aws:iam::444455556666:role/partner-etl |"));
        QVERIFY(contains(md, "### Grants to review\n\nGrants with a finding of severity warning or worse"));
        QVERIFY(contains(md, "Keypolicy never runs them"));
        QVERIFY(contains(md, "```sh\n# partner-etl\n" + r.command + "\n```"));
        QVERIFY(contains(md, "| cross-account.json:84:33 |"));
        const std::string html = renderChangeTicketHtml(t);
        std::string problem;
        QVERIFY2(balancedHtml(html, &problem), problem.c_str());
        QVERIFY(contains(html, "<h3>Grants to review</h3>"));
        QVERIFY(contains(html, "<pre># partner-etl\n" + r.command + "\n</pre>"));

        // Without a key ARN in the listing or the context: placeholders, never a guessed key.
        mwaa::GrantEntry bare;
        const mwaa::GrantAudit empty;
        QCOMPARE(revokeGrantCommand(bare, empty),
                 std::string("aws kms revoke-grant --key-id <KEY_ID> --grant-id <GRANT_ID>"));
        bare.grantId = "g 1";
        bare.keyId = "1234abcd-12ab-34cd-56ef-1234567890ab";
        QCOMPARE(revokeGrantCommand(bare, empty),
                 std::string("aws kms revoke-grant --key-id 1234abcd-12ab-34cd-56ef-1234567890ab --grant-id 'g 1'"));
    }
};

QTEST_GUILESS_MAIN(TestChangeTicket)
#include "tst_changeticket.moc"
