# SPDX-License-Identifier: GPL-3.0-or-later
# kps_add_test(<name> SOURCES a.cpp... LIBS lib... [GUI] [LABELS l...])
# One QtTest executable per unit, linked to its own layer plus Qt6::Test. GUI tests run on the offscreen platform.
set(KPS_TEST_DATA_DIR ${PROJECT_SOURCE_DIR}/tests/data)
function(kps_add_test name)
    cmake_parse_arguments(ARG "GUI" "" "SOURCES;LIBS;LABELS" ${ARGN})
    add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE ${ARG_LIBS} Qt6::Test kps_warnings)
    target_compile_definitions(${name} PRIVATE KPS_TEST_DATA_DIR="${KPS_TEST_DATA_DIR}"
        KPS_SOURCE_DIR="${PROJECT_SOURCE_DIR}" KPS_BINARY_DIR="${PROJECT_BINARY_DIR}")
    add_test(NAME ${name} COMMAND ${name})
    # QtTest's own watchdog (300 s per test function) is lifted: ctest's TIMEOUT is the one limit.
    set(env "QT_QPA_PLATFORM=offscreen" "QT_LOGGING_RULES=qt.qpa.*=false" "QTEST_FUNCTION_TIMEOUT=3600000"
        "ASAN_OPTIONS=detect_leaks=1:abort_on_error=0" "UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1")
    set_tests_properties(${name} PROPERTIES ENVIRONMENT "${env}" TIMEOUT 300)
    if(ARG_LABELS)
        set_tests_properties(${name} PROPERTIES LABELS "${ARG_LABELS}")
    endif()
endfunction()
