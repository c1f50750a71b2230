// SPDX-License-Identifier: GPL-3.0-or-later
// check() with the generic rules only and with the MWAA profile, on ~1 KB, ~3 KB and ~32 KB policies, next to
// nlohmann::ordered_json::parse of the same text (targets: 32 KB under 1 ms; check <= 3x parse).
#include "PolicyGenerator.h"

#include "core/checker/Checker.h"
#include "core/json/Format.h"
#include "core/json/SourceDocument.h"

#include <benchmark/benchmark.h>

namespace {

using namespace kps;

const std::string& policyText(int size)
{
    static const std::string one = bench::smallPolicy();
    static const std::string three = bench::typicalMwaaPolicy();
    static const std::string large = bench::largePolicy();
    return size == 1 ? one : size == 3 ? three : large;
}

CheckOptions options(bool mwaa)
{
    CheckOptions o;
    o.mwaa = mwaa;
    o.context.region = bench::Region;
    o.context.account = bench::Account;
    o.context.environment = bench::Environment;
    o.context.key = std::string("arn:aws:kms:") + bench::Region + ":" + bench::Account
        + ":key/1234abcd-12ab-34cd-56ef-1234567890ab";
    return o;
}

void setCounters(benchmark::State& state, const std::string& text)
{
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
    state.counters["bytes"] = static_cast<double>(text.size());
}

void BM_SizeParse(benchmark::State& state)
{
    const auto& text = policyText(static_cast<int>(state.range(0)));
    for (auto _ : state) {
        auto json = Json::parse(text);
        benchmark::DoNotOptimize(json);
    }
    setCounters(state, text);
}

void BM_SizeCheckGeneric(benchmark::State& state)
{
    const auto& text = policyText(static_cast<int>(state.range(0)));
    const auto o = options(false);
    for (auto _ : state) {
        auto result = check(text, o);
        benchmark::DoNotOptimize(result);
    }
    setCounters(state, text);
}

void BM_SizeCheckMwaa(benchmark::State& state)
{
    const auto& text = policyText(static_cast<int>(state.range(0)));
    const auto o = options(true);
    for (auto _ : state) {
        auto result = check(text, o);
        benchmark::DoNotOptimize(result);
    }
    setCounters(state, text);
}

/** The fastest repetition beside the median: on a shared machine it is the one least disturbed by other work. */
double fastest(const std::vector<double>& times)
{
    return *std::min_element(times.begin(), times.end());
}

} // namespace

BENCHMARK(BM_SizeParse)->Arg(1)->Arg(3)->Arg(32)->Unit(benchmark::kMicrosecond)->ComputeStatistics("min", fastest);
BENCHMARK(BM_SizeCheckGeneric)
    ->Arg(1)
    ->Arg(3)
    ->Arg(32)
    ->Unit(benchmark::kMicrosecond)
    ->ComputeStatistics("min", fastest);
BENCHMARK(BM_SizeCheckMwaa)->Arg(1)->Arg(3)->Arg(32)->Unit(benchmark::kMicrosecond)->ComputeStatistics("min", fastest);

BENCHMARK_MAIN();
