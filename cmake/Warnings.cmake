# SPDX-License-Identifier: GPL-3.0-or-later
# One INTERFACE target carries the warning flags; every target of ours links it.
add_library(kps_warnings INTERFACE)
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(kps_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
        -Wold-style-cast -Woverloaded-virtual -Wformat=2)
    if(KPS_WERROR)
        target_compile_options(kps_warnings INTERFACE -Werror)
    endif()
elseif(MSVC)
    target_compile_options(kps_warnings INTERFACE /W4 /permissive-)
endif()
