// SPDX-License-Identifier: GPL-3.0-or-later
// The line diff shared by `Show diff to original` and the change-ticket report.
#include "core/render/Diff.h"

#include <QTest>

#include <random>

using namespace kps::render;
using Kind = DiffLine::Kind;

namespace {

std::size_t lcsLength(const std::vector<std::string>& a, const std::vector<std::string>& b)
{
    std::vector<std::vector<std::size_t>> t(a.size() + 1, std::vector<std::size_t>(b.size() + 1, 0));
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j) {
            t[i][j] = a[i - 1] == b[j - 1] ? t[i - 1][j - 1] + 1 : std::max(t[i - 1][j], t[i][j - 1]);
        }
    }
    return t[a.size()][b.size()];
}

} // namespace

class TestDiff : public QObject
{
    Q_OBJECT

private slots:
    void splitsLines();
    void identicalTextsHaveNoChanges();
    void insertionAndRemoval();
    void scriptIsMinimalAndReproducesBothSides();
    void unifiedFormatMatchesDiffU();
    void unifiedSeparatesDistantHunks();
    void exactLineEndsMatchDiffU();
    void contentDiffLeavesOutIndentation();
};

void TestDiff::splitsLines()
{
    QCOMPARE(splitLines(""), std::vector<std::string>{});
    QCOMPARE(splitLines("a"), std::vector<std::string>{"a"});
    QCOMPARE(splitLines("a\n"), std::vector<std::string>{"a"});
    QCOMPARE(splitLines("a\r\nb\n\nc"), (std::vector<std::string>{"a", "b", "", "c"}));
}

void TestDiff::identicalTextsHaveNoChanges()
{
    const auto diff = diffTexts("x\ny\n", "x\r\ny\n");
    QCOMPARE(diff.size(), std::size_t{2});
    QVERIFY(isUnchanged(diff));
    QCOMPARE(unifiedDiff("x\ny\n", "x\ny\n", "a", "b"), std::string());
}

void TestDiff::insertionAndRemoval()
{
    const auto diff = diffTexts("a\nb\nc\n", "a\nX\nc\nd\n");
    QCOMPARE(diff.size(), std::size_t{5});
    QCOMPARE(diff[0].kind, Kind::Same);
    QCOMPARE(diff[1].kind, Kind::Removed);
    QCOMPARE(diff[1].text, std::string("b"));
    QCOMPARE(diff[1].oldLine, std::size_t{2});
    QCOMPARE(diff[1].newLine, std::size_t{0});
    QCOMPARE(diff[2].kind, Kind::Added);
    QCOMPARE(diff[2].text, std::string("X"));
    QCOMPARE(diff[2].newLine, std::size_t{2});
    QCOMPARE(diff[3].kind, Kind::Same);
    QCOMPARE(diff[3].oldLine, std::size_t{3});
    QCOMPARE(diff[3].newLine, std::size_t{3});
    QCOMPARE(diff[4].kind, Kind::Added);
    QCOMPARE(diff[4].newLine, std::size_t{4});
    QVERIFY(!isUnchanged(diff));
    // Everything removed / everything added.
    QCOMPARE(diffTexts("a\nb\n", "").size(), std::size_t{2});
    QCOMPARE(diffTexts("", "a\n")[0].kind, Kind::Added);
}

void TestDiff::scriptIsMinimalAndReproducesBothSides()
{
    std::mt19937 random(20261129);
    std::uniform_int_distribution<int> length(0, 14);
    std::uniform_int_distribution<int> letter(0, 3);
    for (int round = 0; round < 400; ++round) {
        std::vector<std::string> a(static_cast<std::size_t>(length(random)));
        std::vector<std::string> b(static_cast<std::size_t>(length(random)));
        for (auto& s : a) {
            s = std::string(1, static_cast<char>('a' + letter(random)));
        }
        for (auto& s : b) {
            s = std::string(1, static_cast<char>('a' + letter(random)));
        }
        const auto diff = diffLines(a, b);
        std::vector<std::string> oldSide;
        std::vector<std::string> newSide;
        std::size_t same = 0;
        for (const DiffLine& line : diff) {
            if (line.kind != Kind::Added) {
                oldSide.push_back(line.text);
                QCOMPARE(line.oldLine, oldSide.size());
            }
            if (line.kind != Kind::Removed) {
                newSide.push_back(line.text);
                QCOMPARE(line.newLine, newSide.size());
            }
            same += line.kind == Kind::Same ? 1 : 0;
        }
        QCOMPARE(oldSide, a);
        QCOMPARE(newSide, b);
        QCOMPARE(same, lcsLength(a, b)); // shortest edit script = longest common subsequence kept
    }
}

void TestDiff::unifiedFormatMatchesDiffU()
{
    // Expected text produced by GNU `diff -u` (headers replaced by the names given).
    const std::string before = "{\n  \"Version\": \"2008-10-17\",\n  \"Statement\": [\n    1\n  ]\n}\n";
    const std::string after = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    1\n  ]\n}\n";
    QCOMPARE(unifiedDiff(before, after, "original.json", "corrected.json"),
             std::string("--- original.json\n+++ corrected.json\n@@ -1,5 +1,5 @@\n {\n-  \"Version\": \"2008-10-17\",\n"
                         "+  \"Version\": \"2012-10-17\",\n   \"Statement\": [\n     1\n   ]\n"));
    QCOMPARE(unifiedDiff("a\n", "a\nb\n", "x", "y"), std::string("--- x\n+++ y\n@@ -1 +1,2 @@\n a\n+b\n"));
    QCOMPARE(unifiedDiff("a\nb\n", "b\n", "x", "y"), std::string("--- x\n+++ y\n@@ -1,2 +1 @@\n-a\n b\n"));
    QCOMPARE(unifiedDiff("", "a\n", "x", "y"), std::string("--- x\n+++ y\n@@ -0,0 +1 @@\n+a\n"));
}

