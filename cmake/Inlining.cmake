# SPDX-License-Identifier: GPL-3.0-or-later
# kps_tuned_inlining(target): lets GCC inline more in optimised builds of the checker. nlohmann's lexer is one large
# function that calls std::string::push_back and its other small helpers once per character; at -O3 GCC's growth
# limits leave those calls out of line, so parsing a policy spent a fifth of its instructions on call overhead
# (docs/performance.md, fifth round: nlohmann's parse -21%, SourceDocument::parse -11%, the rules -9%). Applied to
# kps_core, the command line and the benchmarks alike, so that the benchmarks' plain nlohmann parse, the
# denominator of the check/parse ratio, is compiled the same way. Clang and Debug builds are left as they are.
# -Wno-restrict: with the deeper inlining GCC 12 reports its known false positive (GCC bugzilla 105329 and related reports: a memcpy "may
# overlap" inside `"literal" + std::string`) at seven places of kps_core; clang's -Werror trees keep the check.
option(KPS_TUNED_INLINING "GCC optimised builds: raise the inliner's limits for the checker and the benchmarks" ON)

function(kps_tuned_inlining target)
    if(KPS_TUNED_INLINING AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
        target_compile_options(${target} PRIVATE
            "$<$<NOT:$<CONFIG:Debug>>:--param=inline-unit-growth=200;--param=large-function-growth=400;--param=max-inline-insns-auto=60;-Wno-restrict>")
    endif()
endfunction()
