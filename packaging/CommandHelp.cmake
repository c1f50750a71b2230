# SPDX-License-Identifier: GPL-3.0-or-later
# cmake -DEXE=keypolicy -DCOMMAND=fetch -DOUT=file -P CommandHelp.cmake
# Writes what `keypolicy COMMAND --help` prints to OUT (for kps-manpage); fails when the command does not answer.
execute_process(COMMAND ${EXE} ${COMMAND} --help OUTPUT_FILE ${OUT}.tmp RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "`keypolicy ${COMMAND} --help` failed (${rc}): ${err}")
endif()
file(RENAME ${OUT}.tmp ${OUT})