void TestDiff::unifiedSeparatesDistantHunks()
{
    std::string before;
    for (int i = 1; i <= 20; ++i) {
        before += std::to_string(i) + "\n";
    }
    std::string after = before;
    after.replace(after.find("2\n"), 2, "two\n");
    after.replace(after.find("\n19\n") + 1, 3, "nineteen\n");
    QCOMPARE(unifiedDiff(before, after, "x", "y"),
             std::string("--- x\n+++ y\n@@ -1,5 +1,5 @@\n 1\n-2\n+two\n 3\n 4\n 5\n"
                         "@@ -16,5 +16,5 @@\n 16\n 17\n 18\n-19\n+nineteen\n 20\n"));
}

void TestDiff::exactLineEndsMatchDiffU()
{
    // Expected texts produced by GNU `diff -u` (headers replaced by the names given).
    constexpr auto exact = LineEnds::Exact;
    QCOMPARE(unifiedDiff("x\ny\n", "x\ny\n", "a", "b", 3, exact), std::string());
    QCOMPARE(unifiedDiff("x\r\ny\n", "x\ny", "a", "b", 3, exact),
             std::string("--- a\n+++ b\n@@ -1,2 +1,2 @@\n-x\r\n-y\n+x\n+y\n\\ No newline at end of file\n"));
    QCOMPARE(unifiedDiff("a\nb", "a\nb\n", "x", "y", 3, exact),
             std::string("--- x\n+++ y\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n"));
    QCOMPARE(unifiedDiff("", "a", "x", "y", 3, exact),
             std::string("--- x\n+++ y\n@@ -0,0 +1 @@\n+a\n\\ No newline at end of file\n"));
    QCOMPARE(unifiedDiff("\n", "", "x", "y", 3, exact), std::string("--- x\n+++ y\n@@ -1 +0,0 @@\n-\n"));
    // The same texts compared ignoring line ends have no difference.
    QCOMPARE(unifiedDiff("x\r\ny\n", "x\ny", "a", "b"), std::string());
}

void TestDiff::contentDiffLeavesOutIndentation()
{
    // 2-space indentation re-indented with 4 and one value changed: one changed line, not the whole file twice.
    const std::string before
        = "{\n  \"Version\": \"2008-10-17\",\n  \"Statement\": [\n    1\n  ],\n  \"Id\": \"x\"\n}\n";
    const std::string after
        = "{\n    \"Version\": \"2012-10-17\",\n    \"Statement\": [\n        1\n    ],\n    \"Id\": \"x\"  \n}\n";
    const ContentDiff diff = unifiedContentDiff(before, after, "a", "b");
    // Removed lines as they were, context and added lines as they are now.
    QCOMPARE(diff.diff,
             std::string("--- a\n+++ b\n@@ -1,5 +1,5 @@\n {\n-  \"Version\": \"2008-10-17\",\n"
                         "+    \"Version\": \"2012-10-17\",\n     \"Statement\": [\n         1\n     ],\n"));
    QCOMPARE(diff.layoutOnlyLines, std::size_t{4}); // "Statement", 1, "]," and "Id" (trailing spaces)
    // Only layout: no diff, every re-indented line counted; equal texts: nothing at all.
    const ContentDiff layout = unifiedContentDiff("{\n  \"a\": 1\n}\n", "{\n\t\"a\": 1\n}\n", "a", "b");
    QCOMPARE(layout.diff, std::string());
    QCOMPARE(layout.layoutOnlyLines, std::size_t{1});
    const ContentDiff same = unifiedContentDiff(before, before, "a", "b");
    QCOMPARE(same.diff, std::string());
    QCOMPARE(same.layoutOnlyLines, std::size_t{0});
    // Whitespace inside a line is content (it may be inside a string).
    QVERIFY(!unifiedContentDiff("{\"a\": \"x y\"}\n", "{\"a\": \"x  y\"}\n", "a", "b").diff.empty());
    // An insertion whose braces match others at another depth: without indentation nothing is saved, so the diff is
    // unifiedDiff's and no line is called re-indented.
    const std::string list = "[\n    {\n        \"a\": 1\n    }\n]\n";
    const std::string grown
        = "[\n    {\n        \"a\": 1\n    },\n    {\n        \"b\": {\n            \"c\": 2\n        }\n    }\n]\n";
    const ContentDiff insertion = unifiedContentDiff(list, grown, "a", "b");
    QCOMPARE(insertion.diff, unifiedDiff(list, grown, "a", "b"));
    QCOMPARE(insertion.layoutOnlyLines, std::size_t{0});
    // Line ends are ignored, as in unifiedDiff's LineEnds::Ignore.
    QCOMPARE(unifiedContentDiff("{\r\n}\r\n", "{\n}", "a", "b").diff, std::string());
}

QTEST_GUILESS_MAIN(TestDiff)
#include "tst_diff.moc"
