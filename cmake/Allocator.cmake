# SPDX-License-Identifier: GPL-3.0-or-later
# kps_fast_allocator(target): the executable allocates with mimalloc (Debian: libmimalloc-dev) instead of glibc's
# malloc. The checker allocates many small strings and vectors per policy; with mimalloc `keypolicy check` over a
# folder runs about a quarter faster (docs/performance.md). Linking the shared library is enough: it replaces
# malloc/free/new/delete for the whole process. Sanitizer and fuzzer builds keep their own allocator.
option(KPS_MIMALLOC "Link the command line and the benchmarks with mimalloc" ON)

set(KPS_HAVE_MIMALLOC OFF)
if(KPS_MIMALLOC AND NOT KPS_SANITIZE AND NOT KPS_FUZZ)
    find_package(mimalloc CONFIG QUIET)
    if(TARGET mimalloc)
        set(KPS_HAVE_MIMALLOC ON)
    else()
        message(WARNING "mimalloc not found (Debian: libmimalloc-dev): the executables use glibc's malloc")
    endif()
endif()

# --no-as-needed: nothing references mimalloc's own symbols, yet it must stay in the link to replace malloc.
set(CMAKE_LINK_LIBRARY_USING_KPS_NO_AS_NEEDED "LINKER:--push-state,--no-as-needed" "<LINK_ITEM>" "LINKER:--pop-state")
set(CMAKE_LINK_LIBRARY_USING_KPS_NO_AS_NEEDED_SUPPORTED TRUE)

function(kps_fast_allocator target)
    if(KPS_HAVE_MIMALLOC)
        target_link_libraries(${target} PRIVATE "$<LINK_LIBRARY:KPS_NO_AS_NEEDED,mimalloc>")
    endif()
endfunction()
