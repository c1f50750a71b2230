# SPDX-License-Identifier: GPL-3.0-or-later
# cmake -DGENERATOR=exe -DARGS="a;b" -DEXPECTED=file -DOUT=file -DREGENERATE="command" -P CompareGenerated.cmake
# Runs a generator and fails, with a diff and the command that regenerates the file, when its output differs from
# the committed file.
execute_process(COMMAND ${GENERATOR} ${ARGS} OUTPUT_FILE ${OUT} RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${GENERATOR} failed (${rc}): ${err}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${EXPECTED} ${OUT} RESULT_VARIABLE differ)
if(differ)
    find_program(DIFF diff)
    if(DIFF)
        execute_process(COMMAND ${DIFF} -u ${EXPECTED} ${OUT} OUTPUT_VARIABLE delta)
    endif()
    message(FATAL_ERROR "${EXPECTED} is out of date: it differs from the generator's output (${OUT}).\n"
                        "${delta}\nRegenerate it with:\n    ${REGENERATE}\nand commit the result.")
endif()
message(STATUS "${EXPECTED} is up to date")
