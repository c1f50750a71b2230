// SPDX-License-Identifier: GPL-3.0-or-later
// check() against nlohmann::ordered_json::parse of the same text: the checker should cost a small multiple of
// parsing (target: check <= 3x parse, and a full 32 KB policy in under 1 ms).
#include "PolicyGenerator.h"

#include "core/checker/Checker.h"
#include "core/json/SourceDocument.h"

#include <benchmark/benchmark.h>

namespace {

using namespace kps;

/// Policy size classes: the ~3 KB typical MWAA policy, the ~32 KB one, and the same ~32 KB policy minified to one
/// line (what a policy copied from the console or `aws kms get-key-policy` looks like; one long line is the worst
/// case for line/column computation).
constexpr int Typical = 3;
constexpr int Large = 32;
constexpr int LargeMinified = 320;

const std::string& policyText(int size)
{
    static const std::string small = bench::typicalMwaaPolicy();
    static const std::string large = bench::largePolicy();
    static const std::string minified = Json::parse(large).dump();
    return size == Typical ? small : size == LargeMinified ? minified : large;
}

CheckOptions mwaaOptions()
{
    CheckOptions options;
    options.context.region = bench::Region;
    options.context.account = bench::Account;
    options.context.environment = bench::Environment;
    options.context.key = std::string("arn:aws:kms:") + bench::Region + ":" + bench::Account
        + ":key/1234abcd-12ab-34cd-56ef-1234567890ab";
    return options;
}

void setCounters(benchmark::State& state, const std::string& text)
{
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
    state.counters["bytes"] = static_cast<double>(text.size());
}

/** What the CLI and the editor run: parse with positions, then every rule (MWAA profile on, full context). */
void BM_Check(benchmark::State& state)
{
    const auto& text = policyText(static_cast<int>(state.range(0)));
    const auto options = mwaaOptions();
    for (auto _ : state) {
        auto result = check(text, options);
        benchmark::DoNotOptimize(result);
    }
    setCounters(state, text);
}

/** The baseline: nlohmann's own parser building the same ordered DOM, no positions, no rules. */
void BM_Parse(benchmark::State& state)
{
    const auto& text = policyText(static_cast<int>(state.range(0)));
    for (auto _ : state) {
        auto json = Json::parse(text);
        benchmark::DoNotOptimize(json);
    }
    setCounters(state, text);
}

/** The share of check() spent in SourceDocument::parse (positions, duplicate keys, charset). */
void BM_SourceDocument(benchmark::State& state)
{
    const auto& text = policyText(static_cast<int>(state.range(0)));
    for (auto _ : state) {
        auto doc = SourceDocument::parse(text);
        benchmark::DoNotOptimize(doc);
    }
    setCounters(state, text);
}

/** The rules alone, on a parsed document. */
void BM_Rules(benchmark::State& state)
{
    const auto& text = policyText(static_cast<int>(state.range(0)));
    const auto doc = SourceDocument::parse(text);
    const auto options = mwaaOptions();
    for (auto _ : state) {
        auto result = check(doc, options);
        benchmark::DoNotOptimize(result);
    }
    setCounters(state, text);
}

} // namespace

// Argument: policy size class, 3 (~3 KB typical MWAA policy), 32 (~32 KB, just under the quota) or 320 (the ~32 KB
// policy minified to one line).
BENCHMARK(BM_Check)->Arg(Typical)->Arg(Large)->Arg(LargeMinified)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Parse)->Arg(Typical)->Arg(Large)->Arg(LargeMinified)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_SourceDocument)->Arg(Typical)->Arg(Large)->Arg(LargeMinified)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Rules)->Arg(Typical)->Arg(Large)->Arg(LargeMinified)->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
